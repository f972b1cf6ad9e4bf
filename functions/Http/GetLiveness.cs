using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CreditFunctions.Functions.Http;

/// <summary>
/// Function <c>GetLiveness</c>: <c>GET /api/health/live</c> answers 200 while the process runs and serves requests.
/// It looks at nothing else on purpose: a storage outage must not make a platform restart healthy instances
/// (readiness says that, docs/health.md).
/// </summary>
public sealed class GetLiveness
{
    public const string Route = "health/live";

    [Function(nameof(GetLiveness))]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request) =>
        Results.Json(new { status = "alive" });
}
