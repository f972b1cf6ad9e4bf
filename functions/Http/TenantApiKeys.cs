using System.Security.Cryptography;
using System.Text;
using CreditFunctions.Tenants;
using Microsoft.AspNetCore.Http;

namespace CreditFunctions.Functions.Http;

/// <summary>
/// Bearer API keys for the status and operations API. A key that belongs to another tenant gets the same 404 an
/// unknown document gets, so one tenant can never learn about another's documents; no key or an unknown key gets 401.
/// Keys are compared in constant time.
/// </summary>
public sealed class TenantApiKeys(ITenantDirectory tenants)
{
    /// <param name="notFoundDetail">What the 404 for another tenant's key says (it must read like the answer for a missing resource).</param>
    public TenantAccess Authorize(HttpRequest request, string tenantId, string notFoundDetail = "No such document for this tenant.")
    {
        var presented = BearerToken(request);
        if (presented is null)
        {
            return TenantAccess.Denied(Problems.Unauthorized("Send the tenant's API key as 'Authorization: Bearer <key>'."));
        }

        if (tenants.Find(tenantId) is { } tenant && Matches(tenant.ApiKey, presented))
        {
            return TenantAccess.Granted(tenant);
        }

        var knownElsewhere = tenants.All.Any(t => Matches(t.ApiKey, presented));
        return TenantAccess.Denied(knownElsewhere
            ? Problems.NotFound(notFoundDetail)
            : Problems.Unauthorized("The API key is not valid."));
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) && header.Length > Scheme.Length
            ? header[Scheme.Length..].Trim()
            : null;
    }

    // Hashing first makes the comparison constant-time in the key's length too.
    private static bool Matches(string expected, string presented) =>
        expected.Length > 0 && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)),
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}

public readonly record struct TenantAccess(TenantOptions? Tenant, IResult? Problem)
{
    public static TenantAccess Granted(TenantOptions tenant) => new(tenant, null);

    public static TenantAccess Denied(IResult problem) => new(null, problem);
}
