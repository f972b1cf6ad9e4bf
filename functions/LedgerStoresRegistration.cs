using Azure.Data.Tables;
using Azure.Security.KeyVault.Secrets;
using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.Xero;
using CreditFunctions.Storage;
using CreditFunctions.Workflow.Runtime;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Functions;

internal static class LedgerStoresRegistration
{
    /// <summary>
    /// Ledger tokens shared by every instance, so one refresh at a time rotates a connection's refresh token for all
    /// (ETag-guarded, ledger-apis.md X21): rows of <c>{prefix}LedgerSecrets</c> by default, or Key Vault secrets with
    /// the lock rows in that same table when <c>SecretStore:Kind</c> is <c>KeyVault</c> (docs/key-vault.md). Contact
    /// mappings live in <c>{prefix}LedgerContacts</c>, consents under way (their single-use states) in
    /// <c>{prefix}ConsentRequests</c>. Register before the ledgers, which only TryAdd their in-memory defaults.
    /// </summary>
    public static IServiceCollection AddLedgerStores(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SecretStoreOptions.SectionName);
        services.AddOptions<SecretStoreOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecretStoreOptions>, SecretStoreOptionsValidator>();
        services.AddKeyedSingleton(nameof(ISecretStore), (sp, _) => Table(sp, "LedgerSecrets"));
        services.AddKeyedSingleton(nameof(IContactMappingStore), (sp, _) => Table(sp, "LedgerContacts"));
        if (section.GetValue<SecretStoreKind>(nameof(SecretStoreOptions.Kind)) == SecretStoreKind.KeyVault)
        {
            AddKeyVault(services, section);
            services.AddSingleton<ISecretStore>(sp => new KeyVaultSecretStore(sp.GetRequiredService<SecretClient>(), sp.GetRequiredKeyedService<TableClient>(nameof(ISecretStore))));
        }
        else
        {
            services.AddSingleton<ISecretStore>(sp => new TableSecretStore(sp.GetRequiredKeyedService<TableClient>(nameof(ISecretStore))));
        }

        services.AddSingleton<IContactMappingStore>(sp => new CachedContactMappingStore(new TableContactMappingStore(sp.GetRequiredKeyedService<TableClient>(nameof(IContactMappingStore)))));
        services.AddSingleton(sp => new ConsentRequests(Table(sp, "ConsentRequests")));
        services.AddHostedService<LedgerTablesInitializer>();
        return services;
    }

    /// <summary>
    /// The SecretClient through the Azure client factory, with the identity chosen as for storage (<c>credential</c>,
    /// <c>clientId</c> in the section). A missing URI is left to the options validator, which names the setting.
    /// </summary>
    private static void AddKeyVault(IServiceCollection services, IConfigurationSection section) =>
        services.AddAzureClients(clients =>
        {
            var vaultUri = section.GetValue<Uri>(nameof(SecretStoreOptions.VaultUri)) ?? new Uri("https://vault-not-configured.vault.azure.net/");
            clients.AddSecretClient(vaultUri).WithCredential(StorageConnection.Credential(section));
        });

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
