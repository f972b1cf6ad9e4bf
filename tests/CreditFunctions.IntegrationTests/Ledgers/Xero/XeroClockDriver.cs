using CreditFunctions.Ledgers.Xero;
using CreditFunctions.TestSupport;

namespace CreditFunctions.IntegrationTests.Ledgers.Xero;

/// <summary>
/// Runs work that the pacer holds back while moving one shared <see cref="ManualTimeProvider"/> (the simulator
/// counts with the same clock). Time jumps to the pacer's earliest wake only when nothing is in flight and every
/// slot holder waits on the clock, so no request is sent at one instant and received at another: the simulator
/// counts each call at exactly the time the pacer did.
/// </summary>
internal static class XeroClockDriver
{
    public static async Task<T> RunAsync<T>(ManualTimeProvider time, XeroRateGate gate, string tenantId, Task<T> work)
    {
        using var signal = new SemaphoreSlim(0);
        void OnChanged() => signal.Release();
        gate.Changed += OnChanged;
        try
        {
            while (!work.IsCompleted)
            {
                var (inFlight, delayed, slotsHeld, nextWake) = gate.Snapshot(tenantId);
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
