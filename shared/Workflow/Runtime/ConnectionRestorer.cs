using CreditFunctions.Diagnostics;
using CreditFunctions.Workflow.Durable;
using CreditFunctions.Storage.Tables;
using Microsoft.Extensions.Logging;

using Microsoft.DurableTask.Client;

namespace CreditFunctions.Workflow.Runtime;

/// <summary>
/// Resumes what a lost connection parked (docs/workflow.md "Outcome classes": AuthorisationLost parks the branch and
/// alerts ConnectionLost). Once the connection works again — a new consent, or an operator's reconnect — every
/// document of the tenant with a branch parked on that connection is signalled (<see cref="SyncSignalKind.Restore"/>);
/// its orchestration applies <see cref="RestoreConnection"/> and continues where it stopped: same round, same write
/// keys, so a write whose answer was lost is still read back before anything is posted again.
/// <para>
/// Parked documents are in the attention list (<see cref="SyncStore.NeedingAttentionAsync"/>), so only those rows are
/// read. Safe to repeat and to overlap: each document's resume is claimed on its state row (If-Match) before the
/// signal, so only one run counts it and a later run finds nothing parked; the orchestration resumes a parked branch
/// once and ignores a repeated signal.
/// </para>
/// </summary>
public sealed partial class ConnectionRestorer(SyncStore store, SyncSignals signals, TimeProvider time, ILogger<ConnectionRestorer> logger)
{
    private const int PageSize = 100;

    // Documents resumed at once: each is a few storage round trips; a reconnect after a long outage may face thousands.
    private const int Concurrency = 8;

    /// <summary>Resumes the tenant's documents parked on <paramref name="connectionId"/>; says how many this run found parked and resumed.</summary>
    public async Task<ConnectionRestoreResult> RestoreAsync(string tenantId, string connectionId, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        var parked = 0;
        var resumed = 0;
        TableContinuation? continuation = null;
        do
        {
            // Resuming clears a row's NeedsAttention; the continuation is a key position, so later pages are unaffected.
            var (items, next) = await store.NeedingAttentionAsync(tenantId, PageSize, continuation, cancellationToken);
            var keys = items
                .Where(s => s.Branch(connectionId)?.Phase == BranchPhase.Parked)
                .Select(s => new SyncInstanceKey(tenantId, s.CreditNoteId))
                .ToArray();
            parked += keys.Length;
            await Parallel.ForEachAsync(
                keys,
                new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
                async (key, ct) =>
                {
                    using var scope = logger.BeginDocument(key.TenantId, key.CreditNoteId);
                    if (await ClaimAsync(key, connectionId, ct))
                    {
                        await signals.SendAsync(durable, key, new SyncSignal(SyncSignalKind.Restore, time.GetUtcNow(), connectionId), ct);
                        Interlocked.Increment(ref resumed);
                        LogResumed(logger, key.CreditNoteId, key.TenantId, connectionId);
                    }
                });
            continuation = next;
        }
        while (continuation is not null);

        LogRestored(logger, tenantId, connectionId, parked, resumed);
        return new ConnectionRestoreResult(parked, resumed);
    }

    /// <summary>
    /// Records the resume the orchestration is about to make (the decider's own <see cref="RestoreConnection"/>), guarded
    /// by the row's ETag: of overlapping runs only one wins a document, and a later run no longer finds it parked.
    /// </summary>
    private async Task<bool> ClaimAsync(SyncInstanceKey key, string connectionId, CancellationToken cancellationToken)
    {
        var loaded = await store.LoadAsync(key, cancellationToken);
        if (loaded is null || loaded.State.Branch(connectionId)?.Phase != BranchPhase.Parked)
        {
            return false;
        }

        var now = time.GetUtcNow();
        var resumed = SyncDecider.EvolveAll(loaded.State, SyncDecider.Decide(loaded.State, new RestoreConnection(connectionId, now)));
        return (await store.SaveAsync(key, resumed, loaded.ETag, now, cancellationToken)).Result == StoreResult.Stored;
    }

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Credit note {CreditNoteId} of tenant {TenantId}: resumed on reconnected connection {ConnectionId}")]
    private static partial void LogResumed(ILogger logger, string creditNoteId, string tenantId, string connectionId);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Information, Message = "Connection {ConnectionId} of tenant {TenantId} restored: {Parked} parked document(s) found, {Resumed} resumed by this run")]
    private static partial void LogRestored(ILogger logger, string tenantId, string connectionId, int parked, int resumed);
}

/// <summary>
/// One restore run: <see cref="Parked"/> documents it found parked on the connection, <see cref="Resumed"/> of them
/// resumed by this run (fewer when an overlapping run resumed some first).
/// </summary>
public sealed record ConnectionRestoreResult(int Parked, int Resumed);
