using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CreditFunctions.Documents;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.Payments;
using CreditFunctions.Payments.Workflow;
using CreditFunctions.Tenants;
using Microsoft.Extensions.DependencyInjection;

namespace CreditFunctions.IntegrationTests.Payments.Workflow;

/// <summary>
/// The real app (local Durable engine on Azurite, the queued signal, the store, the status API over HTTP) with a
/// <see cref="FakeMoneyLedger"/> as tenant t1's Xero money adapter and short retry durations. Events enter through
/// <see cref="MoneyIntake"/>, below the webhook: the reader of money bodies is the contract branch's.
/// </summary>
internal static class MoneyWorkflowHarness
{
    public static readonly CreditNoteContact Customer = new("cust_42", "Cafe Luna", null);

    public static async Task<TestApp> StartAsync(FakeMoneyLedger ledger, Action<TestApp>? configure = null) =>
        await TestApp.StartAsync(app =>
        {
            app.Settings["Payments:Durable:RetryBase"] = "00:00:00.100";
            app.Settings["Payments:Durable:RetryCap"] = "00:00:00.500";
            app.Settings["Payments:Durable:ActivityRetryInterval"] = "00:00:00.100";
            app.ServiceOverrides.Add(services => services.RemoveAll<IMoneyLedger>().AddSingleton<IMoneyLedger>(ledger)); // the fake stands in for the real adapters
            configure?.Invoke(app);
        });

    public static PaymentDocument Payment(string id = "pay_1", decimal amount = 100m, string invoice = "INV-0001") =>
        new(id, CreditNoteKind.Receivable, Customer, new DateOnly(2026, 11, 20), "AUD", amount, invoice, "090", "Order 5567");

    public static MoneyEvent Created(MoneyDocument document, string? eventId = null) =>
        new(eventId ?? "evt_" + document.Id, document switch
        {
            PaymentDocument => MoneyEventType.PaymentCreated,
            RefundDocument => MoneyEventType.RefundCreated,
            OverpaymentDocument => MoneyEventType.OverpaymentCreated,
            _ => MoneyEventType.CustomerCreditCreated,
        }, DateTimeOffset.UnixEpoch, document.DocumentKind, document.Id, document, null);

    public static Task<MoneyAcceptance> AcceptAsync(this TestApp app, MoneyEvent moneyEvent, string tenantId = TestApp.TenantId) =>
        app.Services.GetRequiredService<MoneyIntake>().AcceptAsync(
            app.Services.GetRequiredService<ITenantDirectory>().Find(tenantId)!, moneyEvent, CancellationToken.None);

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> GetAsync(this TestApp app, string path, string apiKey = TestApp.ApiKey, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await app.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>Polls the status API (as an order system would) until <paramref name="until"/> holds, for up to 30 s.</summary>
    public static async Task<JsonNode> WaitForMoneyStatusAsync(this TestApp app, string kindRoute, string id, Func<JsonNode, bool> until)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        JsonNode? last = null;
        using var ticker = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (DateTimeOffset.UtcNow < deadline)
        {
            var (status, body) = await app.GetAsync($"/api/tenants/{TestApp.TenantId}/{kindRoute}/{id}");
            if (status == HttpStatusCode.OK && body is not null)
            {
                last = body;
                if (until(body))
                {
                    return body;
                }
            }

            await ticker.WaitForNextTickAsync();
        }

        throw new TimeoutException($"{kindRoute}/{id} never reached the expected status; last: {last?.ToJsonString() ?? "none"}");
    }

    public static string? State(JsonNode status) => (string?)status["state"];

    public static JsonNode Branch(JsonNode status) => status["ledgers"]![0]!;
}
