using CreditFunctions.Storage;
using CreditFunctions.Workflow.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Payments.Workflow;

public static class PaymentsRegistration
{
    /// <summary>
    /// The money workflow (docs/payments.md "Workflow"): its store (table <c>{prefix}MoneyDocuments</c>), intake, signals,
    /// activities and the ledger registry (<see cref="MoneyLedgers"/>: each ledger's registration adds its
    /// <see cref="IMoneyLedger"/>). Durations from configuration section <c>Payments:Durable</c> (<see cref="MoneySettings"/>).
    /// Needs <c>AddSyncWorkflow</c> (storage, tenants, the signal queue, the credit-note store).
    /// </summary>
    public static IServiceCollection AddMoneyWorkflow(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MoneyWorkflowOptions>().Bind(configuration.GetSection(MoneyWorkflowOptions.SectionName));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<MoneyWorkflowOptions>>().Value.Durable);
        services.AddSingleton<MoneyLedgers>();
        services.AddSingleton(sp => new MoneyStore(sp.GetRequiredService<StorageClients>().GetTableClient(
            sp.GetRequiredService<IOptions<WorkflowOptions>>().Value.TablePrefix + "MoneyDocuments")));
        services.AddSingleton<MoneySignals>();
        services.AddSingleton<MoneyIntake>();
        services.AddSingleton<MoneyActivities>();
        services.AddHostedService<MoneyStorageInitializer>();
        return services;
    }

    private sealed class MoneyStorageInitializer(MoneyStore store) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken) => await store.Table.CreateIfNotExistsAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>Configuration section <c>Payments</c>.</summary>
public sealed class MoneyWorkflowOptions
{
    public const string SectionName = "Payments";

    /// <summary>The money orchestrations' durations and limits. Defaults: see <see cref="MoneySettings"/>.</summary>
    public MoneySettings Durable { get; set; } = new();
}
