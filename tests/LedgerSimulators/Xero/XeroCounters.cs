namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>Request counters for tests and benchmarks (ledger calls per credit note, 429s).</summary>
public sealed class XeroCounters
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, MutableTenant> _tenants = [];
    private readonly Dictionary<string, long> _operations = new(StringComparer.Ordinal);
    private long _apiCalls;
    private long _throttled;
    private long _replays;
    private long _faults;
    private long _tokenRequests;

    public XeroCountersSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new XeroCountersSnapshot(
                _apiCalls,
                _throttled,
                _replays,
                _faults,
                _tokenRequests,
                _tenants.ToDictionary(t => t.Key, t => new XeroTenantCounters(t.Value.Calls, t.Value.Throttled)),
                new Dictionary<string, long>(_operations, StringComparer.Ordinal));
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _tenants.Clear();
            _operations.Clear();
            _apiCalls = _throttled = _replays = _faults = _tokenRequests = 0;
        }
    }

    internal void ApiCall(Guid? tenantId, string operation)
    {
        lock (_gate)
        {
            _apiCalls++;
            _operations[operation] = _operations.GetValueOrDefault(operation) + 1;
            if (tenantId is { } id)
            {
                Tenant(id).Calls++;
            }
        }
    }

    internal void Throttled(Guid tenantId)
    {
        lock (_gate)
        {
            _throttled++;
            Tenant(tenantId).Throttled++;
        }
    }

    internal void Replay() => Interlocked.Increment(ref _replays);

    internal void Fault() => Interlocked.Increment(ref _faults);

    internal void TokenRequest() => Interlocked.Increment(ref _tokenRequests);

    private MutableTenant Tenant(Guid id)
    {
        if (!_tenants.TryGetValue(id, out var tenant))
        {
            tenant = new MutableTenant();
            _tenants[id] = tenant;
        }

        return tenant;
    }

    private sealed class MutableTenant
    {
        public long Calls { get; set; }

        public long Throttled { get; set; }
    }
}

/// <summary>
/// <see cref="ApiCalls"/>: Accounting API calls received (429s included). <see cref="Operations"/> is keyed by
/// method and path with ids replaced by <c>{id}</c>, e.g. <c>PUT /CreditNotes/{id}/Allocations</c>.
/// </summary>
public sealed record XeroCountersSnapshot(
    long ApiCalls,
    long Throttled,
    long IdempotentReplays,
    long FaultsInjected,
    long TokenRequests,
    IReadOnlyDictionary<Guid, XeroTenantCounters> PerTenant,
    IReadOnlyDictionary<string, long> Operations);

public sealed record XeroTenantCounters(long Calls, long Throttled);
