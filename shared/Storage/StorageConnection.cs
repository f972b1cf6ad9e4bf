using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace CreditFunctions.Storage;

/// <summary>
/// Reads a storage connection the way the Functions host does (a connection named e.g. <c>AzureWebJobsStorage</c>):
/// a connection string in the setting itself (or under ConnectionStrings), else identity-based settings
/// <c>&lt;name&gt;__accountName</c> or <c>&lt;name&gt;__tableServiceUri</c> + <c>__queueServiceUri</c>, with
/// <c>__credential</c> = <c>managedidentity</c> and optional <c>__clientId</c> (a user-assigned identity).
/// </summary>
public static class StorageConnection
{
    public const string DefaultName = "AzureWebJobsStorage";

    /// <summary>
    /// Storage-scoped tokens come from <paramref name="credentialFactory"/> (default: <see cref="Credential"/>);
    /// <paramref name="configure"/> adjusts every client's options (tests set a transport).
    /// </summary>
    public static StorageClients Open(
        IConfiguration configuration,
        string name = DefaultName,
        Func<IConfigurationSection, TokenCredential>? credentialFactory = null,
        Action<ClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration[name] is { Length: > 0 } direct ? direct : configuration.GetConnectionString(name);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return StorageClients.FromConnectionString(connectionString, configure);
        }

        var section = configuration.GetSection(name);
        var account = section["accountName"];
        var tableUri = section["tableServiceUri"] is { Length: > 0 } t ? new Uri(t) : account is { Length: > 0 } ? new Uri($"https://{account}.table.core.windows.net") : null;
        var queueUri = section["queueServiceUri"] is { Length: > 0 } q ? new Uri(q) : account is { Length: > 0 } ? new Uri($"https://{account}.queue.core.windows.net") : null;
        if (tableUri is null || queueUri is null)
        {
            throw new InvalidOperationException(
                $"No storage configured for connection '{name}': set {name} to a connection string (UseDevelopmentStorage=true for Azurite) " +
                $"or {name}__accountName (or {name}__tableServiceUri and {name}__queueServiceUri) for a managed identity.");
        }

        return StorageClients.FromIdentity(tableUri, queueUri, (credentialFactory ?? Credential)(section), configure);
    }

    /// <summary>
    /// <c>__credential</c> = <c>managedidentity</c>: that identity only (system-assigned, or user-assigned by
    /// <c>__clientId</c>), as the Functions host does. Otherwise <see cref="DefaultAzureCredential"/>, which also finds
    /// a developer's Azure CLI login.
    /// </summary>
    public static TokenCredential Credential(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var clientId = section["clientId"];
        if (string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            return new ManagedIdentityCredential(clientId is { Length: > 0 }
                ? ManagedIdentityId.FromUserAssignedClientId(clientId)
                : ManagedIdentityId.SystemAssigned);
        }

        return clientId is { Length: > 0 }
            ? new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId })
            : new DefaultAzureCredential();
    }
}
