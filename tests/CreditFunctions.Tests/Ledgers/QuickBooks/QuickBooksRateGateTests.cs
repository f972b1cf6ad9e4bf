using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.QuickBooks;
using CreditFunctions.TestSupport;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Tests.Ledgers.QuickBooks;

/// <summary>Pacing per realm (ledger-apis.md Q6) on a hand-moved clock.</summary>
public sealed class QuickBooksRateGateTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task The_eleventh_call_in_a_second_waits_for_the_next_second()
    {
        var gate = Gate();
        for (var i = 0; i < 10; i++)
        {
            (await gate.AcquireAsync("r1", false, CancellationToken.None)).Value!.Dispose();
        }

        var next = gate.AcquireAsync("r1", false, CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(next.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True((await next.WaitAsync(Patience)).Succeeded);
    }

    [Fact]
    public async Task The_501st_call_in_a_minute_waits_until_the_first_leaves_the_window_while_another_realm_goes_on()
    {
        var gate = Gate();
        for (var i = 0; i < 500; i++)
        {
            (await gate.AcquireAsync("r1", false, CancellationToken.None)).Value!.Dispose();
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        var next = gate.AcquireAsync("r1", false, CancellationToken.None);
        var other = await gate.AcquireAsync("r2", false, CancellationToken.None).WaitAsync(Patience);
        _time.Advance(TimeSpan.FromSeconds(9.9)); // 59.9 s after the first call
        Assert.False(next.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True((await next.WaitAsync(Patience)).Succeeded);
        Assert.True(other.Succeeded);
    }

    [Fact]
    public async Task Ten_calls_in_flight_hold_the_eleventh_until_one_answers()
    {
        var gate = Gate(o => o.CallsPerSecondPerRealm = 100);
        var leases = new List<QuickBooksRateLease>();
        for (var i = 0; i < 10; i++)
        {
            leases.Add((await gate.AcquireAsync("r1", false, CancellationToken.None)).Value!);
        }

        var next = gate.AcquireAsync("r1", false, CancellationToken.None);
        Assert.False(next.IsCompleted);
        leases[0].Dispose();
        Assert.True((await next.WaitAsync(Patience)).Succeeded);
        Assert.Equal(10, gate.Snapshot("r1").InFlight);
    }

    [Fact]
    public async Task Batch_calls_count_against_their_own_40_a_minute_not_the_500()
    {
        var gate = Gate(o => o.CallsPerSecondPerRealm = 1000);
        for (var i = 0; i < 40; i++)
        {
            (await gate.AcquireAsync("r1", true, CancellationToken.None)).Value!.Dispose();
        }

        var batch = gate.AcquireAsync("r1", true, CancellationToken.None);
        var single = await gate.AcquireAsync("r1", false, CancellationToken.None).WaitAsync(Patience);

        Assert.False(batch.IsCompleted);
        Assert.True(single.Succeeded);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await batch.WaitAsync(Patience)).Succeeded);
    }

    [Fact]
    public async Task A_429_blocks_the_realm_for_its_Retry_After_and_a_wait_beyond_MaxPacingWait_is_Throttled()
    {
        var gate = Gate(o => o.MaxPacingWait = TimeSpan.FromSeconds(30));
        gate.Block("r1", TimeSpan.FromSeconds(5));
        var blocked = gate.AcquireAsync("r1", false, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(blocked.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        (await blocked.WaitAsync(Patience)).Value!.Dispose();

        gate.Block("r1", TimeSpan.FromMinutes(1));
        var refused = await gate.AcquireAsync("r1", false, CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(LedgerFailureKind.Throttled, refused.Failure!.Kind);
    }

    private QuickBooksRateGate Gate(Action<QuickBooksOptions>? configure = null)
    {
        var options = new QuickBooksOptions();
        configure?.Invoke(options);
        return new QuickBooksRateGate(Options.Create(options), _time);
    }
}
