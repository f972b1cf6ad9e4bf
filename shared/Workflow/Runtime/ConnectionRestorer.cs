using CreditFunctions.Storage.Tables;
using Microsoft.Extensions.Logging;

namespace CreditFunctions.Workflow.Runtime;

/// <summary>
/// Resumes what a lost connection parked (docs/workflow.md "Outcome classes": AuthorisationLost parks the branch and
/// alerts ConnectionLost). Once the connection works again — a new consent, or an operator's reconnect — every
/// document of the tenant with a branch parked on that connection gets <see cref="RestoreConnection"/> through the
/// runner (ETag load, decide, save, send the step), and continues where it stopped: same round, same write keys, so
/// a write whose answer was lost is still read back before anything is posted again.
/// <para>
/// Parked documents are in the attention list (<see cref="SyncStore.NeedingAttentionAsync"/>), so only those rows are
/// read. Idempotent: a second run finds nothing parked and resumes 0. Safe when runs overlap: each document's
/// resume is an If-Match save, and only the run whose save wins counts it.
/// </para>
/// </summary>
public sealed partial class ConnectionRestorer(SyncStore store, SyncRunner runner, ILogger<ConnectionRestorer> logger)
{
    private const int PageSize = 100;

    // Documents resumed at once: each is a few storage round trips; a reconnect after a long outage may face thousands.
    private const int Concurrency = 8;

    /// <summary>Resumes the tenant's documents parked on <paramref name="connectionId"/>; says how many this run found parked and resumed.</summary>
    public async Task<ConnectionRestoreResult> RestoreAsync(string tenantId, string connectionId, CancellationToken cancellationToken)
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
                    if (await runner.RestoreConnectionAsync(key, connectionId, ct))
                    {
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
