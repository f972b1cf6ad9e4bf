using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.LedgerSimulators.Xero;
using CreditFunctions.Payments;

namespace CreditFunctions.IntegrationTests.EndToEnd.Money;

/// <summary>
/// Drives the real app against its Xero simulator for the money flows: starts it with short money retry durations,
/// sends signed money events over HTTP, polls the money status API (bounded by <see cref="TestApp.DefaultWait"/>) and
/// reads the simulator's books.
/// </summary>
internal static class XeroMoneyE2E
{
    public static Task<TestApp> StartAsync(Action<TestApp>? configure = null, TimeProvider? time = null) =>
        TestApp.StartAsync(
            app =>
            {
                app.Settings["Payments:Durable:RetryBase"] = "00:00:00.100";
                app.Settings["Payments:Durable:RetryCap"] = "00:00:00.500";
                app.Settings["Payments:Durable:ActivityRetryInterval"] = "00:00:00.100";
                configure?.Invoke(app);
            },
            time);

    public static Guid Invoice(this TestApp app, string number, decimal total, string type = "ACCREC", Guid? contactId = null) =>
        app.Xero.Seed.Invoice(app.XeroTenantId, new XeroInvoiceSeed(number, contactId ?? app.CustomerId, total, type, Date: new DateOnly(2026, 11, 1)));

    public static JsonNode Branch(JsonNode status) => status["ledgers"]![0]!;

    public static JsonObject InvoiceInXero(this TestApp app, string number) =>
        app.Xero.Store.Invoice(app.XeroTenantId, number) ?? throw new InvalidOperationException($"{number} is not in the simulator");

    public static decimal AmountDue(this TestApp app, string number) => (decimal)app.InvoiceInXero(number)["AmountDue"]!;

    /// <summary>Payments held in the organisation that are not deleted (Xero keeps deleted ones with Status DELETED).</summary>
    public static IReadOnlyList<JsonObject> LivePayments(this TestApp app) =>
        [.. app.Xero.Store.Payments(app.XeroTenantId).Where(p => (string?)p["Status"] != "DELETED")];
}
