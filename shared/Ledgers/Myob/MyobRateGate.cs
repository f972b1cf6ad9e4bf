using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.Myob;

/// <summary>
/// One pacer per API key for every tenant and company file of this process (ledger-apis.md M4: 8 calls a second and
/// 1,000,000 a day, "held against the key rather than the account"; D3: "a global limiter is needed across tenants").
/// A call counts from when it is let through until a full window after its answer arrived: MYOB counted it somewhere in
/// between, so whatever the network delay, no one-second window at MYOB ever holds more than <see cref="MyobOptions.CallsPerWindow"/>
/// of ours, and 50 tenants at full speed never see a 403. A 403 RateLimitError (another process on the key) blocks the
/// key for its retry time. All waiting is on the injected <see cref="TimeProvider"/>, so tests move time by hand.
/// </summary>
internal sealed class MyobRateGate(IOptions<MyobOptions> options, TimeProvider time)
{
    private readonly MyobOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, KeyBudget> _keys = new(StringComparer.Ordinal);

    /// <summary>Raised when a call starts waiting or a lease ends; a test clock driver listens to know when to move time.</summary>
    internal event Action? Changed;

    /// <summary>Waits until one more call on <paramref name="apiKey"/> fits the window and the day, or fails when that would take longer than MaxPacingWait.</summary>
    public async Task<LedgerResult<IDisposable>> AcquireAsync(string apiKey, CancellationToken cancellationToken)
    {
        var budget = _keys.GetOrAdd(apiKey, _ => new KeyBudget(_options.CallsPerWindow));
        var deadline = time.GetUtcNow() + _options.MaxPacingWait;
        await budget.Slots.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                TimeSpan wait;
                DateTimeOffset wake;
                lock (budget.Gate)
                {
                    var now = time.GetUtcNow();
                    var (delay, daily) = DelayFor(budget, now);
                    if (delay <= TimeSpan.Zero)
                    {
                        budget.InFlight++;
                        budget.DayCount++;
                        return LedgerResult<IDisposable>.Ok(new Lease(this, budget));
                    }

                    if (now + delay > deadline)
                    {
                        budget.Slots.Release();
                        return daily
                            ? new LedgerFailure(LedgerFailureKind.DailyLimitReached, "The MYOB API key's daily call limit is spent (paced locally; shared by every tenant).", delay)
                            : new LedgerFailure(LedgerFailureKind.Throttled, "The MYOB API key's per-second limit is busy (paced locally; shared by every tenant).", delay);
                    }

                    wait = delay;
                }

                // The timer exists before the wait is announced, so a test clock driver that sees every slot holder
                // asleep can move time to the earliest wake without racing a timer still being created.
                var sleeping = Task.Delay(wait, time, cancellationToken);
                lock (budget.Gate)
                {
                    wake = time.GetUtcNow() + wait;
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
                        budget.Wakes.Remove(wake);
                    }
                }
            }
        }
        catch
        {
            budget.Slots.Release();
            throw;
        }
    }

    /// <summary>MYOB said 403 RateLimitError: nothing more on the key until <paramref name="retryAfter"/> has passed.</summary>
    public void Block(string apiKey, TimeSpan retryAfter, bool daily)
    {
        var budget = _keys.GetOrAdd(apiKey, _ => new KeyBudget(_options.CallsPerWindow));
        lock (budget.Gate)
        {
            var until = time.GetUtcNow() + retryAfter;
            if (until > budget.BlockedUntil)
            {
                budget.BlockedUntil = until;
                budget.BlockedDaily = daily;
            }
        }
    }

    /// <summary>For a test clock driver: calls in flight, slot holders asleep on the clock, slots held, and the earliest wake.</summary>
    internal (int InFlight, int Sleeping, int SlotsHeld, DateTimeOffset? NextWake) Snapshot(string apiKey)
    {
        var budget = _keys.GetOrAdd(apiKey, _ => new KeyBudget(_options.CallsPerWindow));
        lock (budget.Gate)
        {
            return (budget.InFlight, budget.Wakes.Count, budget.Capacity - budget.Slots.CurrentCount, budget.Wakes.Count == 0 ? null : budget.Wakes.Min());
        }
    }

    private (TimeSpan Delay, bool Daily) DelayFor(KeyBudget budget, DateTimeOffset now)
    {
        if (budget.BlockedUntil > now)
        {
            return (budget.BlockedUntil - now, budget.BlockedDaily);
        }

        var day = DateOnly.FromDateTime(now.UtcDateTime);
        if (budget.Day != day)
        {
            budget.Day = day;
            budget.DayCount = 0;
        }

        if (budget.DayCount >= _options.CallsPerDay)
        {
            return (MyobErrorClassifier.UntilNextUtcDay(now), true);
        }

        // Answers older than a window no longer count; calls in flight and answers within it do.
        while (budget.Released.Count > 0 && budget.Released.Peek() <= now - _options.RateWindow)
        {
            budget.Released.Dequeue();
        }

        return budget.InFlight + budget.Released.Count < _options.CallsPerWindow
            ? (TimeSpan.Zero, false)
            : (budget.Released.Peek() + _options.RateWindow - now, false);
    }

    private void Release(KeyBudget budget)
    {
        lock (budget.Gate)
        {
            budget.InFlight--;
            budget.Released.Enqueue(time.GetUtcNow());
        }

        budget.Slots.Release();
        Changed?.Invoke();
    }

    private sealed class KeyBudget(int capacity)
    {
        public Lock Gate { get; } = new();

        public int Capacity { get; } = capacity;

        /// <summary>No more than the window's worth in flight at once: each of them counts until its answer plus a window.</summary>
        public SemaphoreSlim Slots { get; } = new(capacity, capacity);

        public Queue<DateTimeOffset> Released { get; } = new();

        public int InFlight { get; set; }

        /// <summary>When each call asleep on the clock wakes.</summary>
        public List<DateTimeOffset> Wakes { get; } = [];

        public DateTimeOffset BlockedUntil { get; set; }

        public bool BlockedDaily { get; set; }

        public DateOnly Day { get; set; }

        public long DayCount { get; set; }
    }

    private sealed class Lease(MyobRateGate gate, KeyBudget budget) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                gate.Release(budget);
            }
        }
    }
}
