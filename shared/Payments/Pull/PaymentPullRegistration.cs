using CreditFunctions.Storage;
using CreditFunctions.Workflow.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Payments.Pull;

public static class PaymentPullRegistration
{
    /// <summary>
    /// Pull mode (docs/pull-mode.md): options <c>PaymentPull</c>, table <c>{Workflow:TablePrefix}PulledPayments</c>, the
    /// puller, the signed webhook delivery. The money adapters are each ledger's (<see cref="MoneyLedgers"/>); a ledger
    /// without one is not pulled. Needs the workflow's services (tenants, storage, time, jitter).
    /// </summary>
    public static IServiceCollection AddPaymentPull(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PaymentPullOptions>().Bind(configuration.GetSection(PaymentPullOptions.SectionName));
        services.TryAddSingleton<MoneyLedgers>();
        services.AddSingleton(sp => new PulledPaymentStore(sp.GetRequiredService<StorageClients>().GetTableClient(
            sp.GetRequiredService<IOptions<WorkflowOptions>>().Value.TablePrefix + "PulledPayments")));
        services.AddSingleton<LedgerPaymentPuller>();

        // The timeout is per attempt (PaymentPullOptions.DeliveryTimeout); the client's own stays out of its way.
        services.AddHttpClient<PaymentWebhookDelivery>(client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<PaymentPullRun>();
        services.AddHostedService<PaymentPullStorageInitializer>();
        return services;
    }

    private sealed class PaymentPullStorageInitializer(PulledPaymentStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.Table.CreateIfNotExistsAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
