namespace CreditFunctions.Ledgers.Xero;

/// <summary>
/// Calls counted over a rolling window. A sliding count is at least as strict as a fixed clock-minute count, so a
/// pacer that keeps it under the limit never trips a server that counts either way. Not thread-safe: the owner locks.
/// </summary>
internal sealed class XeroSlidingWindow(TimeSpan length)
{
    private readonly Queue<(DateTimeOffset At, int Weight)> _entries = new();

    public int Count { get; private set; }

    public TimeSpan Length => length;

    public void Add(DateTimeOffset now, int weight = 1)
    {
        if (weight <= 0)
        {
            return;
        }

        _entries.Enqueue((now, weight));
        Count += weight;
    }

    public void Prune(DateTimeOffset now)
    {
        while (_entries.TryPeek(out var oldest) && oldest.At + length <= now)
        {
            _entries.Dequeue();
            Count -= oldest.Weight;
        }
    }

    /// <summary>How long until one more call fits under <paramref name="limit"/>; zero when it fits now.</summary>
    public TimeSpan WaitFor(DateTimeOffset now, int limit)
    {
        Prune(now);
        if (Count < limit)
        {
            return TimeSpan.Zero;
        }

        var remaining = Count;
        foreach (var (at, weight) in _entries)
        {
            remaining -= weight;
            if (remaining < limit)
            {
                return at + length - now;
            }
        }

        return length;
    }
}
