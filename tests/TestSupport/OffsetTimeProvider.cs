namespace CreditFunctions.TestSupport;

/// <summary>
/// The real clock plus an offset a test can jump forward. Timers and delays run in real time (so a live app's
/// queue polling keeps working), while "now" can leap past an SLA deadline or a step lease without waiting for it.
/// </summary>
public sealed class OffsetTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public void Jump(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }
}
