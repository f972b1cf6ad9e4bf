namespace CreditFunctions.LedgerSimulators.Myob;

/// <summary>
/// MYOB's limits, held against the API key (<c>x-myobapi-key</c>) across every company file and tenant (M4): 8 calls
/// in any one-second window and 1,000,000 per day. A refused call is not counted. The day is the UTC day: MYOB does not
/// say when its day resets (UNVERIFIED).
/// </summary>
internal sealed class MyobRateLimiter(MyobSimulatorOptions options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, KeyWindow> _keys = new(StringComparer.Ordinal);

    public MyobRateLimits Limits { get; set; } = options.RateLimits;

    /// <summary>Admits one call for <paramref name="apiKey"/>, or says which limit refused it.</summary>
    public MyobRateDecision TryAcquire(string apiKey)
    {
        var now = options.TimeProvider.GetUtcNow();
        lock (_gate)
        {
            if (!_keys.TryGetValue(apiKey, out var window))
            {
                window = new KeyWindow();
                _keys[apiKey] = window;
            }

            var day = DateOnly.FromDateTime(now.UtcDateTime);
            if (window.Day != day)
            {
                window.Day = day;
                window.DayCount = 0;
            }

            if (window.DayCount >= Limits.PerDay)
            {
                return MyobRateDecision.Daily;
            }

            // A sliding second: calls admitted in (now − 1 s, now].
            while (window.Second.Count > 0 && window.Second.Peek() <= now - TimeSpan.FromSeconds(1))
            {
                window.Second.Dequeue();
            }

            if (window.Second.Count >= Limits.PerSecond)
            {
                return MyobRateDecision.PerSecond;
            }

            window.Second.Enqueue(now);
            window.DayCount++;
            return MyobRateDecision.Admitted;
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _keys.Clear();
        }
    }

    private sealed class KeyWindow
    {
        public Queue<DateTimeOffset> Second { get; } = new();

        public DateOnly Day { get; set; }

        public long DayCount { get; set; }
    }
}

internal enum MyobRateDecision
{
    Admitted,
    PerSecond,
    Daily,
}
