using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.Myob;

/// <summary>Read-only views of what the simulated MYOB holds, in its wire shape (also served under <c>/_sim/</c>).</summary>
public sealed class MyobStoreView
{
    private readonly MyobSimulator _simulator;

    internal MyobStoreView(MyobSimulator simulator) => _simulator = simulator;

    /// <summary>Every sale and bill with this number (credits and not: duplicates and the mixed-sign trap stay visible).</summary>
    public IReadOnlyList<JsonObject> CreditNotesByNumber(string number, Guid? companyFileId = null) =>
        Read(companyFileId, (r, f) => f.Documents.Where(d => string.Equals(d.Number, number, StringComparison.OrdinalIgnoreCase)).Select(d => MyobWire.Document(r, d)));

    /// <summary>A document by number (the first, when duplicated), with its BalanceDueAmount; null when there is none.</summary>
    public JsonObject? Invoice(Guid companyFileId, string number) => CreditNotesByNumber(number, companyFileId) is { Count: > 0 } found ? found[0] : null;

    /// <summary>The settlements (credit and debit) applied from or to the document with this number.</summary>
    public IReadOnlyList<JsonObject> Settlements(Guid companyFileId, string? number = null) =>
        Read(companyFileId, (r, f) => f.Settlements
            .Where(s => number is null || f.Document(s.FromDocumentUid)?.Number == number || s.Lines.Any(l => f.Document(l.DocumentUid)?.Number == number))
            .Select(s => MyobWire.Settlement(r, s)));

    public IReadOnlyList<JsonObject> Refunds(Guid companyFileId) => Read(companyFileId, (r, f) => f.Refunds.Select(x => MyobWire.Refund(r, x)));

    /// <summary>Customer and supplier payments (a supplier payment carries <c>Supplier</c> and <c>Lines</c>).</summary>
    public IReadOnlyList<JsonObject> Payments(Guid companyFileId) => Read(companyFileId, (r, f) => f.Payments.Select(p => MyobWire.Payment(r, p)));

    /// <summary>Receive and spend money transactions (a receive one carries <c>DepositTo</c>, a spend one <c>PayFrom</c>).</summary>
    public IReadOnlyList<JsonObject> BankTransactions(Guid companyFileId) => Read(companyFileId, (r, f) => f.BankTransactions.Select(x => MyobWire.BankTxn(r, x)));

    /// <summary>Every sale and bill in the file (invoices and credits), in the order they were made.</summary>
    public IReadOnlyList<JsonObject> Documents(Guid companyFileId) => Read(companyFileId, (r, f) => f.Documents.Select(d => MyobWire.Document(r, d)));

    private List<JsonObject> Read(Guid? companyFileId, Func<MyobApiRequest, MyobCompanyFile, IEnumerable<JsonObject>> select)
    {
        lock (_simulator.State.Gate)
        {
            var files = companyFileId is { } id ? [.. _simulator.State.File(id) is { } f ? [f] : Array.Empty<MyobCompanyFile>()] : _simulator.State.Files.Values.ToList();
            return [.. files.SelectMany(file => select(_simulator.ViewRequest(file), file))];
        }
    }
}
