using Azure.Data.Tables;
using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.Xero;
using CreditFunctions.Storage;
using CreditFunctions.Workflow.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Functions;

internal static class LedgerStoresRegistration
{
    /// <summary>
    /// Ledger tokens and contact mappings in Table Storage (tables <c>{prefix}LedgerSecrets</c>, <c>{prefix}LedgerContacts</c>),
    /// so every instance shares one rotating refresh token per connection (ETag-guarded: one refresh at a time,
    /// ledger-apis.md X21) and mappings survive restarts. Register before the ledgers, which only TryAdd their
    /// in-memory defaults. Key Vault would be the stronger home for tokens (README "Operations"). Consents under way
    /// (their single-use states) live in <c>{prefix}ConsentRequests</c>.
    /// </summary>
    public static IServiceCollection AddTableBackedLedgerStores(this IServiceCollection services)
    {
        services.AddKeyedSingleton(nameof(ISecretStore), (sp, _) => Table(sp, "LedgerSecrets"));
        services.AddKeyedSingleton(nameof(IContactMappingStore), (sp, _) => Table(sp, "LedgerContacts"));
        services.AddSingleton<ISecretStore>(sp => new TableSecretStore(sp.GetRequiredKeyedService<TableClient>(nameof(ISecretStore))));
        services.AddSingleton<IContactMappingStore>(sp => new CachedContactMappingStore(new TableContactMappingStore(sp.GetRequiredKeyedService<TableClient>(nameof(IContactMappingStore)))));
        services.AddSingleton(sp => new ConsentRequests(Table(sp, "ConsentRequests")));
        services.AddHostedService<LedgerTablesInitializer>();
        return services;
    }

    private static TableClient Table(IServiceProvider services, string name) =>
        services.GetRequiredService<StorageClients>().GetTableClient(services.GetRequiredService<IOptions<WorkflowOptions>>().Value.TablePrefix + name);

    private sealed class LedgerTablesInitializer(IServiceProvider services) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await services.GetRequiredKeyedService<TableClient>(nameof(ISecretStore)).CreateIfNotExistsAsync(cancellationToken);
            await services.GetRequiredKeyedService<TableClient>(nameof(IContactMappingStore)).CreateIfNotExistsAsync(cancellationToken);
            await services.GetRequiredService<ConsentRequests>().Table.CreateIfNotExistsAsync(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
