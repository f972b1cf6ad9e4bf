using System.Text.Json.Nodes;
using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Payments;
using Microsoft.Extensions.DependencyInjection;

namespace CreditFunctions.IntegrationTests.Ledgers.QuickBooks;

/// <summary>The money port as <c>AddQuickBooksLedger</c> registers it, driven on the harness's clock, and the documents it is fed.</summary>
internal static class QuickBooksMoneyHarness
{
    /// <summary>The simulated chart (QuickBooksCompany): 35 the bank, 84 Accounts Receivable.</summary>
    public static readonly Dictionary<string, string?> Accounts = new()
    {
        ["QuickBooks:RefundFromAccountId"] = "35",
        ["QuickBooks:ReceivableAccountId"] = "84",
    };

    public static readonly DateOnly Day = new(2026, 11, 20);

    public static readonly CreditNoteContact Contact = new("cust-1", QuickBooksAdapterHarness.CustomerName, null);

    public static IMoneyLedger Money(this QuickBooksAdapterHarness harness) =>
        harness.Process().GetServices<IMoneyLedger>().Single(l => l.Ledger == LedgerKind.QuickBooks);

    public static Task<T> Run<T>(this QuickBooksAdapterHarness harness, Task<T> work) =>
        QuickBooksClockDriver.RunAsync(harness.Time, harness.Gate, harness.RealmId, work);

    public static async Task<LedgerInvoice> InvoiceAsync(this QuickBooksAdapterHarness harness, string number)
    {
        var found = await harness.Run(harness.Money().FindInvoiceAsync(harness.Connection, CreditNoteKind.Receivable, number, CancellationToken.None));
        Assert.True(found.Succeeded, found.Failure?.Message);
        return found.Value ?? throw new InvalidOperationException($"Invoice {number} is not in the simulator.");
    }

    public static async Task<LedgerPayment> PayAsync(this QuickBooksAdapterHarness harness, string number, decimal amount, string id, DateOnly? date = null)
    {
        var invoice = await harness.InvoiceAsync(number);
        var paid = await harness.Run(harness.Money().CreatePaymentAsync(harness.Connection, invoice, Payment(id, number, amount, date), Key(id), CancellationToken.None));
        Assert.True(paid.Succeeded, paid.Failure?.Message);
        return paid.Value!;
    }

    public static PaymentDocument Payment(string id, string invoiceNumber, decimal amount, DateOnly? date = null, string? bank = null) =>
        new(id, CreditNoteKind.Receivable, Contact, date ?? Day, "AUD", amount, invoiceNumber, bank, "Order " + id);

    public static RefundDocument Refund(string id, decimal amount, RefundOf of, WriteOff? writeOff = null, DateOnly? date = null) =>
        new(id, CreditNoteKind.Receivable, Contact, date ?? Day, "AUD", amount, of, null, "Refund " + id, writeOff);

    public static LedgerWriteKey Key(string id, string operation = "create") => new($"t1:harness-qbo:{id}:{operation}:v1");

    public static decimal Due(this QuickBooksAdapterHarness harness, string number) => harness.Simulator.Store.AmountDue(harness.RealmId, number)!.AmountDue;

    public static IReadOnlyList<JsonObject> Held(this QuickBooksAdapterHarness harness, string entity) => harness.Simulator.Store.Entities(harness.RealmId, entity);

    /// <summary>A Payment's lines as (linked type, amount).</summary>
    public static List<(string Type, decimal Amount)> Lines(JsonObject payment) =>
        [.. (payment["Line"]?.AsArray() ?? []).Select(l => ((string)l!["LinkedTxn"]![0]!["TxnType"]!, (decimal)l["Amount"]!))];

    public static JsonObject PaymentById(this QuickBooksAdapterHarness harness, string id) =>
        harness.Held("Payment").Single(p => (string?)p["Id"] == id);
}
