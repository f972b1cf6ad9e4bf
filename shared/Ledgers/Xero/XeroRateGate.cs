using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.Xero;

/// <summary>
/// Proactive pacing of every call this process makes to Xero, per Xero tenant: at most 5 in flight, 60 per minute
/// and 5,000 per rolling day, and 10,000 per minute across all tenants (ledger-apis.md X14). Adaptive when other
/// processes share a tenant: the server's X-MinLimit-Remaining / X-DayLimit-Remaining / X-AppMinLimit-Remaining
/// saying fewer remain than we counted adds the difference as calls made "now"; a 429 blocks the tenant until its
/// Retry-After (X15). A call counts in the tenant's minute from when it is let through until a full window after its
/// answer arrived: Xero counted it somewhere in between, so however late a request reaches Xero, the pacer never
/// believes Xero's window holds fewer calls than it does. All waiting is on the injected <see cref="TimeProvider"/>,
/// so tests move time by hand.
/// </summary>
internal sealed class XeroRateGate(IOptions<XeroOptions> options, TimeProvider time)
{
    private readonly XeroOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, TenantBudget> _tenants = new(StringComparer.Ordinal);
    private readonly Lock _appGate = new();
    private readonly XeroSlidingWindow _app = new(options.Value.RateWindow + options.Value.RateWindowMargin);

    /// <summary>Raised when a call starts waiting or a lease ends; a test clock driver listens to know when to move time.</summary>
    internal event Action? Changed;

    /// <summary>Waits until one more call to <paramref name="tenantId"/> fits every limit, or fails when the wait would exceed MaxPacingWait.</summary>
    public async Task<LedgerResult<XeroRateLease>> AcquireAsync(string tenantId, CancellationToken cancellationToken)
    {
        var budget = Budget(tenantId);
        var deadline = time.GetUtcNow() + _options.MaxPacingWait;
        await budget.Slots.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                TimeSpan wait;
                lock (budget.Gate)
                {
                    var now = time.GetUtcNow();
                    var (delay, daily) = DelayFor(budget, now);
                    if (delay <= TimeSpan.Zero)
                    {
                        Record(budget, now);
                        budget.InFlight++;
                        return LedgerResult<XeroRateLease>.Ok(new XeroRateLease(() => Release(budget, now)));
                    }

                    if (now + delay > deadline)
                    {
                        budget.Slots.Release();
                        return daily
                            ? new LedgerFailure(LedgerFailureKind.DailyLimitReached, "Xero daily call limit for this organisation is spent (paced locally).", delay)
                            : new LedgerFailure(LedgerFailureKind.Throttled, "Xero call limit for this organisation is busy (paced locally).", delay);
                    }

                    wait = delay;
                }

                await SleepAsync(budget, wait, cancellationToken);
            }
        }
        catch
        {
            budget.Slots.Release();
            throw;
        }
    }

    /// <summary>
    /// Waits until one more call to <paramref name="tenantId"/> would fit the minute, day and app limits now, without
    /// taking it. A caller about to form a batch waits here first, so the batch carries everything that queued while
    /// Xero's limits held it back (LedgerCreateBatcher). Waits at most MaxPacingWait; the call itself then reports it.
    /// </summary>
    public async Task WaitUntilOpenAsync(string tenantId, CancellationToken cancellationToken)
    {
        var budget = Budget(tenantId);
        var deadline = time.GetUtcNow() + _options.MaxPacingWait;
        while (true)
        {
            TimeSpan wait;
            lock (budget.Gate)
            {
                var now = time.GetUtcNow();
                var (delay, _) = DelayFor(budget, now);
                if (delay <= TimeSpan.Zero || now >= deadline)
                {
                    return;
                }

                wait = delay < deadline - now ? delay : deadline - now;
            }

            await SleepAsync(budget, wait, cancellationToken);
        }
    }

    /// <summary>Reads Xero's remaining-call headers (X14) and counts calls another process made as if made now.</summary>
    public void Observe(string tenantId, HttpResponseHeaders headers)
    {
        var budget = Budget(tenantId);
        var now = time.GetUtcNow();
        lock (budget.Gate)
        {
            Adjust(budget.Minute, _options.CallsPerWindowPerTenant, Header(headers, "X-MinLimit-Remaining"), now);
            Adjust(budget.Day, _options.CallsPerDayPerTenant, Header(headers, "X-DayLimit-Remaining"), now);
        }

        lock (_appGate)
        {
            Adjust(_app, _options.AppCallsPerWindow, Header(headers, "X-AppMinLimit-Remaining"), now);
        }
    }

    /// <summary>A 429 arrived: nothing more goes to this tenant until Retry-After has passed (X15).</summary>
    public void Block(string tenantId, TimeSpan retryAfter, bool daily)
    {
        var budget = Budget(tenantId);
        var until = time.GetUtcNow() + retryAfter;
        lock (budget.Gate)
        {
            if (daily)
            {
                budget.DayBlockedUntil = Max(budget.DayBlockedUntil, until);
            }
            else
            {
                budget.BlockedUntil = Max(budget.BlockedUntil, until);
            }
        }
    }

    /// <summary>Calls holding a lease right now.</summary>
    internal int InFlight(string tenantId) => Snapshot(tenantId).InFlight;

    /// <summary>
    /// What a tenant's callers are doing: calls in flight, calls waiting on the clock, slots held, earliest wake.
    /// A test clock driver may move time to <c>NextWake</c> only when nothing is in flight and every slot holder
    /// waits on the clock (then no request can straddle the jump and be counted at a different time by a server).
    /// </summary>
    internal (int InFlight, int Delayed, int SlotsHeld, DateTimeOffset? NextWake) Snapshot(string tenantId)
    {
        var budget = Budget(tenantId);
        lock (budget.Gate)
        {
            return (budget.InFlight, budget.Delayed, _options.ConcurrentCallsPerTenant - budget.Slots.CurrentCount, budget.Wakes.Count == 0 ? null : budget.Wakes.Min());
        }
    }

    private async Task SleepAsync(TenantBudget budget, TimeSpan wait, CancellationToken cancellationToken)
    {
        // The timer exists before the wait is announced, so a test clock driver that sees every slot holder
        // waiting can move time to the earliest wake without racing a timer still being created.
        var sleeping = Task.Delay(wait, time, cancellationToken);
        DateTimeOffset wake;
        lock (budget.Gate)
        {
            wake = time.GetUtcNow() + wait;
            budget.Delayed++;
            budget.Wakes.Add(wake);
        }

        Changed?.Invoke();
        try
        {
            await sleeping;
        }
        finally
        {
            lock (budget.Gate)
            {
                budget.Delayed--;
                budget.Wakes.Remove(wake);
            }
        }
    }

    private (TimeSpan Delay, bool Daily) DelayFor(TenantBudget budget, DateTimeOffset now)
    {
        var day = Max(budget.Day.WaitFor(now, _options.CallsPerDayPerTenant), budget.DayBlockedUntil - now);
        if (day > TimeSpan.Zero)
        {
            return (day, true);
        }

        var delay = Max(budget.Minute.WaitFor(now, _options.CallsPerWindowPerTenant), budget.BlockedUntil - now);
        lock (_appGate)
        {
            delay = Max(delay, _app.WaitFor(now, _options.AppCallsPerWindow));
        }

        return (delay, false);
    }

    private void Record(TenantBudget budget, DateTimeOffset now)
    {
        budget.Minute.Add(now);
        budget.Day.Add(now);
        lock (_appGate)
        {
            _app.Add(now);
        }
    }

    private void Release(TenantBudget budget, DateTimeOffset countedAt)
    {
        lock (budget.Gate)
        {
            budget.InFlight--;
            budget.Minute.Restamp(countedAt, time.GetUtcNow());
        }

        budget.Slots.Release();
        Changed?.Invoke();
    }

    private static void Adjust(XeroSlidingWindow window, int limit, int? serverRemaining, DateTimeOffset now)
    {
        if (serverRemaining is not { } remaining)
        {
            return;
        }

        window.Prune(now);
        var ours = limit - window.Count;
        if (remaining < ours)
        {
            window.Add(now, ours - Math.Max(remaining, 0));
        }
    }

    private static int? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values)
        && int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private TenantBudget Budget(string tenantId) =>
        _tenants.GetOrAdd(tenantId, _ => new TenantBudget(_options.ConcurrentCallsPerTenant, _options.RateWindow + _options.RateWindowMargin));

    private sealed class TenantBudget(int concurrent, TimeSpan window)
    {
        public Lock Gate { get; } = new();

        public SemaphoreSlim Slots { get; } = new(concurrent, concurrent);

        public XeroSlidingWindow Minute { get; } = new(window);

        public XeroSlidingWindow Day { get; } = new(TimeSpan.FromDays(1));

        public DateTimeOffset BlockedUntil { get; set; } = DateTimeOffset.MinValue;

        public DateTimeOffset DayBlockedUntil { get; set; } = DateTimeOffset.MinValue;

        public int InFlight { get; set; }

        public int Delayed { get; set; }

        public List<DateTimeOffset> Wakes { get; } = [];
    }
}
