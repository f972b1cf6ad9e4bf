using CreditFunctions.Workflow.Durable;
using CreditFunctions.Workflow.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CreditFunctions.Functions.Http;

/// <summary>
/// Function <c>GetCreditNoteTimeline</c>: <c>GET /api/tenants/{tenantId}/credit-notes/{creditNoteId}/timeline</c>, the
/// newest 200 things that happened to a document (writes sent, the ledger's replies, read-backs, holds, retries, alerts),
/// newest first (<see cref="SyncTimeline"/>). Bearer tenant API key; another tenant's key gets 404.
/// </summary>
public sealed class GetCreditNoteTimeline(TenantApiKeys keys, SyncStatusReader status, SyncTimeline timeline)
{
    public const string Route = "tenants/{tenantId}/credit-notes/{creditNoteId}/timeline";
    private const int MaxEntries = 200;

    [Function(nameof(GetCreditNoteTimeline))]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request, string tenantId, string creditNoteId)
    {
        if (keys.Authorize(request, tenantId).Problem is { } denied)
        {
            return denied;
        }

        var key = new SyncInstanceKey(tenantId, creditNoteId);
        var cancellationToken = request.HttpContext.RequestAborted;
        if (await status.LoadAsync(key, cancellationToken) is null)
        {
            return Problems.NotFound("No such document for this tenant.");
        }

        var entries = await timeline.ReadAsync(key, MaxEntries, cancellationToken);
        return Results.Json(new
        {
            id = creditNoteId,
            entries = entries.Select(e => new { at = e.At, kind = e.Kind, tone = e.Tone, connectionId = e.ConnectionId, summary = e.Summary, detail = e.Detail }).ToArray(),
        });
    }
}
