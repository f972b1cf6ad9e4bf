using CreditFunctions.Documents;

namespace CreditFunctions.Ledgers.Myob;

/// <summary>
/// Maps credit notes to and from MYOB's wire types. Pure. A receivable credit note is a negative Service sale
/// (Sale/Invoice/Service, M2; A4) with every line negative; a payable one is its purchase twin, a negative Service bill
/// (Purchase/Bill/Service with a Supplier: the SDK's Contracts/Version2/Purchase/Bill.cs), settled by
/// Purchase/DebitSettlement ("a reference to the bill from where the debit note came from", DebitSettlement.cs).
/// </summary>
internal static class MyobCreditNoteMapper
{
    /// <summary>Contract §2: Number string (13). It is the read-back key, so it must fit whole.</summary>
    public const int MaxNumberLength = 13;

    /// <summary>The status word a deleted (voided) document reports: MYOB has no void status; the record is gone.</summary>
    public const string Deleted = "DELETED";

    public static string DocumentRoute(CreditNoteKind kind) => kind == CreditNoteKind.Receivable ? "Sale/Invoice/Service" : "Purchase/Bill/Service";

    /// <summary>All layouts: the invoices (bills) a credit may be applied to, whatever layout they were raised in.</summary>
    public static string TargetRoute(CreditNoteKind kind) => kind == CreditNoteKind.Receivable ? "Sale/Invoice" : "Purchase/Bill";

    public static string SettlementRoute(CreditNoteKind kind) => kind == CreditNoteKind.Receivable ? "Sale/CreditSettlement" : "Purchase/DebitSettlement";

    /// <summary>The GL memo (contract §2: "useful for the source document id") that tells our document from another with its number.</summary>
    public static string Memo(CreditNote note) => $"CreditFunctions {note.Id}";

    /// <summary>The wire document for <paramref name="note"/>, or why MYOB must not get it.</summary>
    public static LedgerResult<MyobSale> ToWire(
        CreditNote note,
        string cardUid,
        IReadOnlyDictionary<string, (string Uid, bool IsHeader)> accounts,
        IReadOnlyDictionary<string, string> taxCodes,
        MyobOptions options,
        string? uid = null,
        string? rowVersion = null)
    {
        if (note.Number.Length is 0 or > MaxNumberLength)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"Credit note number {note.Number} does not fit MYOB's {MaxNumberLength}-character Number, the key it is found by.");
        }

        if (note.Lines.Count == 0 || note.Lines.Any(l => l.LineAmount <= 0m))
        {
            // M2: a document with lines of both signs posts as a normal sale, not a credit. Every line must be negative.
            return new LedgerFailure(LedgerFailureKind.Validation, $"Credit note {note.Number} has a line that is not a credit (zero or a charge); MYOB would post a mixed-sign document as a normal sale (ledger-apis.md M2), so it is not sent.");
        }

        var lines = new List<MyobSaleLine>();
        foreach (var line in note.Lines)
        {
            var displayId = options.AccountCodes.GetValueOrDefault(line.AccountCode, line.AccountCode);
            if (!accounts.TryGetValue(displayId, out var account))
            {
                return new LedgerFailure(LedgerFailureKind.Validation, $"Account {displayId} (account code {line.AccountCode}) is not in the MYOB company file; add it or map the code (Myob:AccountCodes).");
            }

            if (account.IsHeader)
            {
                return new LedgerFailure(LedgerFailureKind.Validation, $"Account {displayId} is a header account in MYOB and cannot take postings (contract §7).");
            }

            var code = note.AmountsAre == AmountsAre.NoTax || line.TaxType is null
                ? options.NoTaxCode
                : options.TaxCodes.GetValueOrDefault(line.TaxType, line.TaxType);
            if (!taxCodes.TryGetValue(code, out var taxUid))
            {
                return new LedgerFailure(LedgerFailureKind.Validation, $"Tax code {code} (tax type {line.TaxType ?? "none"}) is not in the MYOB company file; map it (Myob:TaxCodes).");
            }

            lines.Add(new MyobSaleLine
            {
                Type = "Transaction",
                Description = line.Description,
                Total = -line.LineAmount,
                Account = MyobLink.To(account.Uid),
                TaxCode = MyobLink.To(taxUid),
            });
        }

        var card = MyobLink.To(cardUid);
        return LedgerResult<MyobSale>.Ok(new MyobSale
        {
            UID = uid,
            RowVersion = rowVersion,
            Number = note.Number,
            Date = MyobJson.FormatDate(note.Date),
            Customer = note.Kind == CreditNoteKind.Receivable ? card : null,
            Supplier = note.Kind == CreditNoteKind.Payable ? card : null,
            IsTaxInclusive = note.AmountsAre == AmountsAre.Inclusive,
            JournalMemo = Memo(note),
            Lines = lines,
        });
    }

    /// <summary>The port's view: amounts positive (a credit of 220 reads back with TotalAmount −220, BalanceDueAmount −(unused)).</summary>
    public static LedgerDocument ToDocument(MyobSale sale, IReadOnlyList<LedgerAllocation> allocations, CreditNote? note = null) =>
        new(sale.UID ?? "", sale.Number ?? "", sale.Status ?? "", -(sale.TotalAmount ?? 0m), -(sale.BalanceDueAmount ?? 0m), allocations)
        {
            MatchesNote = note is null ? null : Matches(sale, note),
        };

    /// <summary>Whether <paramref name="sale"/> is <paramref name="note"/>'s document: our memo names it (or, with no memo, the date and lines agree).</summary>
    public static bool IsSameDocument(MyobSale sale, CreditNote note) =>
        sale.JournalMemo is { Length: > 0 } memo ? string.Equals(memo, Memo(note), StringComparison.Ordinal) : Matches(sale, note);

    /// <summary>Whether the document's content is this version of the note: date, and every line's description and amount.</summary>
    public static bool Matches(MyobSale sale, CreditNote note)
    {
        var lines = (sale.Lines ?? []).Where(l => l.Type is null or "Transaction").ToList();
        return MyobJson.ParseDate(sale.Date) == note.Date
               && lines.Count == note.Lines.Count
               && lines.Zip(note.Lines).All(p => p.First.Total == -p.Second.LineAmount && string.Equals(p.First.Description ?? "", p.Second.Description, StringComparison.Ordinal));
    }

    /// <summary>One allocation per settlement line: the settlement's UID, the invoice number, the amount and date.</summary>
    public static IReadOnlyList<LedgerAllocation> Allocations(IEnumerable<MyobSettlement> settlements) =>
        [.. settlements.SelectMany(s => (s.Lines ?? []).Select(l => new LedgerAllocation(
            s.UID,
            (l.Sale ?? l.Purchase)?.Number ?? "",
            l.AmountApplied,
            MyobJson.ParseDate(s.Date) ?? default)))];

    /// <summary>A settlement applying <paramref name="amount"/> of the credit to one invoice (contract §3).</summary>
    public static MyobSettlement ToSettlement(CreditNoteKind kind, string creditUid, string cardUid, string invoiceUid, decimal amount, DateOnly date, string memo)
    {
        var receivable = kind == CreditNoteKind.Receivable;
        var invoice = MyobLink.To(invoiceUid);
        return new MyobSettlement
        {
            CreditFromInvoice = receivable ? MyobLink.To(creditUid) : null,
            DebitFromBill = receivable ? null : MyobLink.To(creditUid),
            Customer = receivable ? MyobLink.To(cardUid) : null,
            Supplier = receivable ? null : MyobLink.To(cardUid),
            Date = MyobJson.FormatDate(date),
            CreditAmount = receivable ? amount : null,
            DebitAmount = receivable ? null : amount,
            Memo = memo,
            Lines = [new MyobSettlementLine { Type = receivable ? "Invoice" : "Bill", Sale = receivable ? invoice : null, Purchase = receivable ? null : invoice, AmountApplied = amount }],
        };
    }
}
