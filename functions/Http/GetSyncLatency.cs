using CreditFunctions.Workflow;
using CreditFunctions.Workflow.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CreditFunctions.Functions.Http;

/// <summary>
/// Function <c>GetSyncLatency</c>: <c>GET /api/tenants/{tenantId}/sync-latency</c>, the tenant's sync latencies over the
/// last day for the operator page's chart: per ledger connection that synced in the window, seconds from the start of
/// the document's SLA clock (its acceptance, or a finished document's newer version) to the ledger holding it. Bearer
/// tenant API key.
/// </summary>
public sealed class GetSyncLatency(TenantApiKeys keys, SyncStore store, TimeProvider time)
{
    public const string Route = "tenants/{tenantId}/sync-latency";
    public static readonly TimeSpan Window = TimeSpan.FromDays(1);
    private const int MaxDocuments = 5000;

    [Function(nameof(GetSyncLatency))]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request, string tenantId)
    {
        if (keys.Authorize(request, tenantId, "No such tenant.").Problem is { } denied)
        {
            return denied;
        }

        var until = time.GetUtcNow();
        var from = until - Window;
        var states = await store.SyncedSinceAsync(tenantId, from, MaxDocuments, request.HttpContext.RequestAborted);
        var points = states
            .SelectMany(s => s.Branches
                .Where(b => b.Phase == BranchPhase.Synced && b.SyncedAt >= from)
                .Select(b => new
                {
                    creditNoteId = s.CreditNoteId,
                    connectionId = b.ConnectionId,
                    ledger = SyncStatusView.Wire(b.Ledger),
                    syncedAt = b.SyncedAt!.Value,
                    seconds = Math.Max(0, (b.SyncedAt!.Value - (s.Deadline - s.Policy.SyncDeadline)).TotalSeconds),
                }))
            .OrderBy(p => p.syncedAt)
            .ToArray();
        var sorted = points.Select(p => p.seconds).Order().ToArray();
        return Results.Json(new
        {
            from,
            until,
            count = points.Length,
            p50Seconds = Percentile(sorted, 0.50),
            p95Seconds = Percentile(sorted, 0.95),
            maxSeconds = sorted.Length == 0 ? (double?)null : sorted[^1],
            truncated = states.Count >= MaxDocuments,
            points,
        });
    }

    // Nearest rank: the smallest value with at least p of the values at or below it.
    private static double? Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? null : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
