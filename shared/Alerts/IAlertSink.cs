namespace CreditFunctions.Alerts;

/// <summary>Where alerts go. Every alert reaches the log and metrics; tenants may add a signed webhook.</summary>
public interface IAlertSink
{
    Task PublishAsync(Alert alert, CancellationToken cancellationToken);
}
