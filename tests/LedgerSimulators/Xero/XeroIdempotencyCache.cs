namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>
/// Xero's Idempotency-Key (X13, UNVERIFIED in its details): a key is remembered for a window from its first
/// use (about 6 minutes); a replay within it returns the cached status and body, errors included; after the
/// window the key is processed as new. Keys are scoped to the tenant. A replay that arrives while the first
/// call is still running waits for it. Reusing a key for a different request (method, path, query or body)
/// is refused with a 400 — Xero's behaviour there is undocumented; refusing makes the client bug visible.
/// </summary>
internal sealed class XeroIdempotencyCache(XeroSimulatorOptions options)
{
    public const int MaxKeyLength = 128;

    private readonly Lock _gate = new();
    private readonly Dictionary<(Guid Tenant, string Key), Entry> _entries = [];
    private readonly Queue<((Guid Tenant, string Key) Key, Entry Entry)> _byAge = new();

    public TimeSpan Window { get; set; } = options.IdempotencyWindow;

    /// <summary>Runs <paramref name="handler"/> once per key and window; replays get its response.</summary>
    public async Task<(XeroResponse Response, bool Replayed)> RunAsync(Guid tenantId, string key, string fingerprint, Func<XeroResponse> handler, CancellationToken cancellationToken)
    {
        var now = options.TimeProvider.GetUtcNow();
        Entry entry;
        bool first;
        lock (_gate)
        {
            // Entries expire in the order they were made (one window for all), so the oldest are at the front.
            while (_byAge.TryPeek(out var oldest) && oldest.Entry.ExpiresAt <= now)
            {
                _byAge.Dequeue();
                if (_entries.TryGetValue(oldest.Key, out var current) && ReferenceEquals(current, oldest.Entry))
                {
                    _entries.Remove(oldest.Key);
                }
            }

            if (_entries.TryGetValue((tenantId, key), out var expired) && expired.ExpiresAt <= now)
            {
                _entries.Remove((tenantId, key));
            }

            first = !_entries.TryGetValue((tenantId, key), out entry!);
            if (first)
            {
                entry = new Entry(fingerprint, now + Window);
                _entries[(tenantId, key)] = entry;
                _byAge.Enqueue(((tenantId, key), entry));
            }
        }

        if (!first)
        {
            if (entry.Fingerprint != fingerprint)
            {
                return (XeroResponse.Validation("The Idempotency-Key has already been used for a different request."), false);
            }

            return (await entry.Response.Task.WaitAsync(cancellationToken), true);
        }

        try
        {
            var response = handler();
            entry.Response.TrySetResult(response);
            return (response, false);
        }
        catch (Exception exception)
        {
            lock (_gate)
            {
                _entries.Remove((tenantId, key));
            }

            entry.Response.TrySetException(exception);
            throw;
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _entries.Clear();
            _byAge.Clear();
        }
    }

    private sealed class Entry(string fingerprint, DateTimeOffset expiresAt)
    {
        public string Fingerprint { get; } = fingerprint;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        public TaskCompletionSource<XeroResponse> Response { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
