using CreditFunctions.Documents;

namespace CreditFunctions.Ledgers.Xero;

/// <summary>Order-system credit notes to Xero's wire shape and Xero's answers back to the port's documents.</summary>
internal static class XeroCreditNoteMapper
{
    public const string Authorised = "AUTHORISED";
    public const string Voided = "VOIDED";
    public const string Deleted = "DELETED";

    public static string TypeOf(CreditNoteKind kind) => kind == CreditNoteKind.Receivable ? "ACCRECCREDIT" : "ACCPAYCREDIT";

    /// <summary>
    /// Created AUTHORISED (approved) with its lines; allocations are a second call because Xero ignores them on
    /// create (ledger-apis.md X6). CreditNoteNumber is the order system's number, which makes read-back possible.
    /// </summary>
    public static XeroCreditNote ToWire(CreditNote note, string contactId, string? creditNoteId = null) => new()
    {
        CreditNoteID = creditNoteId,
        Type = TypeOf(note.Kind),
        Status = Authorised,
        Contact = new XeroContact { ContactID = contactId },
        Date = XeroJson.FormatDate(note.Date),
        LineAmountTypes = note.AmountsAre switch
        {
            AmountsAre.Inclusive => "Inclusive",
            AmountsAre.NoTax => "NoTax",
            _ => "Exclusive",
        },
        CurrencyCode = note.Currency,
        CreditNoteNumber = note.Number,
        Reference = note.Reference,
        LineItems = [.. note.Lines.Select(line => new XeroLineItem
        {
            Description = line.Description,
            Quantity = line.Quantity,
            UnitAmount = line.UnitAmount,
            AccountCode = line.AccountCode,
            TaxType = line.TaxType,
            TaxAmount = line.TaxAmount,
            LineAmount = line.LineAmount,
        })],
    };

    public static XeroCreditNote ToVoid(string creditNoteId) => new() { CreditNoteID = creditNoteId, Status = Voided };

    public static LedgerDocument ToDocument(XeroCreditNote wire, string fallbackNumber)
    {
        var total = wire.Total ?? 0m;
        return new LedgerDocument(
            wire.CreditNoteID ?? "",
            wire.CreditNoteNumber ?? fallbackNumber,
            wire.Status ?? "",
            total,
            wire.RemainingCredit ?? total,
            [.. (wire.Allocations ?? []).Where(a => a.IsDeleted != true).Select(a => ToAllocation(a, null))]);
    }

    /// <summary>A read-back: the document, and whether its content is <paramref name="note"/>'s (an update to it landed).</summary>
    public static LedgerDocument ToDocument(XeroCreditNote wire, CreditNote note) =>
        ToDocument(wire, note.Number) with { MatchesNote = HasContentOf(wire, note) };

    /// <summary>
    /// Same document (<see cref="IsSameDocument"/>), same date, and, where Xero lists the lines, the same lines
    /// (description, quantity, unit and line amounts): an amendment that keeps the total is still told apart.
    /// </summary>
    public static bool HasContentOf(XeroCreditNote existing, CreditNote note) =>
        IsSameDocument(existing, note)
        && (existing.Date is null || XeroJson.ParseDate(existing.Date) == note.Date)
        && (existing.LineItems is not { } lines || (lines.Count == note.Lines.Count && lines.Zip(note.Lines).All(pair =>
            pair.First.Description == pair.Second.Description
            && pair.First.Quantity == pair.Second.Quantity
            && pair.First.UnitAmount == pair.Second.UnitAmount
            && (pair.First.LineAmount is null || pair.First.LineAmount == pair.Second.LineAmount))));

    public static LedgerAllocation ToAllocation(XeroAllocation wire, AllocationRequest? requested) => new(
        wire.AllocationID,
        wire.Invoice?.InvoiceNumber ?? requested?.InvoiceNumber ?? "",
        wire.Amount ?? requested?.Amount ?? 0m,
        XeroJson.ParseDate(wire.Date) ?? requested?.Date ?? default);

    /// <summary>
    /// Whether a credit note found under the same number is this one (a lost-response create that did land) rather
    /// than someone else's document: same type, currency and total.
    /// </summary>
    public static bool IsSameDocument(XeroCreditNote existing, CreditNote note) =>
        string.Equals(existing.Type, TypeOf(note.Kind), StringComparison.Ordinal)
        && (existing.CurrencyCode is null || string.Equals(existing.CurrencyCode, note.Currency, StringComparison.OrdinalIgnoreCase))
        && existing.Total == note.Total;

    public static IReadOnlyList<string> Errors(IEnumerable<XeroValidationError>? errors) =>
        [.. (errors ?? []).Select(e => e.Message).OfType<string>().Where(m => m.Length > 0)];
}
