using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreditFunctions.LedgerSimulators.Myob;
using CreditFunctions.TestSupport;

namespace CreditFunctions.IntegrationTests.LedgerSimulators.Myob;

/// <summary>
/// One MYOB simulator on a dynamic port with a hand-moved clock, one company file, one API key with tokens for it, one
/// customer (CUST-1) and the file's account and tax-code UIDs. Calls go over real HTTP with MYOB's headers (M1).
/// </summary>
internal sealed class MyobHarness : IAsyncDisposable
{
    private MyobHarness(MyobSimulator simulator, ManualTimeProvider time, MyobConnectionSeed connection, Guid customerId)
    {
        Simulator = simulator;
        Time = time;
        Connection = connection;
        CustomerId = customerId;
        AccessToken = connection.Tokens.AccessToken;
        Http = new HttpClient { BaseAddress = simulator.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public MyobSimulator Simulator { get; }

    public ManualTimeProvider Time { get; }

    public MyobConnectionSeed Connection { get; }

    public Guid FileId => Connection.CompanyFileId;

    public Guid CustomerId { get; }

    public HttpClient Http { get; }

    public string AccessToken { get; set; }

    public string ApiKey => Connection.ApiKey;

    public DateOnly Today => DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);

    public string IncomeAccountUid { get; private set; } = "";

    public string BankAccountUid { get; private set; } = "";

    public string HeaderAccountUid { get; private set; } = "";

    public string GstUid { get; private set; } = "";

    public static async Task<MyobHarness> StartAsync(Action<MyobSimulatorOptions>? configure = null)
    {
        var time = new ManualTimeProvider();
        // The clock stands still unless a test moves it, so functional tests lift the per-second limit; the limit tests set MYOB's.
        var options = new MyobSimulatorOptions { TimeProvider = time, RateLimits = new MyobRateLimits(1_000, 1_000_000) };
        configure?.Invoke(options);
        var simulator = await MyobSimulator.StartAsync(options, CancellationToken.None);
        var connection = simulator.Seed.Connection("Harness File");
        var customer = simulator.Seed.Customer(connection.CompanyFileId, "Cafe Bean", "CUST-1");
        var harness = new MyobHarness(simulator, time, connection, customer);
        var accounts = await harness.ListAsync("GeneralLedger/Account");
        harness.IncomeAccountUid = UidOf(accounts, "DisplayID", "4-1100");
        harness.BankAccountUid = UidOf(accounts, "DisplayID", "1-1110");
        harness.HeaderAccountUid = UidOf(accounts, "DisplayID", "4-0000");
        harness.GstUid = UidOf(await harness.ListAsync("GeneralLedger/TaxCode"), "Code", "GST");
        simulator.Counters.Reset();
        time.Advance(TimeSpan.FromSeconds(1)); // the set-up calls leave the per-second window
        return harness;
    }

    public HttpRequestMessage Request(HttpMethod method, string route, object? body = null, Guid? fileId = null, bool version2 = true, string? apiKey = null)
    {
        var request = new HttpRequestMessage(method, $"accountright/{fileId ?? FileId}/{route}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
        request.Headers.Add("x-myobapi-key", apiKey ?? ApiKey);
        if (version2)
        {
            request.Headers.Add("x-myobapi-version", "v2");
        }

        if (body is not null)
        {
            request.Content = new StringContent(body as string ?? (body is JsonNode node ? node.ToJsonString() : JsonSerializer.Serialize(body)), Encoding.UTF8, "application/json");
        }

        return request;
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string route, object? body = null) => Http.SendAsync(Request(method, route, body));

    public async Task<(HttpResponseMessage Response, JsonNode? Body)> CallAsync(HttpMethod method, string route, object? body = null)
    {
        var response = await SendAsync(method, route, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    public static async Task<(HttpResponseMessage Response, JsonNode? Body)> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    public async Task<JsonArray> ListAsync(string route)
    {
        var (response, body) = await CallAsync(HttpMethod.Get, route);
        Assert.True(response.IsSuccessStatusCode, body?.ToJsonString());
        return body!["Items"]!.AsArray();
    }

    /// <summary>A Service sale for the harness customer with the given line totals (negative: a credit), GST, income account.</summary>
    public JsonObject Sale(string number, decimal[] lineTotals, DateOnly? date = null, Guid? customerId = null, bool inclusive = false) => new()
    {
        ["Number"] = number,
        ["Date"] = (date ?? Today).ToString("yyyy-MM-dd' 00:00:00'", CultureInfo.InvariantCulture),
        ["Customer"] = new JsonObject { ["UID"] = (customerId ?? CustomerId).ToString() },
        ["IsTaxInclusive"] = inclusive,
        ["JournalMemo"] = "harness " + number,
        ["Lines"] = new JsonArray([.. lineTotals.Select(t => (JsonNode)new JsonObject
        {
            ["Type"] = "Transaction",
            ["Description"] = "Damaged goods",
            ["Total"] = t,
            ["Account"] = new JsonObject { ["UID"] = IncomeAccountUid },
            ["TaxCode"] = new JsonObject { ["UID"] = GstUid },
        })]),
    };

    /// <summary>POSTs a sale (returnBody) and returns the created record.</summary>
    public async Task<JsonObject> CreateSaleAsync(string number, params decimal[] lineTotals)
    {
        var (response, body) = await CallAsync(HttpMethod.Post, "Sale/Invoice/Service?returnBody=true", Sale(number, lineTotals));
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, body?.ToJsonString());
        return body!.AsObject();
    }

    public Guid SeedInvoice(string number, decimal total, Guid? customerId = null) =>
        Simulator.Seed.Invoice(FileId, new MyobInvoiceSeed(number, customerId ?? CustomerId, total, Today));

    public JsonObject Settlement(string creditUid, string invoiceUid, decimal amount, DateOnly? date = null, string? memo = null) => new()
    {
        ["CreditFromInvoice"] = new JsonObject { ["UID"] = creditUid },
        ["Customer"] = new JsonObject { ["UID"] = CustomerId.ToString() },
        ["Date"] = (date ?? Today).ToString("yyyy-MM-dd' 00:00:00'", CultureInfo.InvariantCulture),
        ["CreditAmount"] = amount,
        ["Memo"] = memo,
        ["Lines"] = new JsonArray(new JsonObject { ["Type"] = "Invoice", ["Sale"] = new JsonObject { ["UID"] = invoiceUid }, ["AmountApplied"] = amount }),
    };

    public decimal BalanceDue(string number) => (decimal)Simulator.Store.Invoice(FileId, number)!["BalanceDueAmount"]!;

    public static string ErrorName(JsonNode? body) => (string?)body?["Errors"]?[0]?["Name"] ?? "";

    public static string ErrorMessage(JsonNode? body) => (string?)body?["Errors"]?[0]?["Message"] ?? "";

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Simulator.DisposeAsync();
    }

    private static string UidOf(JsonArray items, string field, string value) =>
        (string)items.First(i => (string?)i![field] == value)!["UID"]!;
}
