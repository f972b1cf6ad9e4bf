namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>
/// Xero's limits (X14): per tenant 5 in flight, 60 per minute, 5,000 per day; 10,000 per minute across the
/// app. The minute and day windows are <b>sliding</b> (a call counts for exactly one window length after it
/// was admitted), so Retry-After is the time until the oldest counted call leaves the window. Xero does not
/// document fixed vs sliding; sliding is the stricter reading for a client. Refused calls (429) do not count.
/// Windows are divided by <see cref="XeroSimulatorOptions.TimeScale"/>.
/// </summary>
internal sealed class XeroRateLimiter(XeroSimulatorOptions options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, TenantWindow> _tenants = [];
    private readonly Queue<DateTimeOffset> _appMinute = new();

    public XeroRateLimits Limits { get; set; } = options.RateLimits;

    private TimeSpan MinuteWindow => TimeSpan.FromMinutes(1) / options.TimeScale;

    private TimeSpan DayWindow => TimeSpan.FromDays(1) / options.TimeScale;

    /// <summary>Admits one call or names the limit it hit (X15: X-Rate-Limit-Problem minute, day; concurrent and appminute are the simulator's names).</summary>
    public XeroRateDecision TryAcquire(Guid tenantId)
    {
        var now = options.TimeProvider.GetUtcNow();
        var limits = Limits;
        lock (_gate)
        {
            var tenant = Window(tenantId);
            Trim(tenant.Minute, now, MinuteWindow);
            Trim(tenant.Day, now, DayWindow);
            Trim(_appMinute, now, MinuteWindow);

            string? problem = null;
            var retryAfter = TimeSpan.Zero;
            if (tenant.Day.Count >= limits.PerTenantPerDay)
            {
                problem = "day";
                retryAfter = tenant.Day.Peek() + DayWindow - now;
            }
            else if (tenant.Minute.Count >= limits.PerTenantPerMinute)
            {
                problem = "minute";
                retryAfter = tenant.Minute.Peek() + MinuteWindow - now;
            }
            else if (_appMinute.Count >= limits.AppPerMinute)
            {
                problem = "appminute";
                retryAfter = _appMinute.Peek() + MinuteWindow - now;
            }
            else if (tenant.InFlight >= limits.PerTenantConcurrent)
            {
                problem = "concurrent";
                retryAfter = TimeSpan.FromSeconds(1);
            }

            if (problem is null)
            {
                tenant.InFlight++;
                tenant.Minute.Enqueue(now);
                tenant.Day.Enqueue(now);
                _appMinute.Enqueue(now);
            }

            return new XeroRateDecision(
                problem,
                problem is null ? 0 : Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)),
                Math.Max(0, limits.PerTenantPerDay - tenant.Day.Count),
                Math.Max(0, limits.PerTenantPerMinute - tenant.Minute.Count),
                Math.Max(0, limits.AppPerMinute - _appMinute.Count));
        }
    }

    public void Release(Guid tenantId)
    {
        lock (_gate)
        {
            Window(tenantId).InFlight--;
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _tenants.Clear();
            _appMinute.Clear();
        }
    }

    private TenantWindow Window(Guid tenantId)
    {
        if (!_tenants.TryGetValue(tenantId, out var window))
        {
            window = new TenantWindow();
            _tenants[tenantId] = window;
        }

        return window;
    }

    private static void Trim(Queue<DateTimeOffset> calls, DateTimeOffset now, TimeSpan window)
    {
        while (calls.Count > 0 && calls.Peek() + window <= now)
        {
            calls.Dequeue();
        }
    }

    private sealed class TenantWindow
    {
        public int InFlight { get; set; }

        public Queue<DateTimeOffset> Minute { get; } = new();

        public Queue<DateTimeOffset> Day { get; } = new();
    }
}

/// <summary>The limiter's answer; the remaining counts go out on every response (X14 headers).</summary>
internal sealed record XeroRateDecision(string? Problem, int RetryAfterSeconds, int DayRemaining, int MinuteRemaining, int AppMinuteRemaining)
{
    public bool Admitted => Problem is null;
}
