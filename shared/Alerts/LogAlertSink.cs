using CreditFunctions.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CreditFunctions.Alerts;

/// <summary>
/// Always on: one structured log event (id 5000, the kind in field <c>AlertKind</c>: a row of Application Insights'
/// traces with customDimensions, which the workbook's late and failed lists read) and one increment of
/// <c>creditfunctions.alerts</c> tagged with the kind (what the alert rules count). Names: <see cref="TelemetryNames"/>.
/// </summary>
internal sealed class LogAlertSink(ILogger<LogAlertSink> logger, SyncMetrics metrics) : IAlertSink
{
    public Task PublishAsync(Alert alert, CancellationToken cancellationToken)
    {
        TelemetryLog.AlertRaised(logger, alert.DocumentId, alert.TenantId, alert.Kind, alert.ConnectionId ?? "-", alert.Message);
        metrics.AlertRaised(alert.Kind);
        return Task.CompletedTask;
    }
}
