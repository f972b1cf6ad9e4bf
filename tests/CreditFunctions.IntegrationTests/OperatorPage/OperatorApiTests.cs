using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.Workflow;
using CreditFunctions.Workflow.Durable;
using CreditFunctions.Workflow.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace CreditFunctions.IntegrationTests.OperatorPage;

/// <summary>
/// What the operator page reads, over HTTP without a browser: the page's files, and the list, timeline, latency and
/// connection endpoints behind the status API's authorisation (docs/operator-page.md).
/// </summary>
[Collection("Azurite")]
public sealed class OperatorApiTests
{
    private const string OtherTenantKey = "t2-api-key";

    private static readonly string[] TenantRoutes =
    [
        "/api/tenants/t1/credit-notes?board=failed",
        "/api/tenants/t1/credit-notes/cn_any/timeline",
        "/api/tenants/t1/sync-latency",
        "/api/tenants/t1/connections",
    ];

    [Fact]
    public async Task The_page_and_its_files_are_served_from_the_app_with_nothing_loaded_from_elsewhere()
    {
        await using var app = await TestApp.StartAsync();

        foreach (var (path, mediaType) in new[] { ("/api/operator", "text/html"), ("/api/operator/operator.css", "text/css"), ("/api/operator/operator.js", "text/javascript") })
        {
            using var response = await app.Http.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            // No CDN, font or script host: the only absolute URL is the SVG namespace the chart's elements are made in.
            var withoutNamespace = body.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal);
            Assert.DoesNotContain("http:", withoutNamespace, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("https:", withoutNamespace, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("@import", withoutNamespace, StringComparison.Ordinal);
        }

        // The page's links are relative: served at /api/operator/ they would miss, so it sends the browser to /api/operator.
        using var slash = await app.Http.GetAsync("/api/operator/");
        Assert.Equal(HttpStatusCode.OK, slash.StatusCode);
        Assert.Equal("/api/operator", slash.RequestMessage?.RequestUri?.AbsolutePath);
        using var unknown = await app.Http.GetAsync("/api/operator/secrets.json");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Every_operator_endpoint_needs_the_tenants_own_key()
    {
        await using var app = await TestApp.StartAsync(a => a.AddSecondTenant(OtherTenantKey));

        foreach (var route in TenantRoutes)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(app, route, null)).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(app, route, "not-a-key")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(app, route, OtherTenantKey)).Status);
        }

        var (status, body) = await GetAsync(app, "/api/tenants/t1/credit-notes?board=everything", TestApp.ApiKey);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("pending, late, synced, failed, parked, voided", body!["errors"]!["board"]![0]!.ToString(), StringComparison.Ordinal);
        var connections = (await GetAsync(app, "/api/tenants/t1/connections", TestApp.ApiKey)).Body!;
        Assert.Equal("""[{"connectionId":"t1-xero","ledger":"xero"}]""", connections["items"]!.ToJsonString());
    }

    [Fact]
    public async Task A_synced_document_is_on_the_synced_board_with_its_timeline_and_latency()
    {
        await using var app = await TestApp.StartAsync();
        await app.SendAsync(TestEvents.CreditNote("cn_board", date: new DateOnly(2026, 11, 30)));
        var synced = await app.WaitForStatusAsync("cn_board", s => TestApp.IsState(s, "synced"));

        var onBoard = (await GetAsync(app, "/api/tenants/t1/credit-notes?board=synced", TestApp.ApiKey)).Body!;
        var failedBoard = (await GetAsync(app, "/api/tenants/t1/credit-notes?board=failed", TestApp.ApiKey)).Body!;
        var timeline = (await GetAsync(app, "/api/tenants/t1/credit-notes/cn_board/timeline", TestApp.ApiKey)).Body!;
        var latency = (await GetAsync(app, "/api/tenants/t1/sync-latency", TestApp.ApiKey)).Body!;

        Assert.Equal("cn_board", (string?)Assert.Single(onBoard["items"]!.AsArray())!["id"]);
        Assert.Empty(failedBoard["items"]!.AsArray());
        var kinds = timeline["entries"]!.AsArray().Select(e => (string?)e!["kind"]).ToList();
        Assert.Equal(["synced", "writeSucceeded", "writeIntended", "versionAccepted", "started"], kinds);
        var reply = timeline["entries"]![1]!;
        Assert.Equal($"Ledger id {synced["ledgers"]![0]!["ledgerDocumentId"]}", (string?)reply["detail"]);
        var point = Assert.Single(latency["points"]!.AsArray())!;
        Assert.Equal(("cn_board", "t1-xero", "xero"), ((string?)point["creditNoteId"], (string?)point["connectionId"], (string?)point["ledger"]));
        Assert.InRange((double)point["seconds"]!, 0, 60);
        Assert.Equal((double)point["seconds"]!, (double)latency["p95Seconds"]!);
    }

    [Fact]
    public async Task Recording_the_same_progress_twice_adds_no_timeline_lines()
    {
        await using var app = await TestApp.StartAsync();
        var timeline = app.Services.GetRequiredService<SyncTimeline>();
        var key = new SyncInstanceKey(TestApp.TenantId, "cn_twice");
        var at = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        SyncTimelineEvent[] events =
        [
            .. new SyncEvent[]
            {
                new BranchHeld(TestApp.ConnectionId, BranchPhase.Failed, "locked", at),
                new AlertRaised(Alerts.AlertKind.PeriodLocked, TestApp.ConnectionId, "locked", at),
                new BranchResumed(TestApp.ConnectionId, true, at.AddMinutes(1)),
            }.Select(e => new SyncTimelineEvent(SyncStateJson.Serialize(e))),
        ];

        var store = app.Services.GetRequiredService<SyncStore>();
        await store.ProjectAsync(key, SyncState.Initial, at, SyncTimeline.Rows(key, events), CancellationToken.None);
        await store.ProjectAsync(key, SyncState.Initial, at, SyncTimeline.Rows(key, events), CancellationToken.None);
        var read = await timeline.ReadAsync(key, 10, CancellationToken.None);

        Assert.Equal(["resumed", "alert", "held"], read.Select(e => e.Kind));
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> GetAsync(TestApp app, string path, string? apiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        using var response = await app.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }
}
