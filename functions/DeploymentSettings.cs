using CreditFunctions.Ledgers.Myob;
using CreditFunctions.Ledgers.QuickBooks;
using CreditFunctions.Ledgers.Xero;
using CreditFunctions.Storage;
using CreditFunctions.Tenants;

namespace CreditFunctions.Functions;

/// <summary>
/// The app settings a deployment in Azure provides, named from the options classes and their section names, so a
/// renamed section or property renames the setting here. infra/modules/functionapp.bicep sets every one
/// (BicepTemplateTests compiles it and checks); everything else has a working default (README "Configuration").
/// Secrets are Key Vault references, resolved by the platform with the app's identity.
/// </summary>
public static class DeploymentSettings
{
    /// <summary>App-wide settings.</summary>
    public static IReadOnlyList<DeploymentSetting> AppWide { get; } =
    [
        // Storage by managed identity: the Functions host, the Durable extension and the app's own clients all read these.
        new($"{StorageConnection.DefaultName}__accountName"),
        new($"{StorageConnection.DefaultName}__credential"),
        new("APPLICATIONINSIGHTS_CONNECTION_STRING"),
        Of(SecretStoreOptions.SectionName, nameof(SecretStoreOptions.Kind)),
        Of(SecretStoreOptions.SectionName, nameof(SecretStoreOptions.VaultUri)),
        Of(SecretStoreOptions.SectionName, "credential"),
        Of(XeroOptions.SectionName, nameof(XeroOptions.ClientId)),
        Of(XeroOptions.SectionName, nameof(XeroOptions.ClientSecret), isSecret: true),
        Of(XeroOptions.SectionName, nameof(XeroOptions.RedirectUri)),
        Of(MyobOptions.SectionName, nameof(MyobOptions.ClientId)),
        Of(MyobOptions.SectionName, nameof(MyobOptions.ClientSecret), isSecret: true),
        Of(MyobOptions.SectionName, nameof(MyobOptions.RedirectUri)),
        Of(QuickBooksOptions.SectionName, nameof(QuickBooksOptions.ClientId)),
        Of(QuickBooksOptions.SectionName, nameof(QuickBooksOptions.ClientSecret), isSecret: true),
        Of(QuickBooksOptions.SectionName, nameof(QuickBooksOptions.RedirectUri)),
    ];

    /// <summary>Per tenant, as composite format strings: <c>{0}</c> the tenant id.</summary>
    public static IReadOnlyList<DeploymentSetting> PerTenant { get; } =
    [
        new($"{TenantsSection}__{{0}}__{nameof(TenantOptions.WebhookSecret)}", IsSecret: true),
        new($"{TenantsSection}__{{0}}__{nameof(TenantOptions.ApiKey)}", IsSecret: true),
    ];

    /// <summary>Per connection of a tenant: <c>{0}</c> the tenant id, <c>{1}</c> the connection's index.</summary>
    public static IReadOnlyList<DeploymentSetting> PerConnection { get; } =
    [
        new($"{TenantsSection}__{{0}}__{nameof(TenantOptions.Connections)}__{{1}}__{nameof(TenantConnectionOptions.Id)}"),
        new($"{TenantsSection}__{{0}}__{nameof(TenantOptions.Connections)}__{{1}}__{nameof(TenantConnectionOptions.Ledger)}"),
        new($"{TenantsSection}__{{0}}__{nameof(TenantOptions.Connections)}__{{1}}__{nameof(TenantConnectionOptions.LedgerTenantId)}"),
    ];

    // The section TenantsOptions binds (WorkflowRegistration).
    private const string TenantsSection = "Tenants";

    private static DeploymentSetting Of(string section, string key, bool isSecret = false) => new($"{section}__{key}", isSecret);
}

/// <summary>One app setting; <paramref name="IsSecret"/>: its value must be a Key Vault reference, never a literal.</summary>
public sealed record DeploymentSetting(string Name, bool IsSecret = false);
