using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CreditFunctions.LedgerSimulators.Xero;
using CreditFunctions.TestSupport;

namespace CreditFunctions.IntegrationTests.LedgerSimulators.Xero;

/// <summary>
/// One simulator on a dynamic port with a hand-moved clock, one organisation, one connected client, one
/// contact and conformance checking of all traffic; disposing asserts the traffic conformed.
/// </summary>
internal sealed class XeroHarness : IAsyncDisposable
{
    private XeroHarness(XeroSimulator simulator, ManualTimeProvider time, XeroConformance conformance, XeroConnectionSeed connection, Guid contactId)
    {
        Simulator = simulator;
        Time = time;
        Conformance = conformance;
        Connection = connection;
        ContactId = contactId;
        Http = new HttpClient { BaseAddress = simulator.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public XeroSimulator Simulator { get; }

    public ManualTimeProvider Time { get; }

    public XeroConformance Conformance { get; }

    public XeroConnectionSeed Connection { get; }

    public Guid TenantId => Connection.TenantId;

    public Guid ContactId { get; }

    public HttpClient Http { get; }

    public string AccessToken { get; set; } = string.Empty;

    public DateOnly Today => DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);

    public static async Task<XeroHarness> StartAsync(Action<XeroSimulatorOptions>? configure = null)
    {
        var time = new ManualTimeProvider();
        var options = new XeroSimulatorOptions { TimeProvider = time };
        configure?.Invoke(options);
        var simulator = await XeroSimulator.StartAsync(options, CancellationToken.None);
        var conformance = await XeroConformance.AttachAsync(simulator);
        var connection = simulator.Seed.Connection("Harness Org");
        var contactId = simulator.Seed.Contact(connection.TenantId, "Cafe Bean", "CUST-1");
        return new XeroHarness(simulator, time, conformance, connection, contactId) { AccessToken = connection.Tokens.AccessToken };
    }

    public Guid SeedInvoice(string number, decimal total, string type = "ACCREC", decimal? amountDue = null, string status = "AUTHORISED", Guid? contactId = null) =>
        Simulator.Seed.Invoice(TenantId, new XeroInvoiceSeed(number, contactId ?? ContactId, total, type, amountDue, status));

    public HttpRequestMessage Request(HttpMethod method, string path, object? body = null, string? idempotencyKey = null, Guid? tenantId = null)
    {
        var request = new HttpRequestMessage(method, "api.xro/2.0/" + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
        request.Headers.Add("xero-tenant-id", (tenantId ?? TenantId).ToString());
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        return request;
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, string? idempotencyKey = null) =>
        Http.SendAsync(Request(method, path, body, idempotencyKey));

    public async Task<(HttpResponseMessage Response, JsonElement Body)> CallAsync(HttpMethod method, string path, object? body = null, string? idempotencyKey = null)
    {
        var response = await SendAsync(method, path, body, idempotencyKey);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length > 0 && response.Content.Headers.ContentType?.MediaType == "application/json"
            ? JsonDocument.Parse(text).RootElement.Clone()
            : JsonSerializer.SerializeToElement(text);
        return (response, json);
    }

    /// <summary>An AUTHORISED ACCRECCREDIT for the harness contact: one 10%-GST line of <paramref name="lineAmount"/>.</summary>
    public object CreditNote(string number, decimal lineAmount = 100m, string status = "AUTHORISED", DateOnly? date = null, Guid? contactId = null) => new
    {
        Type = "ACCRECCREDIT",
        CreditNoteNumber = number,
        Status = status,
        Date = (date ?? Today).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        LineAmountTypes = "Exclusive",
        Contact = new { ContactID = (contactId ?? ContactId).ToString() },
        LineItems = new[] { new { Description = "Damaged goods", Quantity = 1m, UnitAmount = lineAmount, AccountCode = "200", TaxType = "OUTPUT" } },
    };

    /// <summary>Creates credit notes with PUT (summarizeErrors=false) and returns the created elements.</summary>
    public async Task<JsonElement> CreateCreditNoteAsync(string number, decimal lineAmount = 100m, string status = "AUTHORISED")
    {
        var (response, body) = await CallAsync(HttpMethod.Put, "CreditNotes?summarizeErrors=false", new { CreditNotes = new[] { CreditNote(number, lineAmount, status) } });
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        var note = body.GetProperty("CreditNotes")[0];
        Assert.False(note.TryGetProperty("ValidationErrors", out var errors) && errors.GetArrayLength() > 0, note.ToString());
        return note;
    }

    public async Task<HttpResponseMessage> TokenAsync(params (string Key, string Value)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "connect/token")
        {
            Content = new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Key, f.Value))),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Connection.ClientId}:{Connection.ClientSecret}")));
        return await Http.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>());

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Simulator.DisposeAsync();
        Conformance.Dispose();
        Conformance.AssertNoViolations();
    }
}
