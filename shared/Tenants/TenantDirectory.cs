using Microsoft.Extensions.Options;

namespace CreditFunctions.Tenants;

/// <summary>Looks tenants up by id. Configuration-backed; a database-backed directory would sit behind the same seam.</summary>
public interface ITenantDirectory
{
    TenantOptions? Find(string tenantId);

    IReadOnlyCollection<TenantOptions> All { get; }
}

/// <summary>Tenants from configuration section <c>Tenants</c>, keyed by id.</summary>
public sealed class TenantsOptions
{
    public Dictionary<string, TenantOptions> Tenants { get; } = new(StringComparer.Ordinal);
}

internal sealed class ConfiguredTenantDirectory(IOptions<TenantsOptions> options) : ITenantDirectory
{
    private readonly Dictionary<string, TenantOptions> _tenants = options.Value.Tenants
        .ToDictionary(kv => kv.Key, kv => WithId(kv.Key, kv.Value), StringComparer.Ordinal);

    public IReadOnlyCollection<TenantOptions> All => _tenants.Values;

    public TenantOptions? Find(string tenantId) => _tenants.GetValueOrDefault(tenantId);

    private static TenantOptions WithId(string key, TenantOptions tenant)
    {
        if (string.IsNullOrEmpty(tenant.Id))
        {
            tenant.Id = key;
        }

        return tenant;
    }
}
