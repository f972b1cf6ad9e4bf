using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using CreditFunctions.LedgerSimulators.Xero;

namespace CreditFunctions.Benchmarks.Pipeline;

/// <summary>
/// Sees the simulator's traffic and records, per credit note number, the moment a create (PUT/POST /CreditNotes)
/// answered 200 with it — the ledger commit, not when our status API noticed.
/// </summary>
internal sealed class LedgerCommitWatcher : IXeroTrafficObserver
{
    private readonly ConcurrentDictionary<string, long> _committed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _waiters = new(StringComparer.Ordinal);
    private long _lastCommit;

    public int Count => _committed.Count;

    public long LastCommitTimestamp => Interlocked.Read(ref _lastCommit);

    public void OnExchange(XeroExchange exchange)
    {
        if (exchange.Aborted || exchange.StatusCode != 200 || exchange.Method is not ("PUT" or "POST")
            || !exchange.Path.EndsWith("/CreditNotes", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        if (JsonNode.Parse(exchange.ResponseBody)?["CreditNotes"] is not JsonArray notes)
        {
            return;
        }

        foreach (var note in notes)
        {
            if ((string?)note?["CreditNoteNumber"] is { } number && _committed.TryAdd(number, now))
            {
                Interlocked.Exchange(ref _lastCommit, now);
                _waiters.GetOrAdd(number, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(now);
            }
        }
    }

    /// <summary>The Stopwatch timestamp at which <paramref name="number"/> was stored in the ledger.</summary>
    public Task<long> CommittedAsync(string number) =>
        _waiters.GetOrAdd(number, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
}
