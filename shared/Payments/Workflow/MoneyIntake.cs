using CreditFunctions.Diagnostics;
using CreditFunctions.Tenants;
using CreditFunctions.Workflow.Durable;
using Microsoft.Extensions.Logging;

namespace CreditFunctions.Payments.Workflow;

/// <summary>
/// Accepts a validated money event for its document's orchestration without waiting on the engine: record the event
/// (insert-if-absent by event id: a redelivery changes nothing), then queue an Inbox signal on <c>sync-signals</c>
/// (<see cref="SyncSignalQueue"/>, delivered by <c>DeliverSyncSignal</c> through <see cref="MoneySignals"/>). The signal is
/// sent only once the event is stored, so the instance it reaches always finds the event; a redelivery signals again
/// (the first delivery may have stopped before its signal).
/// </summary>
public sealed partial class MoneyIntake(MoneyStore store, SyncSignalQueue signals, TimeProvider time, ILogger<MoneyIntake> logger)
{
    public async Task<MoneyAcceptance> AcceptAsync(TenantOptions tenant, MoneyEvent moneyEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(moneyEvent);
        var key = new MoneyInstanceKey(tenant.Id, moneyEvent.Kind, moneyEvent.DocumentId);
        var now = time.GetUtcNow();
        using var scope = logger.BeginDocument(key.TenantId, key.DocumentId);
        var stored = await store.RecordEventAsync(key, moneyEvent, now, cancellationToken);
        await signals.EnqueueAsync(key, new SyncSignal(SyncSignalKind.Inbox, now, TraceParent: SyncTracing.CurrentTraceParent()), cancellationToken);
        if (stored == MoneyRecordResult.Duplicate)
        {
            Log.Duplicate(logger, key.DocumentId, key.TenantId, moneyEvent.Id);
            return new MoneyAcceptance(key, AcceptOutcome.Duplicate);
        }

        Log.Accepted(logger, key.DocumentId, key.TenantId, moneyEvent.Id, moneyEvent.Type);
        return new MoneyAcceptance(key, AcceptOutcome.Accepted);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2410, Level = LogLevel.Information, Message = "Money document {DocumentId} of tenant {TenantId}: event {OrderEventId} accepted ({EventType})")]
        public static partial void Accepted(ILogger logger, string documentId, string tenantId, string orderEventId, MoneyEventType eventType);

        [LoggerMessage(EventId = 2411, Level = LogLevel.Information, Message = "Money document {DocumentId} of tenant {TenantId}: event {OrderEventId} is a redelivery; nothing changed")]
        public static partial void Duplicate(ILogger logger, string documentId, string tenantId, string orderEventId);
    }
}

/// <summary>What intake did with a money event: the document it belongs to (its status URL) and whether it was new.</summary>
public sealed record MoneyAcceptance(MoneyInstanceKey Key, AcceptOutcome Outcome);
