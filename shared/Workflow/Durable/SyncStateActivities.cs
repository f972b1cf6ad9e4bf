using CreditFunctions.Alerts;
using CreditFunctions.Diagnostics;
using CreditFunctions.Ledgers;
using CreditFunctions.Tenants;
using CreditFunctions.Workflow.Runtime;
using Microsoft.Extensions.Logging;

namespace CreditFunctions.Workflow.Durable;

/// <summary>
/// The activities around the orchestration's state: read the inbox when signalled, and record progress — the state row the status API and attention list read, the
/// alerts, the sync latencies. Recording runs at least once: an alert may go out twice after a crash, never not at all.
/// </summary>
public sealed class SyncStateActivities(
    SyncStore store,
    ITenantDirectory tenants,
    LedgerConnectors ledgers,
    AlertPublisher alerts,
    SyncMetrics metrics,
    TimeProvider time,
    ILogger<SyncStateActivities> logger)
{
    /// <summary>The last recorded state (initial when none) and the inbox, read together for a start (<see cref="SyncSignals"/>).</summary>
    public async Task<SyncOpening> OpenAsync(SyncDocumentRef document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var scope = logger.BeginDocument(document.TenantId, document.CreditNoteId);
        var loading = store.LoadAsync(new SyncInstanceKey(document.TenantId, document.CreditNoteId), cancellationToken);
        var inbox = ReadInboxAsync(document, cancellationToken);
        await Task.WhenAll(loading, inbox);
        return new SyncOpening(SyncStateJson.Serialize((await loading)?.State ?? SyncState.Initial), await inbox);
    }

    /// <summary>The newest recorded event with the tenant's policy and connections as configured now; null when none (or the tenant is gone).</summary>
    public async Task<InboxItem?> ReadInboxAsync(SyncDocumentRef document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var scope = logger.BeginDocument(document.TenantId, document.CreditNoteId);
        if (tenants.Find(document.TenantId) is not { } tenant
            || await store.NewestEventAsync(new SyncInstanceKey(document.TenantId, document.CreditNoteId), cancellationToken) is not { } newest)
        {
            return null;
        }

        return new InboxItem(newest.Target, SyncPolicy.From(tenant), Connections(tenant), newest.ReceivedAt);
    }

    /// <summary>Records progress; returns the app's clock afterwards (the orchestration keeps step with it).</summary>
    public async Task<DateTimeOffset> RecordAsync(SyncProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var key = new SyncInstanceKey(progress.TenantId, progress.CreditNoteId);
        using var scope = logger.BeginDocument(key.TenantId, key.CreditNoteId);
        using var span = SyncTracing.StartRecord(progress.TraceParent, key.TenantId, key.CreditNoteId);
        await store.ProjectAsync(key, SyncStateJson.Deserialize(progress.StateJson), time.GetUtcNow(), SyncTimeline.Rows(key, progress.Events ?? []), cancellationToken);
        foreach (var alert in progress.Alerts)
        {
            await alerts.PublishAsync(new Alert(alert.Kind, key.TenantId, key.CreditNoteId, alert.ConnectionId, alert.Message, alert.At), cancellationToken);
        }

        foreach (var synced in progress.Synced)
        {
            var ledger = SyncStatusView.Wire(synced.Ledger);
            metrics.Synced(ledger, synced.Latency);
            TelemetryLog.Synced(logger, key.CreditNoteId, key.TenantId, ledger, synced.Latency.TotalSeconds);
        }

        return time.GetUtcNow();
    }

    /// <summary>The tenant's connections as the workflow's branches see them.</summary>
    public IReadOnlyList<BranchConnection> Connections(TenantOptions tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return tenant.Connections.Select(c => BranchConnection.From(c.ToConnection(), ledgers.Get(c.Ledger).Capabilities)).ToArray();
    }
}
