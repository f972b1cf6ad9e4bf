using Microsoft.Extensions.DependencyInjection;

namespace CreditFunctions.Alerts;

public static class AlertsRegistration
{
    /// <summary>Alerts to the log and metrics, and to each tenant's signed webhook where configured.</summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.AddSingleton<AlertPublisher>();
        services.AddSingleton<IAlertSink, LogAlertSink>();
        services.AddHttpClient<WebhookAlertSink>(client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<IAlertSink>(sp => sp.GetRequiredService<WebhookAlertSink>());
        return services;
    }
}
