using CreditFunctions.Diagnostics;
using CreditFunctions.Documents;
using CreditFunctions.Tenants;
using CreditFunctions.Workflow.Runtime;
using Microsoft.Extensions.Logging;

namespace CreditFunctions.Workflow.Durable;

/// <summary>
/// Accepts a validated event for its document's orchestration without waiting on the engine: record the event id with
/// the document (insert-if-absent: the inbound idempotency key), index the document for the timer, and queue an Inbox
/// signal (<see cref="SyncSignalQueue"/>) — three Storage requests sent at once, one round trip on the acknowledgement
/// path.
/// </summary>
public sealed partial class SyncIntake(SyncStore store, ActiveInstances active, SyncSignalQueue signals, TimeProvider time, ILogger<SyncIntake> logger)
{
    public async Task<AcceptOutcome> AcceptAsync(TenantOptions tenant, OrderEvent orderEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(orderEvent);
        var key = new SyncInstanceKey(tenant.Id, orderEvent.CreditNote.Id);
        var now = time.GetUtcNow();
        using var scope = logger.BeginDocument(key.TenantId, key.CreditNoteId);
        using var span = SyncTracing.StartIntake(key.TenantId, key.CreditNoteId);

        // Any of the three may land alone; none is acknowledged unless all did, so the sender delivers again. An index
        // row without an event is removed by the timer once old; a signal ahead of its event finds nothing new in the
        // inbox (the redelivery signals again). A redelivery always signals: the first may have stopped before it.
        var indexing = active.AddAsync(key, now, cancellationToken);
        var recording = store.RecordEventAsync(key, orderEvent, now, cancellationToken);
        var signalling = signals.EnqueueAsync(key, new SyncSignal(SyncSignalKind.Inbox, now, TraceParent: SyncTracing.CurrentTraceParent()), cancellationToken);
        await Task.WhenAll(indexing, recording, signalling);
        var stored = await recording;

        if (stored == StoreResult.Duplicate)
        {
            Log.DuplicateEvent(logger, key.CreditNoteId, key.TenantId, orderEvent.Id);
            return AcceptOutcome.Duplicate;
        }

        Log.EventAccepted(logger, key.CreditNoteId, key.TenantId, orderEvent.Id, orderEvent.CreditNote.Version);
        return AcceptOutcome.Accepted;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Credit note {CreditNoteId} of tenant {TenantId}: event {OrderEventId} accepted (version {Version})")]
        public static partial void EventAccepted(ILogger logger, string creditNoteId, string tenantId, string orderEventId, long version);

        [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Credit note {CreditNoteId} of tenant {TenantId}: event {OrderEventId} is a redelivery; nothing changed")]
        public static partial void DuplicateEvent(ILogger logger, string creditNoteId, string tenantId, string orderEventId);
    }
}

public enum AcceptOutcome
{
    /// <summary>Recorded for the first time; the orchestration applies it (or ignores it when an newer version is already there).</summary>
    Accepted,

    /// <summary>A redelivery of an event already recorded: nothing changed.</summary>
    Duplicate,
}
