using CreditFunctions.Payments.Workflow;
using CreditFunctions.Workflow;
using CreditFunctions.Workflow.Durable;
using CreditFunctions.Workflow.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace CreditFunctions.Functions.Http;

/// <summary>
/// The status and operations API (docs/contracts/order-events.md "Status"): functions <c>GetCreditNoteStatus</c>,
/// <c>ListCreditNotesNeedingAttention</c> and <c>RetryCreditNote</c>. Bearer tenant API keys; another tenant's key gets 404.
/// The attention list's first page also lists the money documents needing attention (docs/payments.md "Status API"),
/// each marked with its <c>type</c>; credit-note items are as they were.
/// </summary>
public sealed class StatusFunctions(TenantApiKeys keys, SyncStatusReader status, SyncStore store, SyncSignals signals, TimeProvider time, MoneyStore? money = null)
{
    public const string StatusRoute = "tenants/{tenantId}/credit-notes/{creditNoteId}";
    public const string AttentionRoute = "tenants/{tenantId}/attention";
    public const string RetryRoute = "tenants/{tenantId}/credit-notes/{creditNoteId}/retry";

    public static string StatusUrl(string tenantId, string creditNoteId) =>
        $"/api/tenants/{Uri.EscapeDataString(tenantId)}/credit-notes/{Uri.EscapeDataString(creditNoteId)}";

    [Function("GetCreditNoteStatus")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = StatusRoute)] HttpRequest request, string tenantId, string creditNoteId)
    {
        if (keys.Authorize(request, tenantId).Problem is { } denied)
        {
            return denied;
        }

        var state = await status.LoadAsync(new SyncInstanceKey(tenantId, creditNoteId), request.HttpContext.RequestAborted);
        return state is null
            ? Problems.NotFound("No such document for this tenant.")
            : Results.Json(StatusJson.From(SyncStatusView.From(state, time.GetUtcNow())));
    }

    [Function("ListCreditNotesNeedingAttention")]
    public async Task<IResult> ListAttentionAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = AttentionRoute)] HttpRequest request, string tenantId)
    {
        if (keys.Authorize(request, tenantId).Problem is { } denied)
        {
            return denied;
        }

        if (Paging.TryRead(request, out var size, out var continuation) is { } invalid)
        {
            return invalid;
        }

        var (items, next) = await store.NeedingAttentionAsync(tenantId, size, continuation, request.HttpContext.RequestAborted);
        var now = time.GetUtcNow();
        // Money documents ride on the first page only (the cursor pages credit notes), so a page never repeats one.
        var moneyItems = continuation is null && money is not null
            ? (await money.NeedingAttentionAsync(tenantId, size, request.HttpContext.RequestAborted)).Select(s => MoneyStatusJson.From(MoneyStatusView.From(s, now)))
            : [];
        return Results.Json(new
        {
            items = items.Select(s => StatusJson.From(SyncStatusView.From(s, now))).Concat(moneyItems).ToArray(),
            nextCursor = Paging.Cursor(next),
        });
    }

    [Function("RetryCreditNote")]
    public async Task<IResult> RetryAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RetryRoute)] HttpRequest request, string tenantId, string creditNoteId,
        [DurableClient] DurableTaskClient durable)
    {
        if (keys.Authorize(request, tenantId).Problem is { } denied)
        {
            return denied;
        }

        var key = new SyncInstanceKey(tenantId, creditNoteId);
        var cancellationToken = request.HttpContext.RequestAborted;
        var state = await status.LoadAsync(key, cancellationToken);
        if (state is null)
        {
            return Problems.NotFound("No such document for this tenant.");
        }

        if (!SyncDecider.CanRetry(state))
        {
            return Problems.Conflict("Nothing to retry: the document is not failed.");
        }

        await signals.SendAsync(durable, key, new SyncSignal(SyncSignalKind.Retry, time.GetUtcNow()), cancellationToken);
        return Results.Json(new { statusUrl = StatusUrl(tenantId, creditNoteId) }, statusCode: StatusCodes.Status202Accepted);
    }
}
