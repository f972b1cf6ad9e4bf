namespace CreditFunctions.IntegrationTests.Payments;

/// <summary>
/// "Now" stands still until the test moves it, while timers and delays run in real time (so the live app's pollers keep
/// working): a run's "now" and the next run's are exactly what the test says, however slow the box.
/// </summary>
internal sealed class SteppedClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Jump(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _ticks, by.Ticks);
    }
}
