namespace CreditFunctions.Ledgers.Xero;

/// <summary>
/// Calls counted over a rolling window. A sliding count is at least as strict as a fixed clock-minute count, so a
/// pacer that keeps it under the limit never trips a server that counts either way. Not thread-safe: the owner locks.
/// </summary>
internal sealed class XeroSlidingWindow(TimeSpan length)
{
    private readonly LinkedList<(DateTimeOffset At, int Weight)> _entries = new();

    public int Count { get; private set; }

    public TimeSpan Length => length;

    public void Add(DateTimeOffset now, int weight = 1)
    {
        if (weight <= 0)
        {
            return;
        }

        _entries.AddLast((now, weight));
        Count += weight;
    }

    /// <summary>
    /// Moves one call counted at <paramref name="countedAt"/> to <paramref name="now"/> (when its answer arrived).
    /// The server counted it somewhere in between, so keeping it a full window after the answer can never undercount,
    /// however long the request took to get there. Time only moves forward, so appending keeps the order.
    /// </summary>
    public void Restamp(DateTimeOffset countedAt, DateTimeOffset now)
    {
        for (var node = _entries.First; node is not null; node = node.Next)
        {
            if (node.Value.At == countedAt)
            {
                if (node.Value.Weight == 1)
                {
                    _entries.Remove(node);
                }
                else
                {
                    node.Value = (countedAt, node.Value.Weight - 1);
                }

                Count--;
                break;
            }
        }

        Add(now);
    }

    public void Prune(DateTimeOffset now)
    {
        while (_entries.First is { } oldest && oldest.Value.At + length <= now)
        {
            _entries.RemoveFirst();
            Count -= oldest.Value.Weight;
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
