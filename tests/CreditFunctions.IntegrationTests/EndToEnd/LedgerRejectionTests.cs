using System.Net;
using System.Net.Http.Headers;
using CreditFunctions.Alerts;
using CreditFunctions.IntegrationTests.Infrastructure;

namespace CreditFunctions.IntegrationTests.EndToEnd;

/// <summary>
/// Permanent failures stop, say why in the ledger's words, appear in the attention list and alert once; an
/// operator's retry after fixing the cause finishes the job (docs/workflow.md "Outcome classes", "Operations").
/// </summary>
public sealed class LedgerRejectionTests
{
    private static readonly DateOnly DocumentDate = new(2026, 11, 20);

    [Fact]
    public async Task A_credit_note_Xero_rejects_fails_with_Xeros_message_in_the_attention_list_and_alerts_once()
    {
        await using var app = await TestApp.StartAsync();
        await app.SendAsync(TestEvents.CreditNote("cn_first", number: "CN-SAME"));
        await app.WaitForStatusAsync("cn_first", s => TestApp.IsState(s, "synced"));

        await app.SendAsync(TestEvents.CreditNote("cn_second", number: "CN-SAME", net: 300m));

        var failed = await app.WaitForStatusAsync("cn_second", s => TestApp.IsState(s, "failed"));
        var lastError = (string?)failed["ledgers"]![0]!["lastError"];
        Assert.Contains("Credit Note # must be unique", lastError, StringComparison.Ordinal);
        var stored = Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-SAME"));
        Assert.Equal(220.00m, (decimal)stored["Total"]!);

        var attention = await GetAsync(app, "/api/tenants/t1/attention");
        Assert.Contains(attention["items"]!.AsArray(), i => (string?)i!["id"] == "cn_second");
        Assert.DoesNotContain(attention["items"]!.AsArray(), i => (string?)i!["id"] == "cn_first");
        var rejected = Assert.Single(app.Alerts.All, a => a.Kind == AlertKind.LedgerRejected);
        Assert.Equal("cn_second", rejected.DocumentId);
    }

    [Fact]
    public async Task A_credit_note_dated_in_a_locked_period_is_held_then_synced_by_an_operator_retry_after_the_period_opens()
    {
        await using var app = await TestApp.StartAsync();
        app.Xero.Control.SetLockDates(app.XeroTenantId, DocumentDate.AddDays(5), null);

        await app.SendAsync(TestEvents.CreditNote("cn_locked", date: DocumentDate));

        var failed = await app.WaitForStatusAsync("cn_locked", s => TestApp.IsState(s, "failed"));
        Assert.False(string.IsNullOrEmpty((string?)failed["ledgers"]![0]!["lastError"]));
        Assert.Empty(app.Xero.Store.CreditNotesByNumber("CN-cn_locked"));
        var locked = Assert.Single(app.Alerts.All, a => a.Kind == AlertKind.PeriodLocked);
        Assert.Equal("cn_locked", locked.DocumentId);

        app.Xero.Control.SetLockDates(app.XeroTenantId, null, null);
        using var retry = await PostRetryAsync(app, "cn_locked");

        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        await app.WaitForStatusAsync("cn_locked", s => TestApp.IsState(s, "synced"));
        var stored = Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_locked"));
        Assert.Equal("2026-11-20T00:00:00", (string?)stored["DateString"]);
        Assert.Single(app.Alerts.All, a => a.Kind == AlertKind.PeriodLocked);

        using var again = await PostRetryAsync(app, "cn_locked");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_tenant_that_redates_gets_a_credit_note_in_a_locked_period_posted_on_the_first_open_day()
    {
        await using var app = await TestApp.StartAsync(a => a.Settings["Tenants:t1:ClosedPeriod"] = "Redate");
        app.Xero.Control.SetLockDates(app.XeroTenantId, DocumentDate.AddDays(5), null);

        await app.SendAsync(TestEvents.CreditNote("cn_redate", date: DocumentDate));

        await app.WaitForStatusAsync("cn_redate", s => TestApp.IsState(s, "synced"));
        var stored = Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_redate"));
        Assert.Equal("2026-11-26T00:00:00", (string?)stored["DateString"]);
        Assert.DoesNotContain(app.Alerts.All, a => a.Kind == AlertKind.PeriodLocked);
    }

    [Fact]
    public async Task Retry_of_an_unknown_document_is_404_and_needs_the_tenants_key()
    {
        await using var app = await TestApp.StartAsync();

        using var unknown = await PostRetryAsync(app, "cn_nothing");
        using var anonymous = await app.Http.PostAsync("/api/tenants/t1/credit-notes/cn_nothing/retry", null);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    internal static async Task<HttpResponseMessage> PostRetryAsync(TestApp app, string creditNoteId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tenants/t1/credit-notes/{creditNoteId}/retry");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestApp.ApiKey);
        return await app.Http.SendAsync(request);
    }

    internal static async Task<System.Text.Json.Nodes.JsonObject> GetAsync(TestApp app, string path, string apiKey = TestApp.ApiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await app.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }
}
