using System.Diagnostics.Metrics;
using CreditFunctions.Diagnostics;
using Microsoft.ApplicationInsights;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace CreditFunctions.Functions.Diagnostics;

/// <summary>
/// Forwards the <c>CreditFunctions</c> meter to Application Insights custom metrics when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, with <c>TelemetryClient.GetMetric(...).TrackValue</c>
/// (pre-aggregated per minute, not sampled: azure-platform.md §5.1). The gauge of documents past their deadline is
/// published as <c>CreditNotesOverSla</c>, the metric infra/modules/alerts.bicep alerts on. Stands in for the
/// Azure Monitor OpenTelemetry exporter, which the package source here does not serve.
/// </summary>
internal sealed class ApplicationInsightsMetrics(IConfiguration configuration, TimeProvider time) : IHostedService, IDisposable
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["creditfunctions.documents.over_sla"] = "CreditNotesOverSla",
        ["creditfunctions.sync.latency"] = "CreditNoteSyncLatencySeconds",
        ["creditfunctions.events.accepted"] = "OrderEventsAccepted",
        ["creditfunctions.events.rejected"] = "OrderEventsRejected",
        ["creditfunctions.ledger.calls"] = "LedgerCalls",
        ["creditfunctions.alerts"] = "AlertsRaised",
    };

    private TelemetryConfiguration? _telemetry;
    private TelemetryClient? _client;
    private MeterListener? _listener;
    private ITimer? _gauges;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (configuration[ConnectionStringSetting] is not { Length: > 0 } connectionString)
        {
            return Task.CompletedTask;
        }

        _telemetry = TelemetryConfiguration.CreateDefault();
        _telemetry.ConnectionString = connectionString;
        _client = new TelemetryClient(_telemetry);
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == SyncMetrics.MeterName && Names.ContainsKey(instrument.Name))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Track(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Track(instrument, value, tags));
        _listener.Start();

        // Observable gauges report only when asked: ask once a minute, the Application Insights aggregation period.
        _gauges = time.CreateTimer(_ => _listener.RecordObservableInstruments(), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _client?.Flush();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _gauges?.Dispose();
        _listener?.Dispose();
        _telemetry?.Dispose();
    }

    private void Track(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var name = Names[instrument.Name];
        if (tags.Length == 0)
        {
            _client!.GetMetric(name).TrackValue(value);
            return;
        }

        // One dimension is enough for the workbook and alerts (ledger, kind, source); more would multiply series.
        var (dimension, dimensionValue) = (tags[0].Key, tags[0].Value?.ToString() ?? "");
        _client!.GetMetric(name, dimension).TrackValue(value, dimensionValue);
    }
}
