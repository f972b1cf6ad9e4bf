using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CreditFunctions.Alerts;
using CreditFunctions.Documents;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.Ledgers.Myob;
using CreditFunctions.LedgerSimulators.Myob;
using CreditFunctions.LedgerSimulators.Xero;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CreditFunctions.IntegrationTests.EndToEnd;

/// <summary>
/// The real app with tenant t1 connected to Xero (t1-xero) and MYOB (t1-myob) at once: one document fans out to both
/// branches; the status shows both. MYOB's policies: settlements come off before an amendment or void, lock periods
/// follow the tenant's Hold or Redate, and a company file is connected by consent.
/// </summary>
public sealed class MyobEndToEndTests
{
    private static readonly DateOnly Date = new(2026, 11, 20);

    [Fact]
    public async Task A_tenant_with_Xero_and_MYOB_connections_gets_the_credit_note_and_allocation_in_both_and_status_shows_both()
    {
        await using var app = await TestApp.StartAsync(withMyob: true);
        app.Xero.Seed.Invoice(app.XeroTenantId, new XeroInvoiceSeed("INV-0001", app.CustomerId, 1000m));
        app.Myob!.Seed.Invoice(app.MyobFileId, new MyobInvoiceSeed("INV-0001", app.MyobCustomerId, 1000m, Date));

        await app.SendAsync(TestEvents.CreditNote("cn_both", allocations: [new AllocationRequest("INV-0001", 150m, Date)]));

        var status = await app.WaitForStatusAsync("cn_both", s => TestApp.IsState(s, "synced"));
        var ledgers = status["ledgers"]!.AsArray();
        var myob = ledgers.Single(l => (string?)l!["ledger"] == "myob")!;
        var stored = Assert.Single(app.Myob.Store.CreditNotesByNumber("CN-cn_both"));
        Assert.Equal(["xero", "myob"], ledgers.Select(l => (string?)l!["ledger"]).Order(StringComparer.Ordinal).Reverse());
        Assert.All(ledgers, l => Assert.Equal("synced", (string?)l!["state"]));
        Assert.All(ledgers, l => Assert.Equal("allocated", (string?)l!["allocations"]![0]!["state"]));
        Assert.Equal(TestApp.MyobConnectionId, (string?)myob["connectionId"]);
        Assert.Equal((string?)stored["UID"], (string?)myob["ledgerDocumentId"]);
        Assert.NotNull((string?)myob["syncedAt"]);
        Assert.Equal("Credit", (string?)stored["Status"]);
        Assert.Equal(-70m, (decimal)stored["BalanceDueAmount"]!);
        Assert.Equal(850m, (decimal)app.Myob.Store.Invoice(app.MyobFileId, "INV-0001")!["BalanceDueAmount"]!);
        Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_both"));
        Assert.Equal(0, app.Myob.Counters.Snapshot().RateLimited);
    }

    [Fact]
    public async Task A_settled_MYOB_credit_is_amended_then_voided_with_its_settlement_removed_first_each_time()
    {
        await using var app = await TestApp.StartAsync(withMyob: true);
        app.Xero.Seed.Invoice(app.XeroTenantId, new XeroInvoiceSeed("INV-7", app.CustomerId, 1000m));
        app.Myob!.Seed.Invoice(app.MyobFileId, new MyobInvoiceSeed("INV-7", app.MyobCustomerId, 1000m, Date));
        await app.SendAsync(TestEvents.CreditNote("cn_amend", allocations: [new AllocationRequest("INV-7", 150m, Date)]));
        var v1 = await app.WaitForStatusAsync("cn_amend", s => TestApp.IsState(s, "synced"));
        var uid = MyobBranch(v1)["ledgerDocumentId"]!.ToString();

        await app.SendAsync(TestEvents.CreditNote("cn_amend", version: 2, net: 100m, allocations: [new AllocationRequest("INV-7", 110m, Date)]));
        var v2 = await app.WaitForStatusAsync("cn_amend", s => TestApp.IsState(s, "synced") && (long?)s["version"] == 2);
        var amended = Assert.Single(app.Myob.Store.CreditNotesByNumber("CN-cn_amend"));
        var settlement = Assert.Single(app.Myob.Store.Settlements(app.MyobFileId, "CN-cn_amend"));
        var invoiceAfterAmend = (decimal)app.Myob.Store.Invoice(app.MyobFileId, "INV-7")!["BalanceDueAmount"]!;

        await app.SendAsync(TestEvents.CreditNote("cn_amend", version: 2, type: OrderEventType.CreditNoteVoided, net: 100m));
        await app.WaitForStatusAsync("cn_amend", s => TestApp.IsState(s, "voided"));

        Assert.Equal(uid, (string?)MyobBranch(v2)["ledgerDocumentId"]); // amended in place (PUT with RowVersion)
        Assert.Equal(uid, (string?)amended["UID"]);
        Assert.Equal(-110m, (decimal)amended["TotalAmount"]!);
        Assert.Equal(110m, (decimal)settlement["CreditAmount"]!);
        Assert.Equal(890m, invoiceAfterAmend);
        Assert.Empty(app.Myob.Store.CreditNotesByNumber("CN-cn_amend"));
        Assert.Empty(app.Myob.Store.Settlements(app.MyobFileId));
        Assert.Equal(1000m, (decimal)app.Myob.Store.Invoice(app.MyobFileId, "INV-7")!["BalanceDueAmount"]!);
        Assert.Equal(2, app.Myob.Counters.Snapshot().Operations.GetValueOrDefault("DELETE /Sale/CreditSettlement/{uid}"));
    }

    [Fact]
    public async Task A_locked_MYOB_period_under_Hold_fails_the_MYOB_branch_with_an_alert_and_posts_nothing()
    {
        await using var app = await TestApp.StartAsync(withMyob: true);
        app.Myob!.Control.SetLockPeriod(app.MyobFileId, new DateOnly(2026, 11, 30));

        await app.SendAsync(TestEvents.CreditNote("cn_hold"));

        // The document fails as soon as the MYOB branch does; the Xero branch finishes on its own time.
        var status = await app.WaitForStatusAsync("cn_hold", s => TestApp.IsState(s, "failed") && s["ledgers"]!.AsArray().Any(l => (string?)l!["ledger"] == "xero" && (string?)l["state"] == "synced"));
        Assert.Equal("failed", (string?)MyobBranch(status)["state"]);
        Assert.Contains("locked period", (string?)MyobBranch(status)["lastError"], StringComparison.Ordinal);
        Assert.Equal("synced", (string?)status["ledgers"]!.AsArray().Single(l => (string?)l!["ledger"] == "xero")!["state"]);
        Assert.Contains(app.Alerts.All, a => a.Kind == AlertKind.PeriodLocked && a.ConnectionId == TestApp.MyobConnectionId);
        Assert.Empty(app.Myob.Store.CreditNotesByNumber("CN-cn_hold"));
    }

    [Fact]
    public async Task A_locked_MYOB_period_under_Redate_posts_on_the_first_open_day()
    {
        await using var app = await TestApp.StartAsync(a => a.Settings["Tenants:t1:ClosedPeriod"] = "Redate", withMyob: true);
        app.Myob!.Control.SetLockPeriod(app.MyobFileId, new DateOnly(2026, 11, 30));

        await app.SendAsync(TestEvents.CreditNote("cn_redate"));

        await app.WaitForStatusAsync("cn_redate", s => TestApp.IsState(s, "synced"));
        var stored = Assert.Single(app.Myob.Store.CreditNotesByNumber("CN-cn_redate"));
        Assert.StartsWith("2026-12-01", (string?)stored["Date"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_MYOB_company_file_is_connected_by_consent_and_a_consent_to_another_file_stores_nothing()
    {
        await using var app = await TestApp.StartAsync(a => a.Settings["Myob:RedirectUri"] = "http://127.0.0.1/api/connections/callback", withMyob: true);
        app.Services.GetRequiredService<IOptions<MyobOptions>>().Value.RedirectUri = new Uri(app.Http.BaseAddress!, "api/connections/callback");
        var otherFile = app.Myob!.Seed.CompanyFile("Someone Else's File");

        app.Myob.Control.SetConsentChoice(TestApp.MyobApiKey, new MyobConsentChoice(otherFile));
        var (wrongStatus, wrongBody) = await ConsentAsync(app);
        app.Myob.Control.SetConsentChoice(TestApp.MyobApiKey, new MyobConsentChoice(app.MyobFileId));
        var (status, body) = await ConsentAsync(app);
        await app.SendAsync(TestEvents.CreditNote("cn_cons"));
        await app.WaitForStatusAsync("cn_cons", s => TestApp.IsState(s, "synced"));

        Assert.Equal(HttpStatusCode.Conflict, wrongStatus);
        Assert.Contains(app.MyobFileId.ToString(), wrongBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(TestApp.MyobConnectionId, (string?)JsonNode.Parse(body)!["connectionId"]);
        Assert.Equal("Test Company File", (string?)JsonNode.Parse(body)!["organisation"]);
        Assert.Single(app.Myob.Store.CreditNotesByNumber("CN-cn_cons"));
    }

    private static JsonNode MyobBranch(JsonObject status) => status["ledgers"]!.AsArray().Single(l => (string?)l!["ledger"] == "myob")!;

    /// <summary>Starts a consent for t1-myob, lets the simulated user answer, and follows MYOB's redirect to the app's callback.</summary>
    private static async Task<(HttpStatusCode Status, string Body)> ConsentAsync(TestApp app)
    {
        using var start = new HttpRequestMessage(HttpMethod.Post, $"/api/tenants/t1/connections/{TestApp.MyobConnectionId}/connect");
        start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestApp.ApiKey);
        using var started = await app.Http.SendAsync(start);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var authorize = new Uri((string)JsonNode.Parse(await started.Content.ReadAsStringAsync())!["authorizeUrl"]!);
        Assert.Contains("prompt=consent", authorize.Query, StringComparison.Ordinal);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var redirect = await browser.GetAsync(authorize);
        using var callback = await app.Http.GetAsync(redirect.Headers.Location!.PathAndQuery);
        return (callback.StatusCode, await callback.Content.ReadAsStringAsync());
    }
}
