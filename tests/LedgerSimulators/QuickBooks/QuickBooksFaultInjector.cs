namespace CreditFunctions.LedgerSimulators.QuickBooks;

/// <summary>What a fault does to a matching API call.</summary>
public enum QuickBooksFaultKind
{
    /// <summary>Answer with a 5xx SERVICE Fault (contract §11: 3100 InternalServerError) before anything is applied.</summary>
    ServerError,

    /// <summary>Wait <see cref="QuickBooksFaultRule.Delay"/> on the simulator's clock, then handle the call normally.</summary>
    Latency,

    /// <summary>Never answer: hold the call until the client gives up. Nothing is applied.</summary>
    Hang,

    /// <summary>Apply the call (and remember it under its requestid), then abort the connection instead of answering.</summary>
    CommitThenDrop,

    /// <summary>Answer HTTP 200 whose body is a Fault (Q9: "HTTP 200 can still contain a Fault"); nothing is applied.</summary>
    FaultInOk,
}

/// <summary>One fault for the next <see cref="Count"/> matching calls. Null filters match everything.</summary>
public sealed record QuickBooksFaultRule(
    QuickBooksFaultKind Kind,
    int Count = 1,
    string? Method = null,
    string? PathContains = null,
    int StatusCode = 500,
    TimeSpan? Delay = null,
    string FaultType = "SystemFault",
    string FaultCode = "10000",
    string FaultMessage = "An application error has occurred while processing your request");

/// <summary>Fault injection for the API (<c>/v3/company/…</c>): after authentication and rate limiting, before requestid.</summary>
public sealed class QuickBooksFaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<(QuickBooksFaultRule Rule, int[] Remaining)> _rules = [];

    /// <summary>Raised when a fault takes hold of a call, so tests can act without sleeping.</summary>
    public event Action<QuickBooksFaultRule>? Applied;

    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _rules.Sum(r => r.Remaining[0]);
            }
        }
    }

    public void Add(QuickBooksFaultRule rule)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rule.Count);
        lock (_gate)
        {
            _rules.Add((rule, [rule.Count]));
        }
    }

    public void FailNext(int count = 1, int statusCode = 500, string? method = null, string? pathContains = null) =>
        Add(new QuickBooksFaultRule(QuickBooksFaultKind.ServerError, count, method, pathContains, statusCode));

    public void DelayNext(TimeSpan delay, int count = 1, string? method = null, string? pathContains = null) =>
        Add(new QuickBooksFaultRule(QuickBooksFaultKind.Latency, count, method, pathContains, Delay: delay));

    public void HangNext(int count = 1, string? method = null, string? pathContains = null) =>
        Add(new QuickBooksFaultRule(QuickBooksFaultKind.Hang, count, method, pathContains));

    public void CommitThenDropNext(int count = 1, string? method = null, string? pathContains = null) =>
        Add(new QuickBooksFaultRule(QuickBooksFaultKind.CommitThenDrop, count, method, pathContains));

    public void FaultInOkNext(string type = "SystemFault", string code = "10000", string message = "An application error has occurred while processing your request", int count = 1, string? method = null, string? pathContains = null) =>
        Add(new QuickBooksFaultRule(QuickBooksFaultKind.FaultInOk, count, method, pathContains, 200, null, type, code, message));

    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    internal QuickBooksFaultRule? Take(string method, string pathAndQuery)
    {
        lock (_gate)
        {
            var index = _rules.FindIndex(r =>
                (r.Rule.Method is null || string.Equals(r.Rule.Method, method, StringComparison.OrdinalIgnoreCase))
                && (r.Rule.PathContains is null || pathAndQuery.Contains(r.Rule.PathContains, StringComparison.OrdinalIgnoreCase)));
            if (index < 0)
            {
                return null;
            }

            var (rule, remaining) = _rules[index];
            if (--remaining[0] == 0)
            {
                _rules.RemoveAt(index);
            }

            return rule;
        }
    }

    internal void OnApplied(QuickBooksFaultRule rule) => Applied?.Invoke(rule);
}
