using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreditFunctions.LedgerSimulators.QuickBooks;
using CreditFunctions.TestSupport;

namespace CreditFunctions.IntegrationTests.LedgerSimulators.QuickBooks;

/// <summary>
/// One QuickBooks simulator on a dynamic port with a hand-moved clock, one company with one connected client and one
/// customer, and the schema-name check on every response; disposing asserts the responses used only schema names.
/// </summary>
internal sealed class QuickBooksHarness : IAsyncDisposable
{
    private QuickBooksHarness(QuickBooksSimulator simulator, ManualTimeProvider time, QuickBooksSchemaNames schema, QuickBooksConnectionSeed connection, string customerId)
    {
        Simulator = simulator;
        Time = time;
        Schema = schema;
        Connection = connection;
        CustomerId = customerId;
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = simulator.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        AccessToken = connection.Tokens.AccessToken;
    }

    public QuickBooksSimulator Simulator { get; }

    public ManualTimeProvider Time { get; }

    public QuickBooksSchemaNames Schema { get; }

    public QuickBooksConnectionSeed Connection { get; }

    public string RealmId => Connection.RealmId;

    public string CustomerId { get; }

    public HttpClient Http { get; }

    public string AccessToken { get; set; }

    public DateOnly Today => DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);

    public static async Task<QuickBooksHarness> StartAsync(Action<QuickBooksSimulatorOptions>? configure = null)
    {
        var time = new ManualTimeProvider();
        var schema = new QuickBooksSchemaNames();
        var options = new QuickBooksSimulatorOptions { TimeProvider = time };
        options.Observers.Add(schema);
        configure?.Invoke(options);
        var simulator = await QuickBooksSimulator.StartAsync(options, CancellationToken.None);
        var connection = simulator.Seed.Connection("Harness Company");
        var customerId = simulator.Seed.Customer(connection.RealmId, "Cafe Bean");
        return new QuickBooksHarness(simulator, time, schema, connection, customerId);
    }

    public string SeedInvoice(string number, decimal total, decimal? balance = null) => Simulator.Seed.Invoice(RealmId, number, CustomerId, total, balance);

    public static string Path(string resource, string? query = null, int? minorVersion = 75) =>
        resource + "?" + string.Join('&', new[] { minorVersion is { } v ? "minorversion=" + v.ToString(CultureInfo.InvariantCulture) : null, query }.Where(p => p is not null));

    public async Task<(int Status, JsonObject Body, HttpResponseMessage Response)> CallAsync(HttpMethod method, string pathAndQuery, object? body = null, string? realmId = null)
    {
        using var request = new HttpRequestMessage(method, $"v3/company/{realmId ?? RealmId}/{pathAndQuery}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = new StringContent(body as string ?? (body is JsonNode node ? node.ToJsonString() : JsonSerializer.Serialize(body)), Encoding.UTF8, "application/json");
        }

        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.StartsWith('{') ? (JsonObject)JsonNode.Parse(text)! : new JsonObject { ["text"] = text }, response);
    }

    public Task<(int Status, JsonObject Body, HttpResponseMessage Response)> PostAsync(string entity, object body, string? query = null) =>
        CallAsync(HttpMethod.Post, Path(entity, query), body);

    public Task<(int Status, JsonObject Body, HttpResponseMessage Response)> QueryAsync(string statement) =>
        CallAsync(HttpMethod.Get, Path("query", "query=" + Uri.EscapeDataString(statement)));

    /// <summary>A CreditMemo body: one SalesItemLineDetail line of <paramref name="amount"/> for the harness customer, 10% tax on top.</summary>
    public JsonObject CreditMemo(string number, decimal amount = 100m, DateOnly? date = null, string? customerId = null, bool withItem = true) => new()
    {
        ["DocNumber"] = number,
        ["TxnDate"] = (date ?? Today).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["CustomerRef"] = new JsonObject { ["value"] = customerId ?? CustomerId },
        ["GlobalTaxCalculation"] = "TaxExcluded",
        ["TxnTaxDetail"] = new JsonObject { ["TotalTax"] = amount / 10m },
        ["Line"] = new JsonArray(new JsonObject
        {
            ["Description"] = "Damaged goods",
            ["Amount"] = amount,
            ["DetailType"] = "SalesItemLineDetail",
            ["SalesItemLineDetail"] = withItem
                ? new JsonObject { ["ItemRef"] = new JsonObject { ["value"] = "1" }, ["Qty"] = 1, ["UnitPrice"] = amount }
                : new JsonObject { ["Qty"] = 1, ["UnitPrice"] = amount },
        }),
    };

    public async Task<JsonObject> CreateCreditMemoAsync(string number, decimal amount = 100m)
    {
        var (status, body, _) = await PostAsync("creditmemo", CreditMemo(number, amount));
        Assert.True(status == 200, body.ToJsonString());
        return body["CreditMemo"]!.AsObject();
    }

    /// <summary>A zero-amount Payment applying <paramref name="amount"/> of the memo to the invoice (Q2).</summary>
    public static JsonObject ZeroPayment(string customerId, string invoiceId, string memoId, decimal amount, DateOnly? date = null)
    {
        var payment = new JsonObject
        {
            ["CustomerRef"] = new JsonObject { ["value"] = customerId },
            ["TotalAmt"] = 0,
            ["Line"] = new JsonArray(
                new JsonObject { ["Amount"] = amount, ["LinkedTxn"] = new JsonArray(new JsonObject { ["TxnId"] = invoiceId, ["TxnType"] = "Invoice" }) },
                new JsonObject { ["Amount"] = amount, ["LinkedTxn"] = new JsonArray(new JsonObject { ["TxnId"] = memoId, ["TxnType"] = "CreditMemo" }) }),
        };
        if (date is { } d)
        {
            payment["TxnDate"] = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return payment;
    }

    public decimal InvoiceBalance(string number) => (decimal)Simulator.Store.Invoice(RealmId, number)!["Balance"]!;

    public static string? Code(JsonObject body) => (string?)body["Fault"]?["Error"]?[0]?["code"];

    public static string? Message(JsonObject body) => (string?)body["Fault"]?["Error"]?[0]?["Message"];

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Simulator.DisposeAsync();
        Schema.AssertClean();
    }
}
