using System.Diagnostics;
using CreditFunctions.Ledgers.Myob;
using CreditFunctions.TestSupport;

namespace CreditFunctions.IntegrationTests.Ledgers.Myob;

/// <summary>
/// Runs work the MYOB pacer holds back while moving one shared <see cref="ManualTimeProvider"/> (the simulator counts
/// with the same clock). Time jumps to the pacer's earliest wake only when no call is in flight and every slot holder
/// sleeps on the clock, so no request is sent at one instant and received at another.
/// </summary>
internal static class MyobClockDriver
{
    public static async Task<T> RunAsync<T>(ManualTimeProvider time, MyobRateGate gate, string apiKey, Task<T> work)
    {
        using var signal = new SemaphoreSlim(0);
        void OnChanged() => signal.Release();
        gate.Changed += OnChanged;
        var giveUp = Stopwatch.StartNew();
        try
        {
            while (!work.IsCompleted)
            {
                if (giveUp.Elapsed > TimeSpan.FromSeconds(90))
                {
                    throw new TimeoutException($"The work did not finish; the pacer reads {gate.Snapshot(apiKey)} at {time.GetUtcNow():O}.");
                }

                var (inFlight, sleeping, slotsHeld, nextWake) = gate.Snapshot(apiKey);
                if (inFlight == 0 && sleeping > 0 && sleeping == slotsHeld && nextWake is { } wake)
                {
                    var now = time.GetUtcNow();
                    time.Advance(wake > now ? wake - now : TimeSpan.Zero);
                    await Task.Yield();
                    continue;
                }

                // Woken by the gate; the short timeout only re-checks state, it never stands in for a timer.
                await Task.WhenAny(work, signal.WaitAsync(TimeSpan.FromMilliseconds(50)));
            }

            return await work;
        }
        finally
        {
            gate.Changed -= OnChanged;
        }
    }
}
