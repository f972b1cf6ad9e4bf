using CreditFunctions.Alerts;
using CreditFunctions.Ledgers;

namespace CreditFunctions.Diagnostics;

/// <summary>
/// Every name the app's telemetry carries, in one place: the meter and activity source, each instrument with the
/// attributes it is recorded with, the structured log fields and span attributes. The Azure Monitor exporter keeps them
/// as they are (instrument name → <c>customMetrics.name</c>, attribute → <c>customDimensions</c> key: docs/telemetry.md),
/// so infra/modules/workbook.json and alerts.bicep query exactly these, and a test holds them to it.
/// </summary>
public static class TelemetryNames
{
    public const string Meter = "CreditFunctions";
    public const string ActivitySource = "CreditFunctions";

    /// <summary>Instrument names (<c>customMetrics.name</c>).</summary>
    public static class Metrics
    {
        public const string EventsAccepted = "creditfunctions.events.accepted";
        public const string EventsRejected = "creditfunctions.events.rejected";
        public const string LedgerCalls = "creditfunctions.ledger.calls";
        public const string Alerts = "creditfunctions.alerts";
        public const string SyncLatency = "creditfunctions.sync.latency";
        public const string DocumentsOverSla = "creditfunctions.documents.over_sla";
        public const string Instances = "creditfunctions.instances";

        /// <summary>Each instrument with the attributes (<c>customDimensions</c> keys) it is recorded with.</summary>
        public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Dimensions = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            [EventsAccepted] = [Dimension.Source],
            [EventsRejected] = [Dimension.Source, Dimension.Reason],
            [LedgerCalls] = [Dimension.Ledger, Dimension.Operation, Dimension.Outcome],
            [Alerts] = [Dimension.Kind],
            [SyncLatency] = [Dimension.Ledger],
            [DocumentsOverSla] = [],
            [Instances] = [Dimension.State],
        };
    }

    /// <summary>Metric attribute names.</summary>
    public static class Dimension
    {
        public const string Source = "source";
        public const string Reason = "reason";
        public const string Ledger = "ledger";
        public const string Operation = "operation";
        public const string Outcome = "outcome";
        public const string Kind = "kind";
        public const string State = "state";

        /// <summary>The values an attribute takes where they form a closed set (queries filtering on others are checked against these).</summary>
        public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            [Kind] = Enum.GetNames<AlertKind>(),
            [Outcome] = [LedgerCallOutcome.Ok, .. Enum.GetNames<LedgerFailureKind>()],
            [Ledger] = Enum.GetValues<LedgerKind>().Select(Workflow.SyncStatusView.Wire).ToArray(),
            [State] = InstanceState.All,
        };
    }

    /// <summary>What the timer found of each unfinished document's orchestration (attribute <see cref="Dimension.State"/>).</summary>
    public static class InstanceState
    {
        public const string Running = "running";
        public const string Restarted = "restarted";
        public const string Completed = "completed";

        /// <summary>Accepted, its signal still on the queue (within <c>SyncSweeper.SignalGrace</c>): not started yet, and not late.</summary>
        public const string Queued = "queued";

        /// <summary>The visit failed (storage or the Durable client threw); visited again next minute.</summary>
        public const string Unvisited = "unvisited";

        public static readonly IReadOnlyList<string> All = [Running, Restarted, Completed, Queued, Unvisited];
    }

    public static class LedgerCallOutcome
    {
        public const string Ok = "ok";
    }

    /// <summary>
    /// Structured fields of the app's log lines (<c>traces.customDimensions</c>): the document scope every workflow line
    /// carries, and the fields of the events the workbook reads. <see cref="EventId"/> is added by the exporter.
    /// </summary>
    public static class LogField
    {
        public const string TenantId = "TenantId";
        public const string CreditNoteId = "CreditNoteId";
        public const string EventId = "EventId";
        public const string DocumentId = "DocumentId";
        public const string ConnectionId = "ConnectionId";
        public const string AlertKind = "AlertKind";
        public const string Ledger = "Ledger";
        public const string LatencySeconds = "LatencySeconds";

        public static readonly IReadOnlyList<string> All = [TenantId, CreditNoteId, EventId, DocumentId, ConnectionId, AlertKind, Ledger, LatencySeconds];

        /// <summary>The values a field takes where they form a closed set.</summary>
        public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            [EventId] = LogEvent.All.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
            [AlertKind] = Enum.GetNames<AlertKind>(),
            [Ledger] = Dimension.Values[Dimension.Ledger],
        };
    }

    /// <summary>Log event ids the workbook reads (the [LoggerMessage] declarations use these).</summary>
    public static class LogEvent
    {
        public const int Synced = 2006;
        public const int AlertRaised = 5000;

        public static readonly IReadOnlyList<int> All = [Synced, AlertRaised];
    }

    /// <summary>Span attributes (<c>dependencies.customDimensions</c> for ledger calls).</summary>
    public static class SpanAttribute
    {
        public const string TenantId = "creditfunctions.tenant_id";
        public const string CreditNoteId = "creditfunctions.credit_note_id";
        public const string ConnectionId = "creditfunctions.connection_id";
        public const string Ledger = "ledger.name";
        public const string Operation = "ledger.operation";
        public const string Outcome = "ledger.outcome";
        public const string RequestId = "ledger.request_id";
        public const string HttpStatus = "ledger.http_status";

        public static readonly IReadOnlyList<string> All = [TenantId, CreditNoteId, ConnectionId, Ledger, Operation, Outcome, RequestId, HttpStatus];
    }

    /// <summary>
    /// The Application Insights tables the exporter writes the app's signals to: metrics to customMetrics, logs to
    /// traces (exceptions for logs with one), client and internal spans to dependencies, server spans to requests.
    /// </summary>
    public static class Table
    {
        public const string CustomMetrics = "customMetrics";
        public const string Traces = "traces";
        public const string Dependencies = "dependencies";
        public const string Requests = "requests";
        public const string Exceptions = "exceptions";

        public static readonly IReadOnlyList<string> All = [CustomMetrics, Traces, Dependencies, Requests, Exceptions];
    }
}
