using CreditFunctions.Documents;

namespace CreditFunctions.Ledgers.QuickBooks;

/// <summary>Order-system credit notes to QBO's CreditMemo and back to the port's documents (contract §2, §3).</summary>
internal static class QuickBooksCreditMemoMapper
{
    public const string Entity = "creditmemo";

    /// <summary>
    /// A CreditMemo with full lines: each a SalesItemLineDetail of the configured Item (without ItemRef QBO ignores the
    /// Amount, F L7207) with quantity, unit price and the tax code; the order system's tax total as TxnTaxDetail.TotalTax
    /// (overridable, F L5066); GlobalTaxCalculation from how amounts are stated (F L5391). DocNumber is the order system's
    /// number (≤ 21 characters, F L4785), which makes read-back by number possible (D2).
    /// </summary>
    public static QboCreditMemo ToWire(CreditNote note, string customerId, string itemId, string? id = null, string? syncToken = null) => new()
    {
        Id = id,
        SyncToken = syncToken,
        DocNumber = note.Number,
        TxnDate = QuickBooksJson.FormatDate(note.Date),
        PrivateNote = note.Reference,
        CustomerRef = QboRef.To(customerId),
        GlobalTaxCalculation = GlobalTax(note.AmountsAre),
        TxnTaxDetail = note.AmountsAre == AmountsAre.NoTax ? null : new QboTxnTaxDetail { TotalTax = note.TotalTax },
        Line = [.. note.Lines.Select(line => new QboLine
        {
            Description = line.Description,
            Amount = line.LineAmount,
            DetailType = "SalesItemLineDetail",
            SalesItemLineDetail = new QboSalesItemLineDetail
            {
                ItemRef = QboRef.To(itemId),
                Qty = line.Quantity,
                UnitPrice = line.UnitAmount,
                TaxCodeRef = line.TaxType is { Length: > 0 } tax ? QboRef.To(tax) : null,
            },
        })],
    };

    public static string GlobalTax(AmountsAre amountsAre) => amountsAre switch
    {
        AmountsAre.Inclusive => "TaxInclusive",
        AmountsAre.NoTax => "NotApplicable",
        _ => "TaxExcluded",
    };

    /// <summary>
    /// The port's view. QBO has no status for a live CreditMemo (deleted ones are not returned by queries), so the status
    /// says how much credit is left: "Open" or "Applied".
    /// </summary>
    public static LedgerDocument ToDocument(QboCreditMemo wire, string fallbackNumber, IReadOnlyList<LedgerAllocation> allocations)
    {
        var total = wire.TotalAmt ?? 0m;
        var remaining = wire.RemainingCredit ?? wire.Balance ?? total;
        return new LedgerDocument(wire.Id ?? "", wire.DocNumber ?? fallbackNumber, remaining == 0m && total > 0m ? "Applied" : "Open", total, remaining, allocations);
    }

    /// <summary>Same customer-facing content as <paramref name="note"/>: date, total and lines (description, quantity, unit price, amount).</summary>
    public static bool HasContentOf(QboCreditMemo existing, CreditNote note) =>
        existing.TotalAmt == note.Total
        && QuickBooksJson.ParseDate(existing.TxnDate) == note.Date
        && SalesLines(existing) is var lines
        && lines.Count == note.Lines.Count
        && lines.Zip(note.Lines).All(pair =>
            pair.First.Description == pair.Second.Description
            && pair.First.Amount == pair.Second.LineAmount
            && (pair.First.SalesItemLineDetail?.Qty is null || pair.First.SalesItemLineDetail.Qty == pair.Second.Quantity)
            && (pair.First.SalesItemLineDetail?.UnitPrice is null || pair.First.SalesItemLineDetail.UnitPrice == pair.Second.UnitAmount));

    /// <summary>Whether a memo found under the number is this note (a lost-answer create that landed): same total.</summary>
    public static bool IsSameDocument(QboCreditMemo existing, CreditNote note) => existing.TotalAmt == note.Total;

    /// <summary>QBO adds a SubTotalLineDetail line to what it returns (contract §2); only sales lines are ours.</summary>
    private static List<QboLine> SalesLines(QboCreditMemo memo) =>
        [.. (memo.Line ?? []).Where(l => l.DetailType == "SalesItemLineDetail")];
}
