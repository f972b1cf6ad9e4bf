using System.Diagnostics.Metrics;
using CreditFunctions.Alerts;
using static CreditFunctions.Diagnostics.TelemetryNames;

namespace CreditFunctions.Diagnostics;

/// <summary>
/// The product's metrics, on System.Diagnostics.Metrics (meter <see cref="TelemetryNames.Meter"/>). OpenTelemetry
/// exports them to Azure Monitor (customMetrics) under the names in <see cref="TelemetryNames.Metrics"/>, where the alert
/// rules and the workbook read them (docs/telemetry.md).
/// </summary>
public sealed class SyncMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _eventsAccepted;
    private readonly Counter<long> _eventsRejected;
    private readonly Counter<long> _ledgerCalls;
    private readonly Counter<long> _alerts;
    private readonly Histogram<double> _syncLatency;
    private long _documentsOverSla;
    private IReadOnlyDictionary<string, int> _instances = new Dictionary<string, int>();

    public SyncMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(TelemetryNames.Meter);
        _eventsAccepted = _meter.CreateCounter<long>(Metrics.EventsAccepted, description: "Order events stored and acknowledged with 202.");
        _eventsRejected = _meter.CreateCounter<long>(Metrics.EventsRejected, description: "Order events refused (signature, validation, bulk-feed rejects).");
        _ledgerCalls = _meter.CreateCounter<long>(Metrics.LedgerCalls, description: "Calls made to ledgers, tagged by ledger, operation and outcome.");
        _alerts = _meter.CreateCounter<long>(Metrics.Alerts, description: "Alerts raised, tagged by kind.");
        _syncLatency = _meter.CreateHistogram<double>(Metrics.SyncLatency, unit: "s", description: "From event accepted to ledger confirmed.");
        _meter.CreateObservableGauge(Metrics.DocumentsOverSla, () => Interlocked.Read(ref _documentsOverSla), description: "Documents past their sync deadline at the last sweep.");
        _meter.CreateObservableGauge(Metrics.Instances, ObserveInstances, description: "Unfinished documents at the last sweep, by what the timer found of their orchestration.");
    }

    public void EventAccepted(string source) => _eventsAccepted.Add(1, new KeyValuePair<string, object?>(Dimension.Source, source));

    public void EventRejected(string source, string reason) =>
        _eventsRejected.Add(1, new KeyValuePair<string, object?>(Dimension.Source, source), new KeyValuePair<string, object?>(Dimension.Reason, reason));

    public void LedgerCall(string ledger, string operation, string outcome) =>
        _ledgerCalls.Add(1, new(Dimension.Ledger, ledger), new(Dimension.Operation, operation), new(Dimension.Outcome, outcome));

    public void AlertRaised(AlertKind kind) => _alerts.Add(1, new KeyValuePair<string, object?>(Dimension.Kind, kind.ToString()));

    public void Synced(string ledger, TimeSpan sinceAccepted) =>
        _syncLatency.Record(sinceAccepted.TotalSeconds, new KeyValuePair<string, object?>(Dimension.Ledger, ledger));

    public void DocumentsOverSla(long count) => Interlocked.Exchange(ref _documentsOverSla, count);

    /// <summary>What the last sweep found, by <see cref="TelemetryNames.InstanceState"/>; states it did not see report 0.</summary>
    public void Instances(IReadOnlyDictionary<string, int> byState) => Volatile.Write(ref _instances, byState);

    private IEnumerable<Measurement<int>> ObserveInstances()
    {
        var counts = Volatile.Read(ref _instances);
        return InstanceState.All.Select(state => new Measurement<int>(counts.GetValueOrDefault(state), new KeyValuePair<string, object?>(Dimension.State, state)));
    }

    public void Dispose() => _meter.Dispose();
}
