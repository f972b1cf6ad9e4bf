namespace CreditFunctions.LedgerSimulators.QuickBooks;

/// <summary>
/// Intuit's limits per realm (Q6): 10 requests in flight, 10 per second and 500 per minute; batch requests are throttled
/// on their own count (40 per minute) and do not use the 500. Windows are sliding (a call counts for one window length
/// after it was admitted): Intuit does not say fixed or sliding, and sliding is the stricter reading for a client.
/// Refused calls (429) do not count. Windows are divided by <see cref="QuickBooksSimulatorOptions.TimeScale"/>.
/// </summary>
internal sealed class QuickBooksRateLimiter(QuickBooksSimulatorOptions options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RealmWindow> _realms = new(StringComparer.Ordinal);

    public QuickBooksRateLimits Limits { get; set; } = options.RateLimits;

    private TimeSpan Second => TimeSpan.FromSeconds(1) / options.TimeScale;

    private TimeSpan Minute => TimeSpan.FromMinutes(1) / options.TimeScale;

    /// <summary>Admits one call, or says which limit it hit and how long until it frees.</summary>
    public (string? Problem, TimeSpan RetryAfter) TryAcquire(string realmId, bool batch)
    {
        var now = options.TimeProvider.GetUtcNow();
        var limits = Limits;
        lock (_gate)
        {
            if (!_realms.TryGetValue(realmId, out var realm))
            {
                realm = new RealmWindow();
                _realms[realmId] = realm;
            }

            Trim(realm.Second, now, Second);
            Trim(realm.Minute, now, Minute);
            Trim(realm.Batches, now, Minute);
            (string?, TimeSpan) refused =
                realm.InFlight >= limits.Concurrent ? ("concurrent", TimeSpan.FromSeconds(1) / options.TimeScale)
                : realm.Second.Count >= limits.PerSecond ? ("second", realm.Second.Peek() + Second - now)
                : batch && realm.Batches.Count >= limits.BatchesPerMinute ? ("batch", realm.Batches.Peek() + Minute - now)
                : !batch && realm.Minute.Count >= limits.PerMinute ? ("minute", realm.Minute.Peek() + Minute - now)
                : (null, TimeSpan.Zero);
            if (refused.Item1 is null)
            {
                realm.InFlight++;
                realm.Second.Enqueue(now);
                (batch ? realm.Batches : realm.Minute).Enqueue(now);
            }

            return refused;
        }
    }

    public void Release(string realmId)
    {
        lock (_gate)
        {
            _realms[realmId].InFlight--;
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _realms.Clear();
        }
    }

    private static void Trim(Queue<DateTimeOffset> calls, DateTimeOffset now, TimeSpan window)
    {
        while (calls.Count > 0 && calls.Peek() + window <= now)
        {
            calls.Dequeue();
        }
    }

    private sealed class RealmWindow
    {
        public int InFlight { get; set; }

        public Queue<DateTimeOffset> Second { get; } = new();

        public Queue<DateTimeOffset> Minute { get; } = new();

        public Queue<DateTimeOffset> Batches { get; } = new();
    }
}
