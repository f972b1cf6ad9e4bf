using System.Net;

namespace CreditFunctions.IntegrationTests.LedgerSimulators.Xero;

/// <summary>X13: Idempotency-Key replays within the window return the cached response, errors included; replays count against limits.</summary>
public sealed class XeroIdempotencyTests
{
    [Fact]
    public async Task A_replay_with_the_same_key_returns_the_first_response_and_creates_nothing_new()
    {
        await using var xero = await XeroHarness.StartAsync();
        var body = new { CreditNotes = new[] { xero.CreditNote("CN-1") } };

        var (first, firstBody) = await xero.CallAsync(HttpMethod.Put, "CreditNotes", body, idempotencyKey: "key-1");
        var (replay, replayBody) = await xero.CallAsync(HttpMethod.Put, "CreditNotes", body, idempotencyKey: "key-1");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(firstBody.ToString(), replayBody.ToString());
        Assert.Single(xero.Simulator.Store.CreditNotesByNumber("CN-1"));
        Assert.Equal(1, xero.Simulator.Counters.Snapshot().IdempotentReplays);
    }

    [Fact]
    public async Task A_cached_error_is_replayed_even_after_the_cause_is_gone()
    {
        await using var xero = await XeroHarness.StartAsync();
        xero.Simulator.Control.SetLockDates(xero.TenantId, xero.Today, null);
        var body = new { CreditNotes = new[] { xero.CreditNote("CN-1") } };

        var (first, _) = await xero.CallAsync(HttpMethod.Put, "CreditNotes", body, idempotencyKey: "key-err");
        xero.Simulator.Control.SetLockDates(xero.TenantId, null, null);
        var (replay, replayBody) = await xero.CallAsync(HttpMethod.Put, "CreditNotes", body, idempotencyKey: "key-err");
        var (fresh, _) = await xero.CallAsync(HttpMethod.Put, "CreditNotes", body, idempotencyKey: "key-new");

        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Contains("period lock date", XeroAllocationsTests.Message(replayBody), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task After_the_window_the_same_key_is_processed_as_new()
    {
        await using var xero = await XeroHarness.StartAsync();
        var body = new { CreditNotes = new[] { xero.CreditNote("CN-1") } };
        await xero.CallAsync(HttpMethod.Put, "CreditNotes", body, idempotencyKey: "key-1");

        xero.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(59));
        var (withinWindow, _) = await xero.CallAsync(HttpMethod.Put, "CreditNotes", body, idempotencyKey: "key-1");
        xero.Time.Advance(TimeSpan.FromSeconds(1));
        var (afterWindow, afterBody) = await xero.CallAsync(HttpMethod.Put, "CreditNotes", body, idempotencyKey: "key-1");

        Assert.Equal(HttpStatusCode.OK, withinWindow.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, afterWindow.StatusCode);
        Assert.Equal("Credit Note # must be unique.", XeroAllocationsTests.Message(afterBody));
    }

    [Fact]
    public async Task A_key_longer_than_128_characters_is_refused()
    {
        await using var xero = await XeroHarness.StartAsync();

        var (response, _) = await xero.CallAsync(HttpMethod.Put, "CreditNotes", new { CreditNotes = new[] { xero.CreditNote("CN-1") } }, idempotencyKey: new string('k', 129));
        var (longest, _) = await xero.CallAsync(HttpMethod.Put, "CreditNotes", new { CreditNotes = new[] { xero.CreditNote("CN-2") } }, idempotencyKey: new string('k', 128));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(xero.Simulator.Store.CreditNotesByNumber("CN-1"));
        Assert.Equal(HttpStatusCode.OK, longest.StatusCode);
    }

    [Fact]
    public async Task Reusing_a_key_for_a_different_request_is_refused()
    {
        await using var xero = await XeroHarness.StartAsync();
        await xero.CallAsync(HttpMethod.Put, "CreditNotes", new { CreditNotes = new[] { xero.CreditNote("CN-1") } }, idempotencyKey: "key-1");

        var (response, _) = await xero.CallAsync(HttpMethod.Put, "CreditNotes", new { CreditNotes = new[] { xero.CreditNote("CN-2") } }, idempotencyKey: "key-1");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(xero.Simulator.Store.CreditNotesByNumber("CN-2"));
    }

    [Fact]
    public async Task Replays_count_against_the_rate_limit_because_limits_are_checked_first()
    {
        await using var xero = await XeroHarness.StartAsync();
        xero.Simulator.Control.Limits = xero.Simulator.Control.Limits with { PerTenantPerMinute = 3 };
        var body = new { CreditNotes = new[] { xero.CreditNote("CN-1") } };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await xero.CallAsync(HttpMethod.Put, "CreditNotes", body, idempotencyKey: "key-1")).Response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(2, xero.Simulator.Counters.Snapshot().IdempotentReplays);
    }
}
