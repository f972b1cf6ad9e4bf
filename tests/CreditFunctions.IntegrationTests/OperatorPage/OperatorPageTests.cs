using System.Text.RegularExpressions;
using CreditFunctions.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CreditFunctions.IntegrationTests.OperatorPage;

/// <summary>
/// The operator page (docs/operator-page.md) in a real headless Chromium against the real app, Azurite and the Xero
/// simulator: sign in with the tenant's API key, documents by state, a timeline, the latency chart, retry and
/// reconnect through the API's own endpoints. Every wait is on a page condition (Playwright's auto-waiting assertions).
/// Screenshots go to <c>CREDITFUNCTIONS_SCREENSHOTS</c> when set (docs/images is made that way), else the test output.
/// </summary>
[Collection("Operator browser")]
public sealed partial class OperatorPageTests(OperatorBrowser browser)
{
    private static readonly DateOnly LockedDate = new(2026, 11, 20);
    private static readonly DateOnly OpenDate = new(2026, 11, 30);
    private static readonly LocatorAssertionsToHaveTextOptions Patient = new() { Timeout = 30_000 };

    [Fact]
    public async Task An_operator_sees_synced_and_failed_documents_reads_a_timeline_and_a_retry_syncs_the_failed_one()
    {
        await using var app = await TestApp.StartAsync();
        app.Xero.Control.SetLockDates(app.XeroTenantId, LockedDate.AddDays(5), null);
        await app.SendAsync(TestEvents.CreditNote("cn_ok", date: OpenDate));
        await app.SendAsync(TestEvents.CreditNote("cn_locked", date: LockedDate));
        await app.WaitForStatusAsync("cn_ok", s => TestApp.IsState(s, "synced"));
        await app.WaitForStatusAsync("cn_locked", s => TestApp.IsState(s, "failed"));
        var page = await browser.NewPageAsync();
        var urls = RecordRequestUrls(page);

        await SignInAsync(page, app, TestApp.TenantId, TestApp.ApiKey);

        // The failed board opens first: the document a person must act on, in the ledger's words.
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Failed" })).ToHaveAttributeAsync("aria-selected", "true");
        var failedRow = page.Locator("#documents tbody tr", new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "cn_locked" }) });
        await Expect(failedRow.Locator(".state")).ToHaveTextAsync("failed");
        await Expect(failedRow).ToContainTextAsync("t1-xero (xero): failed, 1 attempt");
        await Expect(page.Locator("#board-status")).ToHaveTextAsync("1 failed document.");

        await page.GetByRole(AriaRole.Button, new() { Name = "Timeline of cn_locked" }).ClickAsync();
        var timeline = page.Locator("#timeline li");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Timeline of cn_locked" })).ToBeFocusedAsync();
        await Expect(timeline.Filter(new() { HasText = "Create v1 sent" })).ToContainTextAsync("(attempt 1)");
        await Expect(timeline.Filter(new() { HasText = "Ledger answered PeriodLocked" })).ToHaveCountAsync(1);
        await Expect(timeline.Filter(new() { HasText = "Failed:" })).ToContainTextAsync("Fix the cause, then retry");
        await Expect(timeline.Filter(new() { HasText = "Alert PeriodLocked" })).ToHaveCountAsync(1);
        await Expect(timeline.Last).ToContainTextAsync("Sync started for 1 connection");

        // The latency chart: one ledger sync in the last day, drawn as one point.
        await Expect(page.Locator("#latency-summary")).ToHaveTextAsync(LatencySummary());
        await Expect(page.Locator("#latency-chart svg circle.chart-point.xero")).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "operator-failed-timeline.png");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Synced" }).ClickAsync();
        var syncedRow = page.Locator("#documents tbody tr", new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "cn_ok" }) });
        await Expect(syncedRow.Locator(".state")).ToHaveTextAsync("synced");
        await Expect(syncedRow).ToContainTextAsync("Ledger id ");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Retry cn_ok" })).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "operator-synced.png");

        // The period opens again; the operator retries from the page and watches it sync.
        app.Xero.Control.SetLockDates(app.XeroTenantId, null, null);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Failed" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Retry cn_locked" }).ClickAsync();

        await Expect(page.Locator("#notice")).ToHaveTextAsync("cn_locked is now synced.", Patient);
        await Expect(failedRow.Locator(".state")).ToHaveTextAsync("synced");
        await Expect(timeline.Filter(new() { HasText = "(attempt 2)" })).ToContainTextAsync("Create v1 sent");
        await Expect(timeline.First).ToContainTextAsync("Synced v1");
        await Expect(page.Locator("#latency-chart svg circle.chart-point")).ToHaveCountAsync(2);
        var stored = Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_locked"));
        Assert.Equal("2026-11-20T00:00:00", (string?)stored["DateString"]);
        Assert.DoesNotContain(urls, u => u.Contains(TestApp.ApiKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_key_or_another_tenants_key_is_refused_and_shows_nothing()
    {
        await using var app = await TestApp.StartAsync(a => a.AddSecondTenant("t2-api-key"));
        await app.SendAsync(TestEvents.CreditNote("cn_secret", date: OpenDate));
        await app.WaitForStatusAsync("cn_secret", s => TestApp.IsState(s, "synced"));
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(app.Http.BaseAddress!, "/api/operator").ToString());
        await page.GetByLabel("Tenant id").FillAsync(TestApp.TenantId);
        await page.GetByLabel("API key").FillAsync("not-the-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Sign-in refused: that tenant id and API key do not match.");
        await ScreenshotAsync(page, "operator-sign-in-refused.png");

        await page.GetByLabel("API key").FillAsync("t2-api-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Sign-in refused: that tenant id and API key do not match.");

        await Expect(page.Locator("#console")).ToBeHiddenAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('creditfunctions.operator')"));
        Assert.DoesNotContain("cn_secret", await page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_parked_document_resumes_when_the_operator_reconnects_its_connection_once_it_works()
    {
        await using var app = await TestApp.StartAsync();
        // The Xero app's secret was rotated and the deployment still has the old one: every token request is refused.
        app.Xero.Seed.Client(TestApp.ClientId, "rotated-secret", app.XeroTenantId);
        await app.SendAsync(TestEvents.CreditNote("cn_parked", date: OpenDate));
        await app.WaitForStatusAsync("cn_parked", s => TestApp.IsState(s, "failed") && (bool?)s["ledgers"]![0]!["needsReconnecting"] == true);
        var page = await browser.NewPageAsync();
        await SignInAsync(page, app, TestApp.TenantId, TestApp.ApiKey);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Parked" }).ClickAsync();
        var parkedRow = page.Locator("#documents tbody tr", new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "cn_parked" }) });
        await Expect(parkedRow).ToContainTextAsync("needs reconnecting");
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Parked" })).ToBeFocusedAsync();
        await ScreenshotAsync(page, "operator-parked.png");

        // Still broken: the ledger's refusal is shown and nothing resumes.
        await page.GetByRole(AriaRole.Button, new() { Name = "Reconnect t1-xero" }).ClickAsync();
        await Expect(page.Locator("#notice")).ToHaveTextAsync(StillBroken());
        await Expect(parkedRow.Locator(".state")).ToHaveTextAsync("failed");

        app.Xero.Seed.Client(TestApp.ClientId, TestApp.ClientSecret, app.XeroTenantId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Reconnect t1-xero" }).ClickAsync();

        await Expect(page.Locator("#notice")).ToHaveTextAsync("cn_parked is now synced.", Patient);
        await Expect(parkedRow.Locator(".state")).ToHaveTextAsync("synced");
        Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_parked"));
    }

    [Fact]
    public async Task The_page_states_an_empty_tenant_plainly_and_signs_out_when_the_key_stops_working()
    {
        await using var app = await TestApp.StartAsync();
        var page = await browser.NewPageAsync();
        await SignInAsync(page, app, TestApp.TenantId, TestApp.ApiKey);

        await Expect(page.Locator("#board-status")).ToHaveTextAsync("No failed documents.");
        await Expect(page.Locator("#latency-summary")).ToHaveTextAsync("No documents synced in the last 24 hours.");
        await Expect(page.Locator("#documents")).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Synced" }).PressAsync("ArrowRight");
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Voided" })).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(page.Locator("#board-status")).ToHaveTextAsync("No voided documents.");

        // The key is rotated while the page is open: the next call is refused and the page forgets the old key.
        await page.EvaluateAsync("() => sessionStorage.setItem('creditfunctions.operator', JSON.stringify({ tenant: 't1', key: 'rotated-away' }))");
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Sign-in refused: that tenant id and API key do not match.");
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('creditfunctions.operator')"));
    }

    private static async Task SignInAsync(IPage page, TestApp app, string tenantId, string apiKey)
    {
        await page.GotoAsync(new Uri(app.Http.BaseAddress!, "/api/operator").ToString());
        await page.GetByLabel("Tenant id").FillAsync(tenantId);
        await page.GetByLabel("API key").FillAsync(apiKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#who-tenant")).ToHaveTextAsync(tenantId);
        await Expect(page.GetByLabel("API key")).ToBeHiddenAsync();
    }

    private static List<string> RecordRequestUrls(IPage page)
    {
        var urls = new List<string>();
        page.Request += (_, request) =>
        {
            lock (urls)
            {
                urls.Add(request.Url);
            }
        };
        return urls;
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var directory = Environment.GetEnvironmentVariable("CREDITFUNCTIONS_SCREENSHOTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "operator-page-screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name), FullPage = true });
    }

    [GeneratedRegex(@"^1 ledger sync: median \d")]
    private static partial Regex LatencySummary();

    [GeneratedRegex("^t1-xero still does not work: .*invalid_client")]
    private static partial Regex StillBroken();
}
