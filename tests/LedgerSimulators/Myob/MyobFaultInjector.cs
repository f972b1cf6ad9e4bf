namespace CreditFunctions.LedgerSimulators.Myob;

/// <summary>What a fault does to a matching API call.</summary>
public enum MyobFaultKind
{
    /// <summary>Answer with a 5xx before anything is applied (contract §10 lists 504 GatewayTimeout).</summary>
    ServerError,

    /// <summary>Wait <see cref="MyobFaultRule.Delay"/> (on the simulator's TimeProvider), then handle the call normally.</summary>
    Latency,

    /// <summary>Never answer: hold the call until the client gives up. Nothing is applied.</summary>
    Hang,

    /// <summary>Apply the call, then abort the connection instead of answering (the response is lost).</summary>
    CommitThenDrop,
}

/// <summary>One fault for the next <see cref="Count"/> matching calls. Null filters match everything.</summary>
public sealed record MyobFaultRule(
    MyobFaultKind Kind,
    int Count = 1,
    string? Method = null,
    string? PathContains = null,
    int StatusCode = 504,
    TimeSpan? Delay = null);

/// <summary>
/// Fault injection for the API (<c>/accountright/…</c>). Faults apply after the key, rate-limit and token checks (a call
/// that reached MYOB counts against the limits). Same shape as the Xero simulator's, so one harness drives both.
/// </summary>
public sealed class MyobFaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<Armed> _rules = [];

    /// <summary>Raised when a fault takes hold of a call, so tests can act without sleeping.</summary>
    public event Action<MyobFaultRule>? Applied;

    public void Add(MyobFaultRule rule)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rule.Count);
        lock (_gate)
        {
            _rules.Add(new Armed(rule, rule.Count));
        }
    }

    public void FailNext(int count = 1, int statusCode = 504, string? method = null, string? pathContains = null) =>
        Add(new MyobFaultRule(MyobFaultKind.ServerError, count, method, pathContains, statusCode));

    public void DelayNext(TimeSpan delay, int count = 1, string? method = null, string? pathContains = null) =>
        Add(new MyobFaultRule(MyobFaultKind.Latency, count, method, pathContains, Delay: delay));

    public void HangNext(int count = 1, string? method = null, string? pathContains = null) =>
        Add(new MyobFaultRule(MyobFaultKind.Hang, count, method, pathContains));

    public void CommitThenDropNext(int count = 1, string? method = null, string? pathContains = null) =>
        Add(new MyobFaultRule(MyobFaultKind.CommitThenDrop, count, method, pathContains));

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

    internal MyobFaultRule? Take(string method, string path)
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

    internal void OnApplied(MyobFaultRule rule) => Applied?.Invoke(rule);

    private sealed class Armed(MyobFaultRule rule, int remaining)
    {
        public MyobFaultRule Rule { get; } = rule;

        public int Remaining { get; set; } = remaining;
    }
}
