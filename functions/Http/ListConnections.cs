using CreditFunctions.Workflow;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CreditFunctions.Functions.Http;

/// <summary>
/// Function <c>ListConnections</c>: <c>GET /api/tenants/{tenantId}/connections</c>, the tenant's ledger connections (id
/// and ledger; never a token or a ledger's tenant id) — what the operator page offers to reconnect, and how it checks a
/// key at sign-in. Bearer tenant API key.
/// </summary>
public sealed class ListConnections(TenantApiKeys keys)
{
    public const string Route = "tenants/{tenantId}/connections";

    [Function(nameof(ListConnections))]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request, string tenantId)
    {
        var access = keys.Authorize(request, tenantId, "No such tenant.");
        if (access.Problem is { } denied)
        {
            return denied;
        }

        return Results.Json(new
        {
            tenantId,
            items = access.Tenant!.Connections.Select(c => new { connectionId = c.Id, ledger = SyncStatusView.Wire(c.Ledger) }).ToArray(),
        });
    }
}
