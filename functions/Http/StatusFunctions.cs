using System.Globalization;
using System.Text;
using System.Text.Json;
using CreditFunctions.Storage.Tables;
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
/// </summary>
public sealed class StatusFunctions(TenantApiKeys keys, SyncStatusReader status, SyncStore store, SyncSignals signals, TimeProvider time)
{
    public const string StatusRoute = "tenants/{tenantId}/credit-notes/{creditNoteId}";
    public const string AttentionRoute = "tenants/{tenantId}/attention";
    public const string RetryRoute = "tenants/{tenantId}/credit-notes/{creditNoteId}/retry";
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

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

        var size = DefaultPageSize;
        if (request.Query["pageSize"] is { Count: > 0 } pageSize
            && (!int.TryParse(pageSize.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxPageSize))
        {
            return Problems.Invalid(false, [("pageSize", $"Must be between 1 and {MaxPageSize}.")]);
        }

        TableContinuation? continuation = null;
        if (request.Query["cursor"] is { Count: > 0 } cursor && !TryReadCursor(cursor.ToString(), out continuation))
        {
            return Problems.Invalid(false, [("cursor", "Not a cursor this API returned.")]);
        }

        var (items, next) = await store.NeedingAttentionAsync(tenantId, size, continuation, request.HttpContext.RequestAborted);
        var now = time.GetUtcNow();
        return Results.Json(new
        {
            items = items.Select(s => StatusJson.From(SyncStatusView.From(s, now))).ToArray(),
            nextCursor = next is null ? null : WriteCursor(next),
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

    // The cursor is the table continuation, opaque to clients: base64url of a JSON array, so it can grow fields.
    private static string WriteCursor(TableContinuation next) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new[] { next.Token }))
            .Replace('+', '-').Replace('/', '_').TrimEnd('=');

    private static bool TryReadCursor(string cursor, out TableContinuation? continuation)
    {
        continuation = null;
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var parts = JsonSerializer.Deserialize<string[]>(Encoding.UTF8.GetString(Convert.FromBase64String(padded)));
            if (parts is not [{ Length: > 0 } token])
            {
                return false;
            }

            continuation = new TableContinuation(token);
            return true;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return false;
        }
    }
}
