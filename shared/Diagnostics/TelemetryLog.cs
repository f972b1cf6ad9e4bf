using CreditFunctions.Alerts;
using Microsoft.Extensions.Logging;

namespace CreditFunctions.Diagnostics;

/// <summary>
/// The log events the workbook reads (infra/modules/workbook.json): their ids and field names are part of the telemetry
/// contract, so they live beside <see cref="TelemetryNames"/> and a test reads the fields they really emit.
/// </summary>
public static partial class TelemetryLog
{
    /// <summary>One line per confirmed branch: the workbook's latency percentiles per ledger come from these.</summary>
    [LoggerMessage(EventId = TelemetryNames.LogEvent.Synced, Level = LogLevel.Information, Message = "Credit note {CreditNoteId} of tenant {TenantId}: confirmed by {Ledger} {LatencySeconds} s after it was accepted")]
    public static partial void Synced(ILogger logger, string creditNoteId, string tenantId, string ledger, double latencySeconds);

    /// <summary>Every alert, whatever else hears it: the workbook's late and failed lists come from these.</summary>
    [LoggerMessage(EventId = TelemetryNames.LogEvent.AlertRaised, Level = LogLevel.Warning, Message = "Alert for document {DocumentId} of tenant {TenantId}: {AlertKind} on {ConnectionId}: {AlertMessage}")]
    public static partial void AlertRaised(ILogger logger, string documentId, string tenantId, AlertKind alertKind, string connectionId, string alertMessage);
}
