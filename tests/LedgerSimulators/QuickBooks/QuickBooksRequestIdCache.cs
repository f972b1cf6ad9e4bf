namespace CreditFunctions.LedgerSimulators.QuickBooks;

/// <summary>
/// <c>requestid</c> (Q5, Intuit blog 2015): "If the service receives another request with the same RequestID, instead of
/// performing the operation again … the service sends the same response as it did for the original request" — whatever
/// the repeat's body, errors included. Ids are unique per realm and at most 50 characters. Retention is undocumented
/// (<see cref="QuickBooksSimulatorOptions.RequestIdRetention"/>). A repeat that arrives while the first is still running
/// waits for its answer.
/// </summary>
internal sealed class QuickBooksRequestIdCache(QuickBooksSimulatorOptions options)
{
    public const int MaxLength = 50;

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Realm, string Id), Entry> _entries = [];

    public TimeSpan Retention { get; set; } = options.RequestIdRetention;

    public async Task<(QuickBooksResponse Response, bool Replayed)> RunAsync(string realmId, string requestId, Func<QuickBooksResponse> handler, CancellationToken cancellationToken)
    {
        var now = options.TimeProvider.GetUtcNow();
        Entry entry;
        bool first;
        lock (_gate)
        {
            if (_entries.TryGetValue((realmId, requestId), out var existing) && existing.ExpiresAt <= now)
            {
                _entries.Remove((realmId, requestId));
            }

            first = !_entries.TryGetValue((realmId, requestId), out entry!);
            if (first)
            {
                entry = new Entry(now + Retention);
                _entries[(realmId, requestId)] = entry;
            }
        }

        if (!first)
        {
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
                _entries.Remove((realmId, requestId));
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
        }
    }

    private sealed class Entry(DateTimeOffset expiresAt)
    {
        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        public TaskCompletionSource<QuickBooksResponse> Response { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
