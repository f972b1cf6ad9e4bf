using CreditFunctions.Workflow.Durable;
using CreditFunctions.Diagnostics;
using CreditFunctions.Ledgers;
using CreditFunctions.Storage;
using CreditFunctions.Tenants;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Workflow.Runtime;

public static class WorkflowRegistration
{
    /// <summary>
    /// The durable workflow's services: storage (connection <c>AzureWebJobsStorage</c>, read as the Functions host reads it:
    /// <see cref="StorageConnection"/>), tenants, intake, the activities, the sweep. The host registers the Durable Task
    /// client and worker (the Functions extension, or the local engine).
    /// </summary>
    public static IServiceCollection AddSyncWorkflow(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WorkflowOptions>().Bind(configuration.GetSection(WorkflowOptions.SectionName));
        services.AddOptions<TenantsOptions>().Configure(o => configuration.GetSection("Tenants").Bind(o.Tenants)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TenantsOptions>, TenantsOptionsValidator>());
        services.AddSingleton<ITenantDirectory, ConfiguredTenantDirectory>();
        services.AddStorageClients(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new WorkflowRandom(static () => RandomNumberGenerator.GetInt32(1_000_000) / 1_000_000d));
        services.AddMetrics();
        services.AddSingleton<SyncMetrics>();
        services.AddSingleton<LedgerConnectors>();
        services.AddSingleton(sp => new LedgerCreateBatcher(sp.GetRequiredService<IOptions<WorkflowOptions>>().Value.CreateCallsInFlightPerConnection));
        services.AddSingleton(sp => new SyncStore(Table(sp, "SyncInstances")));
        services.AddSingleton(sp => new SyncTimeline(sp.GetRequiredService<SyncStore>().Table));
        services.AddSingleton(sp => new ActiveInstances(Table(sp, "SyncActive")));
        services.AddSingleton(sp => new RejectedEvents(Table(sp, "RejectedEvents")));
        services.AddSingleton<SyncSignals>();
        services.AddSingleton(sp => new SyncSignalQueue(
            sp.GetRequiredService<StorageClients>().GetQueueClient(sp.GetRequiredService<IOptions<WorkflowOptions>>().Value.SignalQueue),
            sp.GetRequiredService<SyncSignals>(),
            sp.GetService<Payments.Workflow.MoneySignals>()));
        services.AddSingleton<SyncIntake>();
        services.AddSingleton<SyncStateActivities>();
        services.AddSingleton<SyncStatusReader>();
        services.AddSingleton<LedgerActivities>();
        services.AddSingleton<OrderEventIntake>();
        services.AddSingleton<BulkEventIngestion>();
        services.AddSingleton<SyncSweeper>();
        services.AddSingleton<ConnectionRestorer>();
        services.AddHostedService<WorkflowStorageInitializer>();
        return services;
    }

    private static Azure.Data.Tables.TableClient Table(IServiceProvider services, string name) =>
        services.GetRequiredService<StorageClients>().GetTableClient(services.GetRequiredService<IOptions<WorkflowOptions>>().Value.TablePrefix + name);
}
