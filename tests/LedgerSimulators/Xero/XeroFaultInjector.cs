namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>What a fault does to a matching Accounting API call.</summary>
public enum XeroFaultKind
{
    /// <summary>Answer with a 5xx before anything is applied (X17 lists 500 and 503 for outages).</summary>
    ServerError,

    /// <summary>Wait <see cref="XeroFaultRule.Delay"/> (on the simulator's TimeProvider), then handle the call normally.</summary>
    Latency,

    /// <summary>Never answer: hold the call until the client gives up (cancellation aborts it). Nothing is applied.</summary>
    Hang,

    /// <summary>Apply the call (and cache it for its Idempotency-Key), then abort the connection instead of answering.</summary>
    CommitThenDrop,
}

/// <summary>One fault for the next <see cref="Count"/> matching calls. Null filters match everything.</summary>
public sealed record XeroFaultRule(
    XeroFaultKind Kind,
    int Count = 1,
    string? Method = null,
    string? PathContains = null,
    int StatusCode = 503,
    TimeSpan? Delay = null);

/// <summary>
/// Fault injection for the Accounting API (<c>/api.xro/2.0/</c>). Faults apply after authentication and
/// rate limiting (a call that reached Xero counts against the limits), before idempotency.
/// </summary>
public sealed class XeroFaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<Armed> _rules = [];

    /// <summary>Raised when a fault takes hold of a call (for a held call: once it is waiting), so tests can act without sleeping.</summary>
    public event Action<XeroFaultRule>? Applied;

    public void Add(XeroFaultRule rule)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rule.Count);
        lock (_gate)
        {
            _rules.Add(new Armed(rule, rule.Count));
        }
    }

    public void FailNext(int count = 1, int statusCode = 503, string? method = null, string? pathContains = null) =>
        Add(new XeroFaultRule(XeroFaultKind.ServerError, count, method, pathContains, statusCode));

    public void DelayNext(TimeSpan delay, int count = 1, string? method = null, string? pathContains = null) =>
        Add(new XeroFaultRule(XeroFaultKind.Latency, count, method, pathContains, Delay: delay));

    public void HangNext(int count = 1, string? method = null, string? pathContains = null) =>
        Add(new XeroFaultRule(XeroFaultKind.Hang, count, method, pathContains));

    public void CommitThenDropNext(int count = 1, string? method = null, string? pathContains = null) =>
        Add(new XeroFaultRule(XeroFaultKind.CommitThenDrop, count, method, pathContains));

    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _rules.Sum(r => r.Remaining);
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    internal XeroFaultRule? Take(string method, string path)
    {
        lock (_gate)
        {
            var armed = _rules.Find(r =>
                (r.Rule.Method is null || string.Equals(r.Rule.Method, method, StringComparison.OrdinalIgnoreCase))
                && (r.Rule.PathContains is null || path.Contains(r.Rule.PathContains, StringComparison.OrdinalIgnoreCase)));
            if (armed is null)
            {
                return null;
            }

            if (--armed.Remaining == 0)
            {
                _rules.Remove(armed);
            }

            return armed.Rule;
        }
    }

    internal void OnApplied(XeroFaultRule rule) => Applied?.Invoke(rule);

    private sealed class Armed(XeroFaultRule rule, int remaining)
    {
        public XeroFaultRule Rule { get; } = rule;

        public int Remaining { get; set; } = remaining;
    }
}
