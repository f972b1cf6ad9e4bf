namespace CreditFunctions.LedgerSimulators.Myob;

/// <summary>Request counters for tests and benchmarks (calls per credit note, 403 RateLimitErrors).</summary>
public sealed class MyobCounters
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, long> _files = [];
    private readonly Dictionary<string, long> _operations = new(StringComparer.Ordinal);
    private long _apiCalls;
    private long _perSecondRejections;
    private long _dailyRejections;
    private long _faults;
    private long _tokenRequests;
    private long _notModified;

    public MyobCountersSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new MyobCountersSnapshot(
                _apiCalls,
                _perSecondRejections + _dailyRejections,
                _perSecondRejections,
                _dailyRejections,
                _faults,
                _tokenRequests,
                _notModified,
                new Dictionary<Guid, long>(_files),
                new Dictionary<string, long>(_operations, StringComparer.Ordinal));
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _files.Clear();
            _operations.Clear();
            _apiCalls = _perSecondRejections = _dailyRejections = _faults = _tokenRequests = _notModified = 0;
        }
    }

    internal void ApiCall(Guid? file, string operation)
    {
        lock (_gate)
        {
            _apiCalls++;
            _operations[operation] = _operations.GetValueOrDefault(operation) + 1;
            if (file is { } id)
            {
                _files[id] = _files.GetValueOrDefault(id) + 1;
            }
        }
    }

    internal void RateLimited(bool daily)
    {
        lock (_gate)
        {
            if (daily)
            {
                _dailyRejections++;
            }
            else
            {
                _perSecondRejections++;
            }
        }
    }

    internal void Fault() => Interlocked.Increment(ref _faults);

    internal void TokenRequest() => Interlocked.Increment(ref _tokenRequests);

    internal void NotModified() => Interlocked.Increment(ref _notModified);
}

/// <summary>
/// <see cref="ApiCalls"/>: API calls received (403s included). <see cref="Operations"/> is keyed by method and route with
/// the UID replaced by <c>{uid}</c>, e.g. <c>POST /Sale/CreditSettlement</c>.
/// </summary>
public sealed record MyobCountersSnapshot(
    long ApiCalls,
    long RateLimited,
    long PerSecondRejections,
    long DailyRejections,
    long FaultsInjected,
    long TokenRequests,
    long NotModified,
    IReadOnlyDictionary<Guid, long> PerCompanyFile,
    IReadOnlyDictionary<string, long> Operations);
