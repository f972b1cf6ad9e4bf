namespace CreditFunctions.Alerts;

/// <summary>Sends one alert to every registered <see cref="IAlertSink"/> (log and metrics always, tenant webhooks, test recorders).</summary>
public sealed class AlertPublisher(IEnumerable<IAlertSink> sinks)
{
    private readonly IAlertSink[] _sinks = [.. sinks];

    public async Task PublishAsync(Alert alert, CancellationToken cancellationToken)
    {
        foreach (var sink in _sinks)
        {
            await sink.PublishAsync(alert, cancellationToken);
        }
    }
}
