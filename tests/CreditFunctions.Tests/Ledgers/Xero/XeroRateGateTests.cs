using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.Xero;
using CreditFunctions.TestSupport;

namespace CreditFunctions.Tests.Ledgers.Xero;

public sealed class XeroRateGateTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task The_sixty_first_call_in_a_minute_waits_until_the_first_leaves_the_window()
    {
        var gate = Gate();
        for (var i = 0; i < 60; i++)
        {
            (await gate.AcquireAsync("t1", CancellationToken.None)).Value!.Dispose();
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        var next = gate.AcquireAsync("t1", CancellationToken.None);
        Assert.False(next.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(53.9)); // 59.9 s after the first call
        Assert.False(next.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        var lease = await next.WaitAsync(Patience);
        Assert.True(lease.Succeeded);
    }

    [Fact]
    public async Task Waiting_until_open_returns_at_once_with_room_and_otherwise_when_a_call_would_pass_without_taking_it()
    {
        var gate = Gate(o => o.CallsPerWindowPerTenant = 1);
        await gate.WaitUntilOpenAsync("t1", CancellationToken.None).WaitAsync(Patience);
        (await gate.AcquireAsync("t1", CancellationToken.None)).Value!.Dispose();

        var open = gate.WaitUntilOpenAsync("t1", CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(open.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        await open.WaitAsync(Patience);

        // Nothing was taken: the call it waited for still goes at once.
        var lease = gate.AcquireAsync("t1", CancellationToken.None);
        Assert.True(lease.IsCompleted);
        (await lease).Value!.Dispose();
    }

    [Fact]
    public async Task The_window_margin_keeps_a_call_counted_a_little_longer_than_Xero_does()
    {
        var gate = Gate(o =>
        {
            o.CallsPerWindowPerTenant = 1;
            o.RateWindowMargin = TimeSpan.FromSeconds(1);
        });
        (await gate.AcquireAsync("t1", CancellationToken.None)).Value!.Dispose();

        var next = gate.AcquireAsync("t1", CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.False(next.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await next.WaitAsync(Patience)).Succeeded);
    }

    [Fact]
    public async Task A_snapshot_names_the_earliest_wake_of_waiting_calls()
    {
        var gate = Gate(o => o.CallsPerWindowPerTenant = 1);
        (await gate.AcquireAsync("t1", CancellationToken.None)).Value!.Dispose();
        var start = _time.GetUtcNow();

        var waiting = gate.AcquireAsync("t1", CancellationToken.None);
        var snapshot = gate.Snapshot("t1");

        Assert.Equal((0, 1, 1, start + TimeSpan.FromMinutes(1)), snapshot);
        _time.Advance(TimeSpan.FromMinutes(1));
        (await waiting.WaitAsync(Patience)).Value!.Dispose();
    }

    [Fact]
    public async Task A_call_stays_counted_until_a_full_window_after_its_answer_arrived()
    {
        var gate = Gate(o => o.CallsPerWindowPerTenant = 1);
        var lease = (await gate.AcquireAsync("t1", CancellationToken.None)).Value!;
        _time.Advance(TimeSpan.FromSeconds(5)); // a slow request: Xero may have counted it only now
        lease.Dispose();

        var next = gate.AcquireAsync("t1", CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(next.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await next.WaitAsync(Patience)).Succeeded);
    }

    [Fact]
    public async Task No_more_than_five_calls_are_in_flight_for_one_tenant()
    {
        var gate = Gate();
        var held = new List<XeroRateLease>();
        for (var i = 0; i < 5; i++)
        {
            held.Add((await gate.AcquireAsync("t1", CancellationToken.None)).Value!);
        }

        var sixth = gate.AcquireAsync("t1", CancellationToken.None);
        Assert.False(sixth.IsCompleted);
        Assert.Equal(5, gate.InFlight("t1"));
        held[0].Dispose();
        Assert.True((await sixth.WaitAsync(Patience)).Succeeded);
    }

    [Fact]
    public async Task Tenants_have_separate_budgets()
    {
        var gate = Gate(o => o.CallsPerWindowPerTenant = 1);
        (await gate.AcquireAsync("t1", CancellationToken.None)).Value!.Dispose();

        var other = gate.AcquireAsync("t2", CancellationToken.None);
        var same = gate.AcquireAsync("t1", CancellationToken.None);

        Assert.True(other.IsCompletedSuccessfully);
        Assert.False(same.IsCompleted);
    }

    [Fact]
    public async Task The_app_wide_limit_holds_across_tenants()
    {
        var gate = Gate(o => o.AppCallsPerWindow = 2);
        (await gate.AcquireAsync("t1", CancellationToken.None)).Value!.Dispose();
        (await gate.AcquireAsync("t2", CancellationToken.None)).Value!.Dispose();

        var third = gate.AcquireAsync("t3", CancellationToken.None);

        Assert.False(third.IsCompleted);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await third.WaitAsync(Patience)).Succeeded);
    }

    [Fact]
    public async Task A_429_blocks_the_tenant_until_Retry_After_has_passed()
    {
        var gate = Gate();
        gate.Block("t1", TimeSpan.FromSeconds(30), daily: false);

        var next = gate.AcquireAsync("t1", CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(next.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await next.WaitAsync(Patience)).Succeeded);
    }

    [Fact]
    public async Task Fewer_remaining_calls_on_the_server_than_counted_here_slow_the_pacer_down()
    {
        var gate = Gate();
        (await gate.AcquireAsync("t1", CancellationToken.None)).Value!.Dispose();
        using var response = new HttpResponseMessage();
        response.Headers.Add("X-MinLimit-Remaining", "0"); // another process used the rest of this minute

        gate.Observe("t1", response.Headers);
        var next = gate.AcquireAsync("t1", CancellationToken.None);

        Assert.False(next.IsCompleted);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await next.WaitAsync(Patience)).Succeeded);
    }

    [Fact]
    public async Task More_remaining_calls_on_the_server_than_counted_here_change_nothing()
    {
        var gate = Gate(o => o.CallsPerWindowPerTenant = 2);
        (await gate.AcquireAsync("t1", CancellationToken.None)).Value!.Dispose();
        using var response = new HttpResponseMessage();
        response.Headers.Add("X-MinLimit-Remaining", "59");

        gate.Observe("t1", response.Headers);

        Assert.True(gate.AcquireAsync("t1", CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_spent_daily_budget_fails_fast_with_DailyLimitReached()
    {
        var gate = Gate(o => o.CallsPerDayPerTenant = 2);
        (await gate.AcquireAsync("t1", CancellationToken.None)).Value!.Dispose();
        (await gate.AcquireAsync("t1", CancellationToken.None)).Value!.Dispose();

        var third = await gate.AcquireAsync("t1", CancellationToken.None);

        Assert.Equal(LedgerFailureKind.DailyLimitReached, third.Failure!.Kind);
        Assert.Equal(TimeSpan.FromDays(1), third.Failure.RetryAfter);
    }

    [Fact]
    public async Task A_wait_beyond_MaxPacingWait_returns_Throttled_for_the_workflow_to_reschedule()
    {
        var gate = Gate(o => o.MaxPacingWait = TimeSpan.FromSeconds(10));
        gate.Block("t1", TimeSpan.FromSeconds(45), daily: false);

        var result = await gate.AcquireAsync("t1", CancellationToken.None);

        Assert.Equal(LedgerFailureKind.Throttled, result.Failure!.Kind);
        Assert.Equal(TimeSpan.FromSeconds(45), result.Failure.RetryAfter);
        Assert.Equal(0, gate.InFlight("t1"));
    }

    [Fact]
    public async Task A_cancelled_wait_gives_its_slot_back()
    {
        var gate = Gate(o => o.ConcurrentCallsPerTenant = 1);
        gate.Block("t1", TimeSpan.FromSeconds(30), daily: false);
        using var cancel = new CancellationTokenSource();
        var waiting = gate.AcquireAsync("t1", cancel.Token);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.True((await gate.AcquireAsync("t1", CancellationToken.None).WaitAsync(Patience)).Succeeded);
    }

    private XeroRateGate Gate(Action<XeroOptions>? configure = null)
    {
        var options = new XeroOptions { ClientId = "c", ClientSecret = "s", RateWindowMargin = TimeSpan.Zero };
        configure?.Invoke(options);
        return new XeroRateGate(Microsoft.Extensions.Options.Options.Create(options), _time);
    }
}
