using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.QuickBooks;
using Microsoft.Extensions.DependencyInjection;
using Sim = CreditFunctions.LedgerSimulators.QuickBooks;

namespace CreditFunctions.IntegrationTests.Ledgers.QuickBooks;

/// <summary>Pacing per realm (Q6: 10 a second, 500 a minute, 10 in flight), Retry-After, and tokens that rotate (Q12) shared by processes.</summary>
public sealed class QuickBooksPacingAndTokensTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Thirty_reads_at_once_are_paced_to_ten_a_second_and_meet_no_429()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();
        var start = harness.Time.GetUtcNow();
        var note = QuickBooksAdapterHarness.Note("CN-1");

        var work = Task.WhenAll(Enumerable.Range(0, 30).Select(_ => harness.Connector.FindCreditNoteAsync(harness.Connection, note, None)));
        var results = await QuickBooksClockDriver.RunAsync(harness.Time, harness.Gate, harness.RealmId, work);

        Assert.All(results, r => Assert.True(r.Succeeded, r.Failure?.Message));
        Assert.Equal(0, harness.Simulator.Counters.Snapshot().Throttled);
        Assert.Equal(30, harness.Operation("GET /query"));
        Assert.True(harness.Time.GetUtcNow() - start >= TimeSpan.FromSeconds(2)); // three seconds' worth of ten
    }

    [Fact]
    public async Task The_minute_limit_holds_the_501st_call_until_the_window_frees()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(
            o => o.RateLimits = Sim.QuickBooksRateLimits.Default with { PerSecond = 1000 },
            new Dictionary<string, string?> { ["QuickBooks:CallsPerSecondPerRealm"] = "1000" });
        var start = harness.Time.GetUtcNow();
        var note = QuickBooksAdapterHarness.Note("CN-2");

        var work = Task.WhenAll(Enumerable.Range(0, 501).Select(_ => harness.Connector.FindCreditNoteAsync(harness.Connection, note, None)));
        var results = await QuickBooksClockDriver.RunAsync(harness.Time, harness.Gate, harness.RealmId, work);

        Assert.All(results, r => Assert.True(r.Succeeded, r.Failure?.Message));
        Assert.Equal(0, harness.Simulator.Counters.Snapshot().Throttled);
        Assert.True(harness.Time.GetUtcNow() - start >= TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task No_more_than_ten_calls_are_in_flight_for_a_realm()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(o => o.RateLimits = Sim.QuickBooksRateLimits.Default with { PerSecond = 1000 },
            new Dictionary<string, string?> { ["QuickBooks:CallsPerSecondPerRealm"] = "1000" });
        var held = 0;
        using var tenHeld = new SemaphoreSlim(0);
        harness.Simulator.Faults.Applied += _ =>
        {
            if (Interlocked.Increment(ref held) == 10)
            {
                tenHeld.Release();
            }
        };
        harness.Simulator.Faults.HangNext(10);
        var note = QuickBooksAdapterHarness.Note("CN-3");
        using var cancel = new CancellationTokenSource();

        var calls = Enumerable.Range(0, 11).Select(_ => harness.Connector.FindCreditNoteAsync(harness.Connection, note, cancel.Token)).ToList();
        Assert.True(await tenHeld.WaitAsync(TimeSpan.FromSeconds(20)));
        var (inFlight, _, slotsHeld, _) = harness.Gate.Snapshot(harness.RealmId);
        var received = harness.Simulator.Counters.Snapshot().ApiCalls;
        await cancel.CancelAsync();
        await Task.WhenAll(calls.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default)));

        Assert.Equal((10, 10, 10L), (inFlight, slotsHeld, received));
        Assert.Equal(0, harness.Simulator.Counters.Snapshot().Throttled);
    }

    [Fact]
    public async Task A_429_is_Throttled_with_its_Retry_After_and_nothing_goes_to_the_realm_until_it_has_passed()
    {
        // The simulator allows 2 a second while the adapter believes 10: another app shares the realm.
        await using var harness = await QuickBooksAdapterHarness.StartAsync(o => o.RateLimits = Sim.QuickBooksRateLimits.Default with { PerSecond = 2 });
        var note = QuickBooksAdapterHarness.Note("CN-4");
        await harness.Connector.FindCreditNoteAsync(harness.Connection, note, None);
        await harness.Connector.FindCreditNoteAsync(harness.Connection, note, None);

        var throttled = await harness.Connector.FindCreditNoteAsync(harness.Connection, note, None);
        using var changed = new SemaphoreSlim(0);
        harness.Gate.Changed += () => changed.Release();
        var waiting = harness.Connector.FindCreditNoteAsync(harness.Connection, note, None);
        while (harness.Gate.Snapshot(harness.RealmId).Delayed == 0)
        {
            Assert.True(await changed.WaitAsync(TimeSpan.FromSeconds(20)), "the call never started waiting");
        }

        var sentMeanwhile = harness.Simulator.Counters.Snapshot().ApiCalls;
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        var after = await waiting;

        Assert.Equal((LedgerFailureKind.Throttled, TimeSpan.FromSeconds(1)), (throttled.Failure!.Kind, throttled.Failure.RetryAfter));
        Assert.Equal(3, sentMeanwhile);
        Assert.True(after.Succeeded, after.Failure?.Message);
    }

    [Fact]
    public async Task Without_Retry_After_a_429_waits_Intuits_60_seconds()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(o =>
        {
            o.RateLimits = Sim.QuickBooksRateLimits.Default with { PerSecond = 1 };
            o.SendRetryAfter = false;
        });
        var note = QuickBooksAdapterHarness.Note("CN-5");
        await harness.Connector.FindCreditNoteAsync(harness.Connection, note, None);

        var throttled = await harness.Connector.FindCreditNoteAsync(harness.Connection, note, None);

        Assert.Equal(TimeSpan.FromSeconds(60), throttled.Failure!.RetryAfter);
    }

    [Fact]
    public async Task An_expired_access_token_is_refreshed_once_for_two_processes_and_the_rotated_refresh_token_is_shared()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();
        var note = QuickBooksAdapterHarness.Note("CN-6");
        await harness.Connector.FindCreditNoteAsync(harness.Connection, note, None);
        harness.Time.Advance(TimeSpan.FromMinutes(56)); // inside the 5-minute refresh margin of the 1-hour token

        var first = await harness.Connector.FindCreditNoteAsync(harness.Connection, note, None);
        var second = await harness.Process(1).GetRequiredService<QuickBooksCreditMemosConnector>().FindCreditNoteAsync(harness.Connection, note, None);
        harness.Time.Advance(TimeSpan.FromMinutes(56));
        var third = await harness.Process(1).GetRequiredService<QuickBooksCreditMemosConnector>().FindCreditNoteAsync(harness.Connection, note, None);

        Assert.True(first.Succeeded && second.Succeeded && third.Succeeded, first.Failure?.Message ?? second.Failure?.Message ?? third.Failure?.Message);
        Assert.Equal(2, harness.Simulator.Counters.Snapshot().TokenRequests); // one per hour, whichever process needed it
        var stored = await harness.Secrets.GetAsync("qbo-tokens-harness-qbo", None);
        Assert.DoesNotContain(harness.Seed.Tokens.RefreshToken, stored!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_token_is_renewed_once_and_a_revoked_consent_is_AuthorisationLost()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();
        var note = QuickBooksAdapterHarness.Note("CN-7");
        harness.Simulator.Control.ExpireAccessToken(harness.Seed.Tokens.AccessToken);

        var renewed = await harness.Connector.FindCreditNoteAsync(harness.Connection, note, None);
        harness.Simulator.Control.RevokeConsent(harness.Seed.ClientId);
        var lost = await harness.Connector.FindCreditNoteAsync(harness.Connection, note, None);

        Assert.True(renewed.Succeeded, renewed.Failure?.Message);
        Assert.Equal(LedgerFailureKind.AuthorisationLost, lost.Failure!.Kind);
    }

    [Fact]
    public async Task Consent_sends_the_user_to_Intuit_and_the_callbacks_code_and_realmId_connect_the_company()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(seedTokens: false);
        var consent = harness.Process().GetRequiredService<QuickBooksConsent>();
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var before = await harness.Connector.FindCreditNoteAsync(harness.Connection, QuickBooksAdapterHarness.Note("CN-8"), None);

        var authorize = consent.AuthorizeUrl("state-1");
        using var redirect = await browser.GetAsync(authorize);
        var query = System.Web.HttpUtility.ParseQueryString(redirect.Headers.Location!.Query);
        var wrongRealm = await consent.CompleteAsync(harness.Connection, query["code"]!, new Dictionary<string, string> { ["realmId"] = "123" }, None);
        var completed = await consent.CompleteAsync(harness.Connection, query["code"]!, new Dictionary<string, string> { ["realmId"] = query["realmId"]! }, None);
        var after = await consent.VerifyAsync(harness.Connection, None);

        Assert.Equal(LedgerFailureKind.AuthorisationLost, before.Failure!.Kind);
        Assert.Contains("scope=com.intuit.quickbooks.accounting", authorize.Query, StringComparison.Ordinal);
        Assert.Equal(("state-1", harness.RealmId), (query["state"], query["realmId"]));
        Assert.Equal(LedgerFailureKind.Validation, wrongRealm.Failure!.Kind);
        Assert.True(completed.Succeeded, completed.Failure?.Message);
        Assert.Null(after);
    }
}
