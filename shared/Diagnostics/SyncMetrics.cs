using System.Diagnostics.Metrics;
using CreditFunctions.Alerts;

namespace CreditFunctions.Diagnostics;

/// <summary>
/// The product's metrics, on System.Diagnostics.Metrics (meter <c>CreditFunctions</c>). In Azure they are forwarded
/// to Application Insights custom metrics (azure-platform.md §5.1) where the alert rules and the workbook read them.
/// </summary>
public sealed class SyncMetrics : IDisposable
{
    public const string MeterName = "CreditFunctions";

    private readonly Meter _meter;
    private readonly Counter<long> _eventsAccepted;
    private readonly Counter<long> _eventsRejected;
    private readonly Counter<long> _ledgerCalls;
    private readonly Counter<long> _alerts;
    private readonly Histogram<double> _syncLatency;
    private long _documentsOverSla;

    public SyncMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _eventsAccepted = _meter.CreateCounter<long>("creditfunctions.events.accepted", description: "Order events stored and acknowledged with 202.");
        _eventsRejected = _meter.CreateCounter<long>("creditfunctions.events.rejected", description: "Order events refused (signature, validation, bulk-feed rejects).");
        _ledgerCalls = _meter.CreateCounter<long>("creditfunctions.ledger.calls", description: "Calls made to ledgers, tagged by ledger, operation and outcome.");
        _alerts = _meter.CreateCounter<long>("creditfunctions.alerts", description: "Alerts raised, tagged by kind.");
        _syncLatency = _meter.CreateHistogram<double>("creditfunctions.sync.latency", unit: "s", description: "From event accepted to ledger confirmed.");
        _meter.CreateObservableGauge("creditfunctions.documents.over_sla", () => Interlocked.Read(ref _documentsOverSla), description: "Documents past their sync deadline at the last sweep (CreditNotesOverSla).");
    }

    public void EventAccepted(string source) => _eventsAccepted.Add(1, new KeyValuePair<string, object?>("source", source));

    public void EventRejected(string source, string reason) =>
        _eventsRejected.Add(1, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("reason", reason));

    public void LedgerCall(string ledger, string operation, string outcome) =>
        _ledgerCalls.Add(1, new("ledger", ledger), new("operation", operation), new("outcome", outcome));

    public void AlertRaised(AlertKind kind) => _alerts.Add(1, new KeyValuePair<string, object?>("kind", kind.ToString()));

    public void Synced(string ledger, TimeSpan sinceAccepted) =>
        _syncLatency.Record(sinceAccepted.TotalSeconds, new KeyValuePair<string, object?>("ledger", ledger));

    public void DocumentsOverSla(long count) => Interlocked.Exchange(ref _documentsOverSla, count);

    public void Dispose() => _meter.Dispose();
}
