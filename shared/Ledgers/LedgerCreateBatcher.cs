using CreditFunctions.Documents;

namespace CreditFunctions.Ledgers;

/// <summary>
/// Group commit for credit-note creates, per connection: a create goes to the ledger at once while fewer than
/// <see cref="CallsInFlight"/> create calls for its connection are running; creates that arrive while they are all
/// busy wait and leave together, up to the ledger's batch size (<see cref="LedgerCapabilities.MaxCreateBatch"/>;
/// Xero 50, ledger-apis.md X3). An idle system therefore adds no latency, and a busy one spends one call on many
/// documents — the floor ARCHITECTURE.md §5 sets under Xero's 60-calls-a-minute and 5,000-a-day limits (X14/X15).
/// <para>
/// Exactly-once is untouched: every create in a batch still has its own saved intent and key, results come back
/// one per document (one bad document fails alone, X4), and a lost answer makes each of them Ambiguous, so each is
/// read back on its own. A caller that stops waiting before its batch is sent is taken out of it.
/// </para>
/// </summary>
public sealed class LedgerCreateBatcher(int callsInFlight = LedgerCreateBatcher.DefaultCallsInFlight)
{
    /// <summary>Create calls one connection may have running before creates queue up to share a call. Default 2 (Xero allows 5 at once, X14).</summary>
    public const int DefaultCallsInFlight = 2;

    private readonly Dictionary<LedgerConnection, Lane> _lanes = [];

    public int CallsInFlight { get; } = callsInFlight >= 1 ? callsInFlight : throw new ArgumentOutOfRangeException(nameof(callsInFlight), callsInFlight, "At least one call.");

    /// <summary>Creates <paramref name="note"/> under <paramref name="key"/>, alone or in a batch with others for the same connection.</summary>
    public async Task<LedgerResult<LedgerDocument>> CreateAsync(
        ILedgerConnector connector, LedgerConnection connection, CreditNote note, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentNullException.ThrowIfNull(connection);
        var batchSize = connector.Capabilities.MaxCreateBatch;
        if (batchSize <= 1)
        {
            return await connector.CreateCreditNoteAsync(connection, note, key, cancellationToken);
        }

        var waiting = new Waiting(note, key);
        Lane lane;
        Waiting[]? first = null;
        lock (_lanes)
        {
            if (!_lanes.TryGetValue(connection, out lane!))
            {
                lane = new Lane();
                _lanes[connection] = lane;
            }

            lane.Queue.Add(waiting);
            if (lane.Running < CallsInFlight)
            {
                lane.Running++;
                first = Take(lane, batchSize);
            }
        }

        if (first is not null)
        {
            _ = SendAsync(connector, connection, lane, batchSize, first);
        }

        try
        {
            return await waiting.Result.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            lock (_lanes)
            {
                lane.Queue.Remove(waiting); // not sent yet: never send it; sent already: the caller reads back
            }

            throw;
        }
    }

    /// <summary>Sends <paramref name="batch"/>, then whatever queued meanwhile, a batch at a time, until the queue is empty.</summary>
    private async Task SendAsync(ILedgerConnector connector, LedgerConnection connection, Lane lane, int batchSize, Waiting[] batch)
    {
        while (true)
        {
            try
            {
                // Not the callers' tokens: the call serves several of them. The adapter's own request timeout bounds it,
                // and a caller that stops waiting reads back.
                var results = batch.Length == 1
                    ? [await connector.CreateCreditNoteAsync(connection, batch[0].Note, batch[0].Key, CancellationToken.None)]
                    : await connector.CreateCreditNotesAsync(connection, [.. batch.Select(w => (w.Note, w.Key))], CancellationToken.None);
                for (var i = 0; i < batch.Length; i++)
                {
                    batch[i].Result.TrySetResult(i < results.Count
                        ? results[i]
                        : new LedgerFailure(LedgerFailureKind.Ambiguous, "The ledger's answer to a batch did not cover this credit note."));
                }
            }
#pragma warning disable CA1031 // a bug in one adapter call must reach its callers, not end the lane's loop
            catch (Exception ex)
#pragma warning restore CA1031
            {
                foreach (var waiting in batch)
                {
                    waiting.Result.TrySetException(ex);
                }
            }

            lock (_lanes)
            {
                if (lane.Queue.Count == 0)
                {
                    lane.Running--;
                    if (lane.Running == 0)
                    {
                        _lanes.Remove(connection);
                    }

                    return;
                }

                batch = Take(lane, batchSize);
            }
        }
    }

    private static Waiting[] Take(Lane lane, int batchSize)
    {
        Waiting[] batch = [.. lane.Queue.Take(batchSize)];
        lane.Queue.RemoveRange(0, batch.Length);
        return batch;
    }

    private sealed class Lane
    {
        public List<Waiting> Queue { get; } = [];

        public int Running { get; set; }
    }

    private sealed class Waiting(CreditNote note, LedgerWriteKey key)
    {
        public CreditNote Note { get; } = note;

        public LedgerWriteKey Key { get; } = key;

        public TaskCompletionSource<LedgerResult<LedgerDocument>> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
