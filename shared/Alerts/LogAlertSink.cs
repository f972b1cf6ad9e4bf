using CreditFunctions.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CreditFunctions.Alerts;

/// <summary>
/// Always on: one structured log event (id 5000, the kind in field <c>AlertKind</c>: a row of Application Insights'
/// traces with customDimensions, which the workbook's late and failed lists read) and one increment of
/// <c>creditfunctions.alerts</c> tagged with the kind (what the alert rules count). Names: <see cref="TelemetryNames"/>.
/// </summary>
internal sealed partial class LogAlertSink(ILogger<LogAlertSink> logger, SyncMetrics metrics) : IAlertSink
{
    public Task PublishAsync(Alert alert, CancellationToken cancellationToken)
    {
        AlertRaised(logger, alert.DocumentId, alert.TenantId, alert.Kind, alert.ConnectionId ?? "-", alert.Message);
        metrics.AlertRaised(alert.Kind);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = TelemetryNames.LogEvent.AlertRaised, Level = LogLevel.Warning, Message = "Alert for document {DocumentId} of tenant {TenantId}: {AlertKind} on {ConnectionId}: {AlertMessage}")]
    private static partial void AlertRaised(ILogger logger, string documentId, string tenantId, AlertKind alertKind, string connectionId, string alertMessage);
}
