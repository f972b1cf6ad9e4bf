using CreditFunctions.Workflow;
using CreditFunctions.Workflow.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CreditFunctions.Functions.Http;

/// <summary>
/// Function <c>ListCreditNotes</c>: <c>GET /api/tenants/{tenantId}/credit-notes?board=failed&amp;pageSize=50&amp;cursor=…</c>,
/// the tenant's documents on one operator board (pending, late, synced, failed, parked, voided: <see cref="SyncBoards"/>),
/// each as its status body plus <c>board</c>, paged. Bearer tenant API key, as the status API.
/// </summary>
public sealed class ListCreditNotes(TenantApiKeys keys, SyncStore store, TimeProvider time)
{
    public const string Route = "tenants/{tenantId}/credit-notes";

    [Function(nameof(ListCreditNotes))]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request, string tenantId)
    {
        if (keys.Authorize(request, tenantId, "No such tenant.").Problem is { } denied)
        {
            return denied;
        }

        if (!SyncBoards.TryParse(request.Query["board"].ToString(), out var board))
        {
            return Problems.Invalid(false, [("board", "Must be one of " + string.Join(", ", Enum.GetValues<SyncBoard>().Select(SyncBoards.Wire)) + ".")]);
        }

        if (Paging.TryRead(request, out var size, out var continuation) is { } invalid)
        {
            return invalid;
        }

        var (items, next) = await store.OnBoardAsync(tenantId, board, size, continuation, request.HttpContext.RequestAborted);
        var now = time.GetUtcNow();
        return Results.Json(new
        {
            board = SyncBoards.Wire(board),
            items = items.Where(s => s.Exists).Select(s => StatusJson.From(SyncStatusView.From(s, now))).ToArray(),
            nextCursor = Paging.Cursor(next),
        });
    }
}
