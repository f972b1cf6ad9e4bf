using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CreditFunctions.LedgerSimulators.Xero;

namespace CreditFunctions.IntegrationTests.LedgerSimulators.Xero;

/// <summary>The /_sim control API seeds the same world the C# methods do.</summary>
public sealed class XeroControlApiTests
{
    [Fact]
    public async Task A_tenant_client_code_contact_and_invoice_seeded_over_http_support_a_full_allocation()
    {
        await using var xero = await XeroHarness.StartAsync();
        var http = xero.Http;

        var tenantId = (await PostAsync(http, "_sim/tenants", new { name = "Http Org" })).GetProperty("tenantId").GetGuid();
        (await http.PostAsync(new Uri("_sim/clients", UriKind.Relative), Json(new { clientId = "http-client", clientSecret = "s3cret" }))).EnsureSuccessStatusCode();
        var code = (await PostAsync(http, "_sim/authorization-codes", new { clientId = "http-client", tenantIds = new[] { tenantId } })).GetProperty("code").GetString();
        var contactId = (await PostAsync(http, $"_sim/tenants/{tenantId}/contacts", new { name = "Http Cafe", contactNumber = "H-1" })).GetProperty("contactId").GetGuid();
        var invoiceId = (await PostAsync(http, $"_sim/tenants/{tenantId}/invoices", new { invoiceNumber = "INV-H", contactId, total = 55m })).GetProperty("invoiceId").GetGuid();
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Post, "connect/token")
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("grant_type", "authorization_code"), KeyValuePair.Create("code", code!)]),
        };
        tokenRequest.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("http-client:s3cret")));
        xero.AccessToken = (await XeroHarness.JsonAsync(await http.SendAsync(tokenRequest))).GetProperty("access_token").GetString()!;

        var (contacts, contactsBody) = await CallAsync(xero, tenantId, HttpMethod.Get, "Contacts?where=" + Uri.EscapeDataString("ContactNumber==\"H-1\""));
        var (invoices, invoicesBody) = await CallAsync(xero, tenantId, HttpMethod.Get, "Invoices?InvoiceNumbers=INV-H");
        var note = new
        {
            Type = "ACCRECCREDIT",
            CreditNoteNumber = "CN-H",
            Status = "AUTHORISED",
            Contact = new { ContactID = contactId },
            LineAmountTypes = "NoTax",
            LineItems = new[] { new { Description = "x", Quantity = 1m, UnitAmount = 55m, AccountCode = "200" } },
        };
        var (_, created) = await CallAsync(xero, tenantId, HttpMethod.Put, "CreditNotes", new { CreditNotes = new[] { note } });
        var id = created.GetProperty("CreditNotes")[0].GetProperty("CreditNoteID").GetString();
        var (allocated, _) = await CallAsync(xero, tenantId, HttpMethod.Put, $"CreditNotes/{id}/Allocations",
            new { Allocations = new[] { XeroAllocationsTests.Allocation(invoiceId, 55m, xero.Today) } });
        var stored = JsonDocument.Parse(await http.GetStringAsync(new Uri($"_sim/credit-notes?number=CN-H&tenantId={tenantId}", UriKind.Relative))).RootElement;
        var invoice = JsonDocument.Parse(await http.GetStringAsync(new Uri($"_sim/tenants/{tenantId}/invoices?number=INV-H", UriKind.Relative))).RootElement;
        var counters = JsonDocument.Parse(await http.GetStringAsync(new Uri("_sim/counters", UriKind.Relative))).RootElement;

        Assert.Equal(HttpStatusCode.OK, contacts.StatusCode);
        Assert.Equal(contactId.ToString(), contactsBody.GetProperty("Contacts")[0].GetProperty("ContactID").GetString());
        Assert.Equal(HttpStatusCode.OK, invoices.StatusCode);
        Assert.Equal(55m, invoicesBody.GetProperty("Invoices")[0].GetProperty("AmountDue").GetDecimal());
        Assert.Equal(HttpStatusCode.OK, allocated.StatusCode);
        Assert.Equal("PAID", stored[0].GetProperty("Status").GetString());
        Assert.Equal("PAID", invoice.GetProperty("Status").GetString());
        Assert.True(counters.GetProperty("apiCalls").GetInt64() >= 4);
        Assert.Equal(1, counters.GetProperty("operations").GetProperty("PUT /CreditNotes/{id}/Allocations").GetInt64());
    }

    [Fact]
    public async Task Limits_set_over_http_take_effect_and_reset_clears_documents_and_windows()
    {
        await using var xero = await XeroHarness.StartAsync();
        await xero.CreateCreditNoteAsync("CN-1");

        var limits = await xero.Http.PutAsync(new Uri("_sim/limits", UriKind.Relative),
            Json(new XeroRateLimits(PerTenantConcurrent: 5, PerTenantPerMinute: 1, PerTenantPerDay: 1000, AppPerMinute: 10000)));
        var throttled = await xero.SendAsync(HttpMethod.Get, "Organisation");
        var reset = await xero.Http.PostAsync(new Uri("_sim/reset", UriKind.Relative), null);
        var afterReset = await xero.SendAsync(HttpMethod.Get, "Organisation");

        Assert.Equal(HttpStatusCode.NoContent, limits.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterReset.StatusCode);
        Assert.Empty(xero.Simulator.Store.CreditNotesByNumber("CN-1"));
        Assert.Equal(1, xero.Simulator.Counters.Snapshot().ApiCalls);
    }

    [Fact]
    public async Task The_demo_organisation_is_reachable_with_the_documented_refresh_token_and_client()
    {
        await using var simulator = await XeroSimulator.StartAsync(new XeroSimulatorOptions { SeedDemo = true }, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = simulator.BaseAddress };
        using var conformance = await XeroConformance.AttachAsync(simulator);
        using var token = new HttpRequestMessage(HttpMethod.Post, "connect/token")
        {
            Content = new FormUrlEncodedContent([
                KeyValuePair.Create("grant_type", "refresh_token"), KeyValuePair.Create("refresh_token", XeroDemo.RefreshToken),
                KeyValuePair.Create("client_id", XeroDemo.ClientId), KeyValuePair.Create("client_secret", XeroDemo.ClientSecret)]),
        };

        var tokens = await XeroHarness.JsonAsync(await http.SendAsync(token));
        using var request = new HttpRequestMessage(HttpMethod.Get, "api.xro/2.0/Contacts?where=" + Uri.EscapeDataString($"ContactNumber==\"{XeroDemo.ContactNumber}\""));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("access_token").GetString());
        request.Headers.Add("xero-tenant-id", XeroDemo.TenantId.ToString());
        var contacts = await XeroHarness.JsonAsync(await http.SendAsync(request));

        Assert.Equal(XeroDemo.ContactName, contacts.GetProperty("Contacts")[0].GetProperty("Name").GetString());
        conformance.AssertNoViolations();
    }

    [Fact]
    public async Task Tenants_and_clients_in_the_options_are_seeded_at_start()
    {
        var tenantId = Guid.NewGuid();
        var options = new XeroSimulatorOptions();
        options.Tenants.Add(new XeroTenantSeed(tenantId, "Configured Org"));
        options.Clients.Add(new XeroClientSeed("configured", "configured-secret", ConsentedTenantIds: [tenantId], RefreshToken: "configured-refresh"));
        await using var simulator = await XeroSimulator.StartAsync(options, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = simulator.BaseAddress };
        using var token = new HttpRequestMessage(HttpMethod.Post, "connect/token")
        {
            Content = new FormUrlEncodedContent([
                KeyValuePair.Create("grant_type", "refresh_token"), KeyValuePair.Create("refresh_token", "configured-refresh"),
                KeyValuePair.Create("client_id", "configured"), KeyValuePair.Create("client_secret", "configured-secret")]),
        };

        var tokens = await XeroHarness.JsonAsync(await http.SendAsync(token));
        using var list = new HttpRequestMessage(HttpMethod.Get, "connections");
        list.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("access_token").GetString());
        var connections = JsonDocument.Parse(await (await http.SendAsync(list)).Content.ReadAsStringAsync()).RootElement;

        var connection = Assert.Single(connections.EnumerateArray());
        Assert.Equal(tenantId.ToString(), connection.GetProperty("tenantId").GetString());
        Assert.Equal("Configured Org", connection.GetProperty("tenantName").GetString());
    }

    [Fact]
    public async Task The_consent_choice_set_over_http_is_what_the_simulated_user_answers_at_the_authorize_endpoint()
    {
        await using var xero = await XeroHarness.StartAsync();
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = xero.Simulator.BaseAddress };
        var authorize = new Uri(
            $"identity/connect/authorize?response_type=code&client_id={xero.Connection.ClientId}&redirect_uri={Uri.EscapeDataString("https://app.example/cb")}&scope=offline_access&state=s1",
            UriKind.Relative);

        using var declineChoice = await xero.Http.PutAsync(new Uri($"_sim/clients/{xero.Connection.ClientId}/consent-choice", UriKind.Relative), Json(new { deny = true }));
        using var declined = await browser.GetAsync(authorize);
        using var allowChoice = await xero.Http.PutAsync(new Uri($"_sim/clients/{xero.Connection.ClientId}/consent-choice", UriKind.Relative), Json(new { tenantIds = new[] { xero.TenantId } }));
        using var allowed = await browser.GetAsync(authorize);

        Assert.Equal(HttpStatusCode.NoContent, declineChoice.StatusCode);
        Assert.Contains("error=access_denied", declined.Headers.Location!.Query, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, allowChoice.StatusCode);
        Assert.Contains("code=", allowed.Headers.Location!.Query, StringComparison.Ordinal);
        Assert.Contains("state=s1", allowed.Headers.Location!.Query, StringComparison.Ordinal);
    }

    private static async Task<(HttpResponseMessage Response, JsonElement Body)> CallAsync(XeroHarness xero, Guid tenantId, HttpMethod method, string path, object? body = null)
    {
        var response = await xero.Http.SendAsync(xero.Request(method, path, body, tenantId: tenantId));
        return (response, await XeroHarness.JsonAsync(response));
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, object body)
    {
        var response = await http.PostAsync(new Uri(path, UriKind.Relative), Json(body));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json");
}
