using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.LedgerSimulators.QuickBooks;
using CreditFunctions.Payments;

namespace CreditFunctions.IntegrationTests.EndToEnd.Money;

/// <summary>
/// The real app with tenant t1's only connection the QuickBooks company (<see cref="TestApp.QuickBooksConnectionId"/>
/// moved to index 0, the Xero connection removed), the money accounts of the simulated chart (35 the bank, 84 Accounts
/// Receivable) and short workflow backoffs, so a re-check of a missing invoice comes back in well under a second.
/// Events go in signed over HTTP; the status API is polled as an order system would.
/// </summary>
internal sealed class QuickBooksMoneyApp : IAsyncDisposable
{
    private QuickBooksMoneyApp(TestApp app) => App = app;

    public TestApp App { get; }

    public QuickBooksSimulator Qbo => App.QuickBooks!;

    public string Realm => App.QuickBooksSeed!.RealmId;

    public string CustomerId => App.QuickBooksCustomerId;

    public static async Task<QuickBooksMoneyApp> StartAsync(Action<TestApp>? configure = null, TimeProvider? time = null) =>
        new(await TestApp.StartAsync(
            app =>
            {
                OnlyQuickBooks(app.Settings);
                app.Settings["QuickBooks:RefundFromAccountId"] = "35";
                app.Settings["QuickBooks:ReceivableAccountId"] = "84";
                app.Settings["Payments:Durable:RetryBase"] = "00:00:00.100";
                app.Settings["Payments:Durable:RetryCap"] = "00:00:00.500";
                app.Settings["Payments:Durable:ActivityRetryInterval"] = "00:00:00.100";
                configure?.Invoke(app);
            },
            time,
            quickBooks: true));

    /// <summary>Moves connection 1 (QuickBooks) to index 0 and removes index 1: the tenant has the QuickBooks connection only.</summary>
    private static void OnlyQuickBooks(Dictionary<string, string?> settings)
    {
        foreach (var field in new[] { "Id", "Ledger", "LedgerTenantId" })
        {
            settings[$"Tenants:t1:Connections:0:{field}"] = settings[$"Tenants:t1:Connections:1:{field}"];
            settings.Remove($"Tenants:t1:Connections:1:{field}");
        }
    }

    public Task<HttpResponseMessage> SendAsync(MoneyEvent money) => App.SendRawAsync(MoneyEventWriter.ToUtf8Bytes(money));

    public async Task<(HttpStatusCode Status, JsonNode? Body)> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestApp.ApiKey);
        using var response = await App.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>Polls <c>GET /api/tenants/t1/{kindRoute}/{id}</c> until <paramref name="until"/> holds, for up to <see cref="TestApp.DefaultWait"/>.</summary>
    public async Task<JsonNode> WaitForAsync(string kindRoute, string id, Func<JsonNode, bool> until)
    {
        var deadline = DateTimeOffset.UtcNow + TestApp.DefaultWait;
        JsonNode? last = null;
        using var ticker = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (DateTimeOffset.UtcNow < deadline)
        {
            var (status, body) = await GetAsync($"/api/tenants/{TestApp.TenantId}/{kindRoute}/{id}");
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

    public Task<JsonNode> WaitForStateAsync(string kindRoute, string id, string state) =>
        WaitForAsync(kindRoute, id, s => State(s) == state);

    public static string? State(JsonNode status) => (string?)status["state"];

    /// <summary>The status's only ledger branch (the QuickBooks connection).</summary>
    public static JsonNode Branch(JsonNode status)
    {
        var branch = Assert.Single(status["ledgers"]!.AsArray())!;
        Assert.Equal(TestApp.QuickBooksConnectionId, (string?)branch["connectionId"]);
        return branch;
    }

    public string SeedInvoice(string number, decimal total, DateOnly? date = null) => Qbo.Seed.Invoice(Realm, number, CustomerId, total, date: date);

    public decimal Due(string number) => Qbo.Store.AmountDue(Realm, number)!.AmountDue;

    public IReadOnlyList<JsonObject> Held(string entity) => Qbo.Store.Entities(Realm, entity);

    public JsonObject PaymentById(string id) => Held("Payment").Single(p => (string?)p["Id"] == id);

    /// <summary>A Payment's lines as (linked type, amount).</summary>
    public static List<(string Type, decimal Amount)> Lines(JsonObject payment) =>
        [.. payment["Line"]!.AsArray().Select(l => ((string)l!["LinkedTxn"]![0]!["TxnType"]!, (decimal)l["Amount"]!))];

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
