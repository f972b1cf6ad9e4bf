using CreditFunctions.Health;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CreditFunctions.Functions.Http;

/// <summary>
/// Function <c>GetReadiness</c>: <c>GET /api/health/ready</c>: 200 when storage answers, 503 when it does not, with each
/// ledger connection's token state (connected / needsReconnect) and no secret (docs/health.md). It names every
/// tenant's connections, so in Azure it takes a function key (level Function); the local host serves it openly.
/// </summary>
public sealed class GetReadiness(ReadinessCheck check)
{
    public const string Route = "health/ready";

    [Function(nameof(GetReadiness))]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = Route)] HttpRequest request)
    {
        var report = await check.CheckAsync(request.HttpContext.RequestAborted);
        return Results.Json(
            new
            {
                status = report.Ready ? "ready" : "notReady",
                storage = report.StorageReachable ? "reachable" : "unreachable",
                storageProblem = report.StorageProblem,
                connections = report.Connections.Select(c => new { tenantId = c.TenantId, connectionId = c.ConnectionId, ledger = c.Ledger, tokens = c.Tokens }),
            },
            statusCode: report.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
