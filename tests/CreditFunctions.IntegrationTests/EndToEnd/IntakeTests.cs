using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CreditFunctions.Documents;
using CreditFunctions.IntegrationTests.Infrastructure;

namespace CreditFunctions.IntegrationTests.EndToEnd;

/// <summary>
/// The webhook's gate on the real app: only a signed, fresh, valid event is stored and answered 202; everything else
/// gets problem details and leaves no trace (no status, nothing in the ledger). contracts/order-events.md "Delivery".
/// </summary>
public sealed class IntakeTests
{
    [Fact]
    public async Task Unsigned_wrongly_signed_and_stale_events_are_refused_with_401_and_nothing_is_stored()
    {
        await using var app = await TestApp.StartAsync();
        var body = OrderEventWriter.ToUtf8Bytes(TestEvents.CreditNote("cn_401"));

        using var unsigned = await app.SendRawAsync(body, secret: null);
        using var wrongSecret = await app.SendRawAsync(body, secret: "not-the-secret");
        using var stale = await app.SendRawAsync(body, signedAt: app.Time.GetUtcNow().AddMinutes(-6));
        using var future = await app.SendRawAsync(body, signedAt: app.Time.GetUtcNow().AddMinutes(6));

        foreach (var response in new[] { unsigned, wrongSecret, stale, future })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await ProblemAsync(response);
            Assert.Equal(401, (int?)problem["status"]);
            Assert.False(string.IsNullOrEmpty((string?)problem["detail"]));
        }

        Assert.Contains("5 minutes", (string?)(await ProblemAsync(stale))["detail"], StringComparison.Ordinal);
        await AssertNothingStoredAsync(app, "cn_401");
    }

    [Fact]
    public async Task An_event_that_breaks_a_rule_is_refused_with_422_naming_the_field_and_nothing_is_stored()
    {
        await using var app = await TestApp.StartAsync();
        var json = JsonNode.Parse(OrderEventWriter.ToUtf8Bytes(TestEvents.CreditNote("cn_422")))!;
        json["data"]!["creditNote"]!["total"] = 999.99m;

        using var response = await app.SendRawAsync(Encoding.UTF8.GetBytes(json.ToJsonString()));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await ProblemAsync(response);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("data.creditNote.total"), "errors: " + errors.ToJsonString());
        await AssertNothingStoredAsync(app, "cn_422");
    }

    [Fact]
    public async Task Malformed_json_is_refused_with_400()
    {
        await using var app = await TestApp.StartAsync();

        using var response = await app.SendRawAsync("{\"id\": \"evt_1\", \"type\": "u8.ToArray());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await ProblemAsync(response))["errors"]);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused_with_415()
    {
        await using var app = await TestApp.StartAsync();
        var body = OrderEventWriter.ToUtf8Bytes(TestEvents.CreditNote("cn_415"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tenants/t1/events")
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") } },
        };
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Sign(TestApp.WebhookSecret, app.Time.GetUtcNow(), body));

        using var response = await app.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await AssertNothingStoredAsync(app, "cn_415");
    }

    [Fact]
    public async Task A_body_over_4_MiB_is_refused_with_413()
    {
        await using var app = await TestApp.StartAsync();
        var body = new byte[(4 * 1024 * 1024) + 1];
        Array.Fill(body, (byte)' ');
        body[0] = (byte)'{';
        body[^1] = (byte)'}';

        using var response = await app.SendRawAsync(body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task An_event_for_an_unknown_tenant_is_refused_with_404()
    {
        await using var app = await TestApp.StartAsync();

        using var response = await app.SendAsync(TestEvents.CreditNote("cn_404"), tenantId: "nobody");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(404, (int?)(await ProblemAsync(response))["status"]);
        await AssertNothingStoredAsync(app, "cn_404");
    }

    [Fact]
    public async Task An_accepted_event_answers_202_with_its_event_id_and_status_url()
    {
        await using var app = await TestApp.StartAsync();
        var orderEvent = TestEvents.CreditNote("cn_202", eventId: "evt_accepted_202");

        using var response = await app.SendAsync(orderEvent);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("evt_accepted_202", (string?)accepted["eventId"]);
        Assert.Equal("/api/tenants/t1/credit-notes/cn_202", (string?)accepted["statusUrl"]);

        // The status URL works as given.
        using var statusRequest = new HttpRequestMessage(HttpMethod.Get, (string)accepted["statusUrl"]!);
        statusRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestApp.ApiKey);
        using var status = await app.Http.SendAsync(statusRequest);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
    }

    [Fact]
    public async Task The_served_contract_is_an_OpenAPI_3_document()
    {
        await using var app = await TestApp.StartAsync();

        using var response = await app.Http.GetAsync("/api/contract/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var contract = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.StartsWith("3.", (string?)contract["openapi"], StringComparison.Ordinal);
        Assert.True(contract["paths"]!.AsObject().ContainsKey("/api/tenants/{tenantId}/events"));
    }

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    private static async Task AssertNothingStoredAsync(TestApp app, string creditNoteId)
    {
        var (status, _) = await app.StatusAsync(creditNoteId);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Empty(app.Xero.Store.CreditNotes(app.XeroTenantId));
    }
}
