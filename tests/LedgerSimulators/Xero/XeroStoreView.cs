using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>Read-only views of what the simulator holds, in Xero's wire format (also <c>GET /_sim/credit-notes?number=</c>).</summary>
public sealed class XeroStoreView
{
    private readonly XeroSimulator _simulator;

    internal XeroStoreView(XeroSimulator simulator) => _simulator = simulator;

    /// <summary>Every stored credit note with this CreditNoteNumber (deleted and voided included), across tenants unless one is named.</summary>
    public IReadOnlyList<JsonObject> CreditNotesByNumber(string number, Guid? tenantId = null) =>
        Select(tenantId, book => book.CreditNotesNumbered(number).Select(c => XeroWireWriter.CreditNote(book, c)));

    public IReadOnlyList<JsonObject> CreditNotes(Guid tenantId) =>
        Select(tenantId, book => book.CreditNotes.Select(c => XeroWireWriter.CreditNote(book, c)));

    public JsonObject? Invoice(Guid tenantId, string invoiceNumber) =>
        Select(tenantId, book => book.Invoices.Where(i => i.InvoiceNumber == invoiceNumber).Select(i => XeroWireWriter.Invoice(book, i))).FirstOrDefault();

    public IReadOnlyList<JsonObject> Payments(Guid tenantId) =>
        Select(tenantId, book => book.Payments.Select(p => XeroWireWriter.Payment(book, p)));

    public IReadOnlyList<JsonObject> Overpayments(Guid tenantId) =>
        Select(tenantId, book => book.Overpayments.Select(o => XeroWireWriter.Overpayment(book, o)));

    public IReadOnlyList<JsonObject> BankTransactions(Guid tenantId) =>
        Select(tenantId, book => book.BankTransactions.Select(t => XeroWireWriter.BankTransaction(book, t)));

    public IReadOnlyList<JsonObject> Invoices(Guid tenantId) =>
        Select(tenantId, book => book.Invoices.Select(i => XeroWireWriter.Invoice(book, i)));

    private List<JsonObject> Select(Guid? tenantId, Func<XeroTenantBook, IEnumerable<JsonObject>> selector)
    {
        lock (_simulator.State.Gate)
        {
            var books = tenantId is { } id ? [.. _simulator.State.Books.Where(b => b.TenantId == id)] : _simulator.State.Books.ToList();
            return [.. books.SelectMany(selector)];
        }
    }
}
