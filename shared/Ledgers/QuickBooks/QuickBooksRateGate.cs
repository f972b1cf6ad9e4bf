using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.QuickBooks;

/// <summary>
/// Proactive pacing of every call this process makes to QBO, per realm (ledger-apis.md Q6): at most 10 in flight,
/// 10 a second and 500 a minute, and batch requests 40 a minute on their own count. A call counts in the windows from
/// when it is let through, as made "now" while it is in flight, and until a full window after its answer arrived: QBO
/// counted it somewhere in between, so the pacer never believes QBO's window holds fewer calls than it does (with a
/// one-second window, a slow request would otherwise drop out of the pacer's count before QBO's). A 429 blocks the realm until its Retry-After (or
/// Intuit's 60 s). All waiting is on the injected <see cref="TimeProvider"/>, so tests move time by hand.
/// </summary>
internal sealed class QuickBooksRateGate(IOptions<QuickBooksOptions> options, TimeProvider time)
{
    private readonly QuickBooksOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, RealmBudget> _realms = new(StringComparer.Ordinal);

    /// <summary>Raised when a call starts waiting or a lease ends; a test clock driver listens to know when to move time.</summary>
    internal event Action? Changed;

    private TimeSpan Second => TimeSpan.FromSeconds(1) / _options.RateTimeScale;

    private TimeSpan Minute => TimeSpan.FromMinutes(1) / _options.RateTimeScale;

    /// <summary>Waits until one more call (a batch call when <paramref name="batch"/>) fits every limit of the realm, or fails past MaxPacingWait.</summary>
    public async Task<LedgerResult<QuickBooksRateLease>> AcquireAsync(string realmId, bool batch, CancellationToken cancellationToken)
    {
        var budget = Budget(realmId);
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
                    var delay = DelayFor(budget, now, batch);
                    if (delay <= TimeSpan.Zero)
                    {
                        var windows = batch ? new[] { budget.PerSecond, budget.Batches } : [budget.PerSecond, budget.PerMinute];
                        foreach (var window in windows)
                        {
                            window.Add(now);
                        }

                        budget.InFlight++;
                        return LedgerResult<QuickBooksRateLease>.Ok(new QuickBooksRateLease(() => Release(budget, windows, now)));
                    }

                    if (now + delay > deadline)
                    {
                        budget.Slots.Release();
                        return new LedgerFailure(LedgerFailureKind.Throttled, "QuickBooks call limit for this company is busy (paced locally).", delay);
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

    /// <summary>Waits until one more call would fit now, without taking it (LedgerCreateBatcher forms its batch after this).</summary>
    public async Task WaitUntilOpenAsync(string realmId, CancellationToken cancellationToken)
    {
        var budget = Budget(realmId);
        var deadline = time.GetUtcNow() + _options.MaxPacingWait;
        while (true)
        {
            TimeSpan wait;
            lock (budget.Gate)
            {
                var now = time.GetUtcNow();
                var delay = DelayFor(budget, now, batch: false);
                if (delay <= TimeSpan.Zero || now >= deadline)
                {
                    return;
                }

                wait = delay < deadline - now ? delay : deadline - now;
            }

            await SleepAsync(budget, wait, cancellationToken);
        }
    }

    /// <summary>A 429 arrived: nothing more goes to this realm until <paramref name="retryAfter"/> has passed.</summary>
    public void Block(string realmId, TimeSpan retryAfter)
    {
        var budget = Budget(realmId);
        var until = time.GetUtcNow() + retryAfter;
        lock (budget.Gate)
        {
            budget.BlockedUntil = budget.BlockedUntil > until ? budget.BlockedUntil : until;
        }
    }

    /// <summary>Calls in flight, calls waiting on the clock, slots held and the earliest wake, for a test clock driver.</summary>
    internal (int InFlight, int Delayed, int SlotsHeld, DateTimeOffset? NextWake) Snapshot(string realmId)
    {
        var budget = Budget(realmId);
        lock (budget.Gate)
        {
            return (budget.InFlight, budget.Delayed, _options.ConcurrentCallsPerRealm - budget.Slots.CurrentCount, budget.Wakes.Count == 0 ? null : budget.Wakes.Min());
        }
    }

    private TimeSpan DelayFor(RealmBudget budget, DateTimeOffset now, bool batch)
    {
        var delay = Max(budget.PerSecond.WaitFor(now, _options.CallsPerSecondPerRealm), budget.BlockedUntil - now);
        return Max(delay, batch
            ? budget.Batches.WaitFor(now, _options.BatchCallsPerMinutePerRealm)
            : budget.PerMinute.WaitFor(now, _options.CallsPerMinutePerRealm));
    }

    private async Task SleepAsync(RealmBudget budget, TimeSpan wait, CancellationToken cancellationToken)
    {
        // The timer exists before the wait is announced, so a clock driver that sees everyone waiting can move time safely.
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

    private void Release(RealmBudget budget, Window[] windows, DateTimeOffset countedAt)
    {
        lock (budget.Gate)
        {
            budget.InFlight--;
            var now = time.GetUtcNow();
            foreach (var window in windows)
            {
                window.Restamp(countedAt, now);
            }
        }

        budget.Slots.Release();
        Changed?.Invoke();
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private RealmBudget Budget(string realmId) =>
        _realms.GetOrAdd(realmId, _ => new RealmBudget(_options.ConcurrentCallsPerRealm, Second, Minute));

    private sealed class RealmBudget(int concurrent, TimeSpan second, TimeSpan minute)
    {
        public Lock Gate { get; } = new();

        public SemaphoreSlim Slots { get; } = new(concurrent, concurrent);

        public Window PerSecond { get; } = new(second);

        public Window PerMinute { get; } = new(minute);

        public Window Batches { get; } = new(minute);

        public DateTimeOffset BlockedUntil { get; set; } = DateTimeOffset.MinValue;

        public int InFlight { get; set; }

        public int Delayed { get; set; }

        public List<DateTimeOffset> Wakes { get; } = [];
    }

    /// <summary>
    /// Calls counted over a rolling window (at least as strict as a fixed clock window). A call still in flight counts as
    /// made "now", however long ago it was let through: QBO may have received it only just now. The owner locks.
    /// </summary>
    private sealed class Window(TimeSpan length)
    {
        private readonly List<(DateTimeOffset At, bool InFlight)> _calls = [];

        public void Add(DateTimeOffset at) => _calls.Add((at, true));

        /// <summary>The call let through at <paramref name="countedAt"/> has its answer: it counts from <paramref name="now"/> on.</summary>
        public void Restamp(DateTimeOffset countedAt, DateTimeOffset now)
        {
            var index = _calls.FindIndex(c => c.InFlight && c.At == countedAt);
            if (index >= 0)
            {
                _calls[index] = (now, false);
            }
        }

        public TimeSpan WaitFor(DateTimeOffset now, int limit)
        {
            _calls.RemoveAll(c => !c.InFlight && c.At + length <= now);
            if (_calls.Count < limit)
            {
                return TimeSpan.Zero;
            }

            var times = _calls.Select(c => c.InFlight ? now : c.At).Order().ToList();
            return times[_calls.Count - limit] + length - now;
        }
    }
}

/// <summary>Permission for one call to one realm; dispose when the response (or failure) is in.</summary>
internal sealed class QuickBooksRateLease(Action release) : IDisposable
{
    private int _released;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            release();
        }
    }
}
