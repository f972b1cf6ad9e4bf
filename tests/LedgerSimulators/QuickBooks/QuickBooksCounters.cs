namespace CreditFunctions.LedgerSimulators.QuickBooks;

/// <summary>Request counters for tests and benchmarks (calls per credit note, 429s, replays).</summary>
public sealed class QuickBooksCounters
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _perRealm = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _operations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _throttledBy = new(StringComparer.Ordinal);
    private long _apiCalls;
    private long _replays;
    private long _faults;
    private long _tokenRequests;

    public QuickBooksCountersSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new QuickBooksCountersSnapshot(
                _apiCalls,
                _throttledBy.Values.Sum(),
                _replays,
                _faults,
                _tokenRequests,
                new Dictionary<string, long>(_perRealm, StringComparer.Ordinal),
                new Dictionary<string, long>(_operations, StringComparer.Ordinal),
                new Dictionary<string, long>(_throttledBy, StringComparer.Ordinal));
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _perRealm.Clear();
            _operations.Clear();
            _throttledBy.Clear();
            _apiCalls = _replays = _faults = _tokenRequests = 0;
        }
    }

    internal void ApiCall(string? realmId, string operation)
    {
        lock (_gate)
        {
            _apiCalls++;
            _operations[operation] = _operations.GetValueOrDefault(operation) + 1;
            if (realmId is not null)
            {
                _perRealm[realmId] = _perRealm.GetValueOrDefault(realmId) + 1;
            }
        }
    }

    internal void Throttled(string problem)
    {
        lock (_gate)
        {
            _throttledBy[problem] = _throttledBy.GetValueOrDefault(problem) + 1;
        }
    }

    internal void Replay() => Interlocked.Increment(ref _replays);

    internal void Fault() => Interlocked.Increment(ref _faults);

    internal void TokenRequest() => Interlocked.Increment(ref _tokenRequests);
}

/// <summary>
/// <see cref="ApiCalls"/>: API calls received (429s included). <see cref="Operations"/> is keyed by method and path with
/// ids replaced, e.g. <c>POST /payment</c>, <c>GET /creditmemo/{id}</c>. <see cref="ThrottledBy"/>: 429s by the limit hit
/// (concurrent, second, minute, batch).
/// </summary>
public sealed record QuickBooksCountersSnapshot(
    long ApiCalls,
    long Throttled,
    long RequestIdReplays,
    long FaultsInjected,
    long TokenRequests,
    IReadOnlyDictionary<string, long> PerRealm,
    IReadOnlyDictionary<string, long> Operations,
    IReadOnlyDictionary<string, long> ThrottledBy);

/// <summary>Sees every exchange the simulator serves (secrets redacted).</summary>
public interface IQuickBooksTrafficObserver
{
    void OnExchange(QuickBooksExchange exchange);
}

/// <summary>One request and its answer as the simulator served it.</summary>
public sealed record QuickBooksExchange(string Method, string Path, string Query, string RequestBody, int StatusCode, IReadOnlyDictionary<string, string> ResponseHeaders, string ResponseBody, bool Dropped);
