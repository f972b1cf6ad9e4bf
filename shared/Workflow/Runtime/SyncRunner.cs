using CreditFunctions.Alerts;
using CreditFunctions.Diagnostics;
using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Tenants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Workflow.Runtime;

/// <summary>
/// Does the workflow's I/O around the pure <see cref="SyncDecider"/>: load the state row with its ETag, decide,
/// save with If-Match (a conflict means someone else moved the instance: reload and decide again), and only then
/// act — call a ledger, publish alerts, send step messages. STYLE.md "The runner does the I/O".
/// </summary>
public sealed partial class SyncRunner(
    SyncStore store,
    ActiveInstances active,
    StepQueue steps,
    LedgerConnectors ledgers,
    LedgerCreateBatcher creates,
    ITenantDirectory tenants,
    AlertPublisher alerts,
    SyncMetrics metrics,
    TimeProvider time,
    WorkflowRandom random,
    IOptions<WorkflowOptions> options,
    ILogger<SyncRunner> logger)
{
    private const int MaxConflictRetries = 20;

    /// <summary>Stores an accepted event (its id, the new state and the document, atomically) and starts its branches.</summary>
    public async Task<AcceptOutcome> AcceptAsync(TenantOptions tenant, OrderEvent orderEvent, CancellationToken cancellationToken)
    {
        var key = new SyncInstanceKey(tenant.Id, orderEvent.CreditNote.Id);
        var connections = tenant.Connections
            .Select(c => BranchConnection.From(c.ToConnection(), ledgers.Get(c.Ledger).Capabilities))
            .ToArray();
        // Most events are a document's first: decide as if the instance were new and let the transaction's insert of the
        // state row prove it (one storage round trip less on the acknowledgement path). If the row exists the insert
        // fails, nothing is applied, and the loop reads the state and decides again.
        var assumeNew = true;
        var indexed = false;
        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            var now = time.GetUtcNow();
            var loaded = assumeNew ? null : await store.LoadAsync(key, cancellationToken);
            assumeNew = false;
            var state = loaded?.State ?? SyncState.Initial;
            var events = SyncDecider.Decide(state, AcceptEvent.From(tenant.Id, orderEvent, SyncPolicy.From(tenant), connections, now));
            var after = SyncDecider.EvolveAll(state, events);

            // The index row (how the sweep finds an instance whose step message is lost) goes out together with the atomic
            // batch, not before it: one storage round trip less on the acknowledgement path. Either may land first or alone.
            // A row whose batch fails is harmless: a sweep that finds no instance removes it once it is older than a step
            // lease (TickAsync; younger, the batch may still be landing). A batch whose row never lands (a crash, a failed
            // upsert) has sent no 202, so the sender delivers the event again, and that delivery indexes the instance
            // whatever the store answers (here, or on Duplicate below).
            var index = !indexed && events.Count > 0 && !after.IsComplete;
            var indexing = index ? active.AddAsync(key, now, cancellationToken) : Task.CompletedTask;
            var storing = store.AcceptAsync(
                key, orderEvent.Id, now, events.Count > 0 ? after : null, loaded?.ETag ?? default, events.Count > 0 ? orderEvent : null, cancellationToken);
            await Task.WhenAll(indexing, storing);
            indexed |= index;
            var stored = await storing;
            switch (stored.Result)
            {
                case StoreResult.Duplicate:
                    if (!indexed)
                    {
                        await active.AddAsync(key, time.GetUtcNow(), cancellationToken);
                    }

                    Log.DuplicateEvent(logger, key.CreditNoteId, key.TenantId, orderEvent.Id);
                    return AcceptOutcome.Duplicate;
                case StoreResult.Conflict:
                    continue;
                default:
                    if (events.Count == 0)
                    {
                        Log.StaleEvent(logger, key.CreditNoteId, key.TenantId, orderEvent.Id, orderEvent.CreditNote.Version);
                        return AcceptOutcome.Ignored;
                    }

                    Log.EventAccepted(logger, key.CreditNoteId, key.TenantId, orderEvent.Id, orderEvent.CreditNote.Version);
                    await AfterSaveAsync(key, state, events, after, null, cancellationToken);
                    return AcceptOutcome.Accepted;
            }
        }

        throw new InvalidOperationException($"Instance {key} kept changing under intake; giving up after {MaxConflictRetries} attempts.");
    }

    /// <summary>Runs the branch's steps back to back until it must wait (a retry, another worker's call) or is done.</summary>
    public async Task RunStepAsync(StepMessageBody message, CancellationToken cancellationToken)
    {
        var key = message.Key;
        var connectionId = message.ConnectionId;
        for (var step = 0; step < options.Value.MaxStepsPerInvocation; step++)
        {
            var loaded = await store.LoadAsync(key, cancellationToken);
            if (loaded is null || loaded.State.Branch(connectionId) is null)
            {
                Log.StepForUnknownBranch(logger, key.CreditNoteId, key.TenantId, connectionId);
                return;
            }

            var now = time.GetUtcNow();
            var next = SyncDecider.NextStep(loaded.State, connectionId, now);
            var proceed = next switch
            {
                BranchStep.None => await FinishAsync(key, loaded.State, cancellationToken),
                BranchStep.NotYet notYet => await WaitAsync(key, loaded.State, connectionId, notYet.At, now, cancellationToken),
                BranchStep.ReadBack readBack => await ReadBackAsync(key, loaded, connectionId, readBack, cancellationToken),
                BranchStep.Write write => await WriteAsync(key, loaded, connectionId, write, cancellationToken),
                _ => throw new InvalidOperationException($"Unknown step {next.GetType().Name}."),
            };
            if (!proceed)
            {
                return;
            }
        }

        // Long chains (many allocations) continue in a fresh message rather than one endless invocation.
        await steps.SendAsync(key, connectionId, time.GetUtcNow(), cancellationToken);
    }

    /// <summary>The timer's visit: SLA alert once, recovery of lost steps. Returns whether the document is late and unfinished.</summary>
    public async Task<bool> TickAsync(SyncInstanceKey key, CancellationToken cancellationToken)
    {
        var loaded = await store.LoadAsync(key, cancellationToken);
        if (loaded is null || !loaded.State.Exists)
        {
            // No instance: its intake batch failed, or is still landing (intake indexes and stores at the same time).
            // Only a row older than a step lease is an orphan.
            await active.RemoveOrphanAsync(key, time.GetUtcNow(), SyncDecider.StepLease, cancellationToken);
            return false;
        }

        if (loaded.State.IsComplete)
        {
            await active.RemoveAsync(key, cancellationToken);
            return false;
        }

        // A tick that decides nothing (no breach yet, alert already raised, nothing lost) leaves an unfinished
        // instance in the index: only a finished or missing one leaves it, or the sweep would never visit it again.
        var result = await ApplyAsync(key, _ => new Tick(time.GetUtcNow()), cancellationToken, loaded);
        var after = result?.After ?? loaded.State;
        if (after.IsComplete)
        {
            await active.RemoveAsync(key, cancellationToken);
            return false;
        }

        return time.GetUtcNow() >= after.Deadline;
    }

    /// <summary>An operator's retry. Null when there is no such document; false when it has nothing to retry.</summary>
    public async Task<bool?> RetryAsync(SyncInstanceKey key, CancellationToken cancellationToken)
    {
        var loaded = await store.LoadAsync(key, cancellationToken);
        if (loaded is null || !loaded.State.Exists)
        {
            return null;
        }

        if (!SyncDecider.CanRetry(loaded.State))
        {
            return false;
        }

        return await ReactivateAsync(key, loaded, state => SyncDecider.CanRetry(state) ? new Retry(time.GetUtcNow()) : null, cancellationToken);
    }

    /// <summary>
    /// The connection works again: the document's branch parked on it resumes where it stopped (same round, same write
    /// keys). False when that branch is not parked (already resumed, never parked) or there is no such document.
    /// </summary>
    public async Task<bool> RestoreConnectionAsync(SyncInstanceKey key, string connectionId, CancellationToken cancellationToken)
    {
        var loaded = await store.LoadAsync(key, cancellationToken);
        if (loaded is null || !loaded.State.Exists || loaded.State.Branch(connectionId)?.Phase != BranchPhase.Parked)
        {
            return false;
        }

        return await ReactivateAsync(
            key,
            loaded,
            state => state.Branch(connectionId)?.Phase == BranchPhase.Parked ? new RestoreConnection(connectionId, time.GetUtcNow()) : null,
            cancellationToken);
    }

    /// <summary>
    /// Puts a stopped instance back in the sweep's index (it left when it finished or failed), then applies
    /// <paramref name="command"/>, which decides nothing when another caller moved the instance first. True when it did.
    /// </summary>
    private async Task<bool> ReactivateAsync(SyncInstanceKey key, LoadedInstance loaded, Func<SyncState, SyncCommand?> command, CancellationToken cancellationToken)
    {
        await active.AddAsync(key, time.GetUtcNow(), cancellationToken);
        return await ApplyAsync(key, command, cancellationToken, loaded) is not null;
    }

    /// <summary>A step message failed every delivery: the branch fails and alerts instead of the message vanishing.</summary>
    public async Task MarkPoisonedAsync(StepMessageBody message, string reason, CancellationToken cancellationToken) =>
        await ApplyAsync(
            message.Key,
            state => state.Branch(message.ConnectionId) is null ? null : new MarkPoisoned(message.ConnectionId, reason, time.GetUtcNow()),
            cancellationToken);

    private async Task<bool> FinishAsync(SyncInstanceKey key, SyncState state, CancellationToken cancellationToken)
    {
        if (state.IsComplete)
        {
            await active.RemoveAsync(key, cancellationToken);
        }

        return false;
    }

    private async Task<bool> WaitAsync(SyncInstanceKey key, SyncState state, string connectionId, DateTimeOffset at, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A retry message that arrived early is put back for its time; a call in flight elsewhere is left to its worker
        // (and to the sweep, should that worker die).
        if (state.Branch(connectionId)!.InFlight is null && at > now)
        {
            await steps.SendAsync(key, connectionId, at, cancellationToken);
        }

        return false;
    }

    private async Task<bool> ReadBackAsync(SyncInstanceKey key, LoadedInstance loaded, string connectionId, BranchStep.ReadBack readBack, CancellationToken cancellationToken)
    {
        var branch = loaded.State.Branch(connectionId)!;
        var version = branch.InFlight?.Version ?? loaded.State.Target!.Version;
        var document = await RequireDocumentAsync(key, version, cancellationToken);

        // Read back the content the write sent, re-dated where it was, so the adapter can tell whether it landed.
        var note = branch.InFlight is { Date: { } date, Operation: LedgerOperation.CreateCreditNote or LedgerOperation.UpdateCreditNote }
            ? document.CreditNote with { Date = date }
            : document.CreditNote;
        var connector = ledgers.Get(branch.Ledger);
        var connection = Connection(branch, key);
        LedgerResult<LedgerDocument?> found;
        using (var timeout = CallTimeout(cancellationToken))
        {
            try
            {
                found = await connector.FindCreditNoteAsync(connection, note, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                found = new LedgerFailure(LedgerFailureKind.Transient, "The read-back timed out.");
            }
        }

        metrics.LedgerCall(SyncStatusView.Wire(branch.Ledger), "find", found.Succeeded ? "ok" : found.Failure!.Kind.ToString());
        var jitter = random.NextDouble();
        var result = await ApplyAsync(
            key,
            _ => new CompleteReadBack(connectionId, readBack.Key, found.Value, found.Failure, time.GetUtcNow(), jitter),
            cancellationToken,
            loaded);
        return result is not null && ContinueHere(result, connectionId);
    }

    private async Task<bool> WriteAsync(SyncInstanceKey key, LoadedInstance loaded, string connectionId, BranchStep.Write write, CancellationToken cancellationToken)
    {
        var begun = await ApplyOnceAsync(key, loaded, new BeginWrite(connectionId, time.GetUtcNow()), cancellationToken);
        if (begun is null)
        {
            // Someone else moved the instance (412) or the write is no longer due: look again.
            return true;
        }

        var branch = begun.After.Branch(connectionId)!;
        var document = await RequireDocumentAsync(key, write.Version, cancellationToken);
        var note = write.Date is { } date && write.Allocation is null ? document.CreditNote with { Date = date } : document.CreditNote;
        var connector = ledgers.Get(branch.Ledger);
        var outcome = await CallLedgerAsync(connector, Connection(branch, key), note, write, cancellationToken);
        if (outcome.Failure is { Kind: LedgerFailureKind.Transient, HttpStatus: >= 500 } serverError)
        {
            // A 5xx answer to a write does not prove the write was not applied (the ledger may fail after committing),
            // so it is resolved like a lost response: read back before posting again.
            outcome = (null, serverError with { Kind = LedgerFailureKind.Ambiguous });
        }

        var outcomeName = outcome.Failure is null ? "ok" : outcome.Failure.Kind.ToString();
        metrics.LedgerCall(SyncStatusView.Wire(branch.Ledger), write.Operation.ToString(), outcomeName);
        Log.LedgerWrite(logger, key.CreditNoteId, key.TenantId, connectionId, write.Operation, outcomeName);

        var jitter = random.NextDouble();
        var result = await ApplyAsync(
            key,
            _ => outcome.Failure is null
                ? CompleteWrite.Success(connectionId, write.Key, outcome.LedgerId, time.GetUtcNow())
                : CompleteWrite.Fail(connectionId, write.Key, outcome.Failure, time.GetUtcNow(), jitter, outcome.Failure.FirstOpenDay),
            cancellationToken,
            begun.Saved);
        return result is not null && ContinueHere(result, connectionId);
    }

    private async Task<(string? LedgerId, LedgerFailure? Failure)> CallLedgerAsync(
        ILedgerConnector connector, LedgerConnection connection, CreditNote note, BranchStep.Write write, CancellationToken cancellationToken)
    {
        using var timeout = CallTimeout(cancellationToken);
        try
        {
            switch (write.Operation)
            {
                case LedgerOperation.CreateCreditNote:
                    var created = await creates.CreateAsync(connector, connection, note, write.Key, timeout.Token);
                    return (created.Value?.LedgerDocumentId, created.Failure);
                case LedgerOperation.UpdateCreditNote:
                    var updated = await connector.UpdateCreditNoteAsync(connection, write.LedgerDocumentId!, note, write.Key, timeout.Token);
                    return (updated.Value?.LedgerDocumentId, updated.Failure);
                case LedgerOperation.VoidCreditNote:
                    var voided = await connector.VoidCreditNoteAsync(connection, write.LedgerDocumentId!, write.Key, timeout.Token);
                    return (voided.Value?.LedgerDocumentId, voided.Failure);
                case LedgerOperation.Allocate:
                    var allocation = write.Date is { } date ? write.Allocation! with { Date = date } : write.Allocation!;
                    var allocated = await connector.AllocateAsync(connection, write.LedgerDocumentId!, note, allocation, write.Key, timeout.Token);
                    return (allocated.Value?.AllocationId, allocated.Failure);
                case LedgerOperation.Unallocate:
                    var posted = write.Posted!;
                    var removed = await connector.UnallocateAsync(
                        connection, write.LedgerDocumentId!, note, new LedgerAllocation(posted.AllocationId, posted.InvoiceNumber, posted.Amount, posted.Date), write.Key, timeout.Token);
                    return (removed.Value?.AllocationId, removed.Failure);
                default:
                    throw new InvalidOperationException($"Unknown ledger operation {write.Operation}.");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // We gave up waiting; the ledger may still have applied it. Read back before posting again.
            return (null, new LedgerFailure(LedgerFailureKind.Ambiguous, $"No answer from the ledger within {options.Value.LedgerCallTimeout.TotalSeconds:0} s."));
        }
    }

    /// <summary>Decide → save (If-Match) → act, reloading on conflict. Null when the command decided nothing or the instance is gone.</summary>
    private async Task<Applied?> ApplyAsync(
        SyncInstanceKey key, Func<SyncState, SyncCommand?> command, CancellationToken cancellationToken, LoadedInstance? loaded = null)
    {
        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            loaded ??= await store.LoadAsync(key, cancellationToken);
            if (loaded is null || !loaded.State.Exists)
            {
                return null;
            }

            if (command(loaded.State) is not { } next)
            {
                return null;
            }

            // Deciding nothing is an answer, not a conflict: only a lost ETag race is worth reloading for.
            var events = SyncDecider.Decide(loaded.State, next);
            if (events.Count == 0)
            {
                return null;
            }

            var applied = await SaveAndActAsync(key, loaded, next, events, cancellationToken);
            if (applied is not null)
            {
                return applied;
            }

            loaded = null;
        }

        throw new InvalidOperationException($"Instance {key} kept changing; giving up after {MaxConflictRetries} attempts.");
    }

    /// <summary>One decide-and-save. Null when nothing was decided or someone else saved first (412).</summary>
    private async Task<Applied?> ApplyOnceAsync(SyncInstanceKey key, LoadedInstance loaded, SyncCommand command, CancellationToken cancellationToken)
    {
        var events = SyncDecider.Decide(loaded.State, command);
        return events.Count == 0 ? null : await SaveAndActAsync(key, loaded, command, events, cancellationToken);
    }

    /// <summary>Saves decided events (If-Match) and acts on them. Null when someone else saved first (412).</summary>
    private async Task<Applied?> SaveAndActAsync(
        SyncInstanceKey key, LoadedInstance loaded, SyncCommand command, IReadOnlyList<SyncEvent> events, CancellationToken cancellationToken)
    {
        var after = SyncDecider.EvolveAll(loaded.State, events);
        var saved = await store.SaveAsync(key, after, loaded.ETag, time.GetUtcNow(), cancellationToken);
        if (saved.Result != StoreResult.Stored)
        {
            Log.Conflict(logger, key.CreditNoteId, key.TenantId, command.GetType().Name);
            return null;
        }

        var applied = new Applied(events, after, new LoadedInstance(after, saved.ETag));
        await AfterSaveAsync(key, loaded.State, events, after, command is BeginWrite ? null : command, cancellationToken);
        return applied;
    }

    /// <summary>What follows a saved decision: alerts, step messages, metrics, leaving the active index.</summary>
    private async Task AfterSaveAsync(
        SyncInstanceKey key, SyncState before, IReadOnlyList<SyncEvent> events, SyncState after, SyncCommand? command, CancellationToken cancellationToken)
    {
        foreach (var alert in events.OfType<AlertRaised>())
        {
            await alerts.PublishAsync(new Alert(alert.Kind, key.TenantId, key.CreditNoteId, alert.ConnectionId, alert.Message, alert.At), cancellationToken);
        }

        foreach (var synced in events.OfType<BranchSynced>())
        {
            var branch = after.Branch(synced.ConnectionId)!;
            metrics.Synced(SyncStatusView.Wire(branch.Ledger), synced.At - after.AcceptedAt);
        }

        var runningHere = command switch
        {
            CompleteWrite w => w.ConnectionId,
            CompleteReadBack r => r.ConnectionId,
            _ => null,
        };
        var decidedAt = events[^1].At;
        foreach (var message in SyncDecider.StepsToSend(events, after))
        {
            // The branch this invocation is running continues in the loop when its next step is due — decided by
            // exactly the test the loop uses (ContinueHere, at the decision's time), never by a later clock reading:
            // a save slower than a short backoff must not leave the step neither sent nor continued.
            if (message.ConnectionId == runningHere && message.VisibleAt <= decidedAt && ContinueHere(after, runningHere, decidedAt))
            {
                continue;
            }

            await steps.SendAsync(key, message.ConnectionId, message.VisibleAt, cancellationToken);
        }

        if (after.IsComplete && !before.IsComplete)
        {
            await active.RemoveAsync(key, cancellationToken);
        }
    }

    private static bool ContinueHere(Applied applied, string connectionId) => ContinueHere(applied.After, connectionId, applied.Events[^1].At);

    private static bool ContinueHere(SyncState after, string connectionId, DateTimeOffset decidedAt) =>
        after.Branch(connectionId) is { Phase: BranchPhase.Active, InFlight: null } branch
        && (branch.NextAttemptAt is null || branch.NextAttemptAt <= decidedAt);

    private async Task<OrderEvent> RequireDocumentAsync(SyncInstanceKey key, long version, CancellationToken cancellationToken) =>
        await store.LoadDocumentAsync(key, version, cancellationToken)
        ?? throw new InvalidOperationException($"Document {key} v{version} is not stored; the instance cannot proceed.");

    /// <summary>The connection as configured now: a reconnect may change the ledger's tenant id, and the next call should use it.</summary>
    private LedgerConnection Connection(BranchState branch, SyncInstanceKey key) =>
        tenants.Find(key.TenantId)?.Connections.Find(c => c.Id == branch.ConnectionId)?.ToConnection()
        ?? throw new InvalidOperationException($"Tenant {key.TenantId} no longer has connection {branch.ConnectionId}.");

    private CancellationTokenSource CallTimeout(CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(options.Value.LedgerCallTimeout);
        return source;
    }

    private sealed record Applied(IReadOnlyList<SyncEvent> Events, SyncState After, LoadedInstance Saved);

    private static partial class Log
    {
        [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Credit note {CreditNoteId} of tenant {TenantId}: event {EventId} accepted (version {Version})")]
        public static partial void EventAccepted(ILogger logger, string creditNoteId, string tenantId, string eventId, long version);

        [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Credit note {CreditNoteId} of tenant {TenantId}: event {EventId} is a redelivery; nothing changed")]
        public static partial void DuplicateEvent(ILogger logger, string creditNoteId, string tenantId, string eventId);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Credit note {CreditNoteId} of tenant {TenantId}: event {EventId} (version {Version}) is stale; acknowledged and ignored")]
        public static partial void StaleEvent(ILogger logger, string creditNoteId, string tenantId, string eventId, long version);

        [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Credit note {CreditNoteId} of tenant {TenantId}: step for connection {ConnectionId} has no instance or branch; dropped")]
        public static partial void StepForUnknownBranch(ILogger logger, string creditNoteId, string tenantId, string connectionId);

        [LoggerMessage(EventId = 2004, Level = LogLevel.Debug, Message = "Credit note {CreditNoteId} of tenant {TenantId}: {Command} lost an ETag race; deciding again")]
        public static partial void Conflict(ILogger logger, string creditNoteId, string tenantId, string command);

        [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Credit note {CreditNoteId} of tenant {TenantId}: {Operation} on {ConnectionId}: {Outcome}")]
        public static partial void LedgerWrite(ILogger logger, string creditNoteId, string tenantId, string connectionId, LedgerOperation operation, string outcome);
    }
}

public enum AcceptOutcome
{
    Accepted,
    Duplicate,
    Ignored,
}
