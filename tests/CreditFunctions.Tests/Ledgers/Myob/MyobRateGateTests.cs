using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.Myob;
using CreditFunctions.TestSupport;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Tests.Ledgers.Myob;

public sealed class MyobRateGateTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Eight_calls_go_at_once_and_the_ninth_waits_a_window_after_the_first_answer()
    {
        var time = new ManualTimeProvider();
        var gate = new MyobRateGate(Options.Create(new MyobOptions()), time);
        var leases = new List<IDisposable>();
        for (var i = 0; i < 8; i++)
        {
            leases.Add((await gate.AcquireAsync("key", None)).Value!);
        }

        time.Advance(TimeSpan.FromMilliseconds(300));
        leases.ForEach(l => l.Dispose()); // answered 300 ms after they were let through
        var ninth = gate.AcquireAsync("key", None);
        time.Advance(TimeSpan.FromMilliseconds(999));
        var stillWaiting = ninth.IsCompleted;
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.False(stillWaiting);
        Assert.True((await ninth).Succeeded);
    }

    [Fact]
    public async Task The_budget_belongs_to_the_API_key_not_the_tenant()
    {
        var time = new ManualTimeProvider();
        var gate = new MyobRateGate(Options.Create(new MyobOptions()), time);
        for (var i = 0; i < 8; i++)
        {
            (await gate.AcquireAsync("key", None)).Value!.Dispose();
        }

        var sameKey = gate.AcquireAsync("key", None);
        var otherKey = await gate.AcquireAsync("other-key", None);

        Assert.False(sameKey.IsCompleted);
        Assert.True(otherKey.Succeeded);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await sameKey).Succeeded);
    }

    [Fact]
    public async Task A_block_from_a_403_holds_the_key_and_a_wait_past_MaxPacingWait_is_Throttled()
    {
        var time = new ManualTimeProvider();
        var gate = new MyobRateGate(Options.Create(new MyobOptions { MaxPacingWait = TimeSpan.FromSeconds(30) }), time);
        gate.Block("key", TimeSpan.FromMinutes(1), daily: false);

        var result = await gate.AcquireAsync("key", None);

        Assert.Equal(LedgerFailureKind.Throttled, result.Failure!.Kind);
        Assert.Equal(TimeSpan.FromMinutes(1), result.Failure.RetryAfter);
    }

    [Fact]
    public async Task The_daily_budget_stops_the_key_until_the_next_UTC_day()
    {
        var time = new ManualTimeProvider();
        var gate = new MyobRateGate(Options.Create(new MyobOptions { CallsPerDay = 2 }), time);
        (await gate.AcquireAsync("key", None)).Value!.Dispose();
        (await gate.AcquireAsync("key", None)).Value!.Dispose();

        var spent = await gate.AcquireAsync("key", None);

        Assert.Equal(LedgerFailureKind.DailyLimitReached, spent.Failure!.Kind);
        Assert.Equal(TimeSpan.FromHours(14), spent.Failure.RetryAfter);
    }
}
