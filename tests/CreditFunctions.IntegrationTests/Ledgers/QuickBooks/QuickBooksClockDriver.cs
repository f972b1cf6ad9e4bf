using CreditFunctions.Ledgers.QuickBooks;
using CreditFunctions.TestSupport;

namespace CreditFunctions.IntegrationTests.Ledgers.QuickBooks;

/// <summary>
/// Runs work the pacer holds back while moving the shared <see cref="ManualTimeProvider"/>: time jumps to the pacer's
/// earliest wake only when nothing is in flight and every slot holder waits on the clock, so the simulator counts each
/// call at the instant the pacer did.
/// </summary>
internal static class QuickBooksClockDriver
{
    public static async Task<T> RunAsync<T>(ManualTimeProvider time, QuickBooksRateGate gate, string realmId, Task<T> work)
    {
        using var signal = new SemaphoreSlim(0);
        void OnChanged() => signal.Release();
        gate.Changed += OnChanged;
        try
        {
            while (!work.IsCompleted)
            {
                var (inFlight, delayed, slotsHeld, nextWake) = gate.Snapshot(realmId);
                if (inFlight == 0 && delayed > 0 && delayed == slotsHeld && nextWake is { } wake)
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
