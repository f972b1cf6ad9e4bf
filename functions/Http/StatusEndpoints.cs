using System.Text;
using System.Text.Json;
using CreditFunctions.Storage.Tables;
using CreditFunctions.Workflow;
using CreditFunctions.Workflow.Durable;
using CreditFunctions.Workflow.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CreditFunctions.App.Http;

/// <summary>
/// The status and operations API (contracts/order-events.md "Status"): functions <c>GetCreditNoteStatus</c>,
/// <c>ListCreditNotesNeedingAttention</c> and <c>RetryCreditNote</c>. Bearer tenant API keys; another tenant's key gets 404.
/// </summary>
internal static class StatusEndpoints
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    public static string StatusUrl(string tenantId, string creditNoteId) =>
        $"/api/tenants/{Uri.EscapeDataString(tenantId)}/credit-notes/{Uri.EscapeDataString(creditNoteId)}";

    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/tenants/{tenantId}/credit-notes/{creditNoteId}", GetAsync).WithName("GetCreditNoteStatus");
        routes.MapGet("/api/tenants/{tenantId}/attention", ListAttentionAsync).WithName("ListCreditNotesNeedingAttention");
        routes.MapPost("/api/tenants/{tenantId}/credit-notes/{creditNoteId}/retry", RetryAsync).WithName("RetryCreditNote").DisableAntiforgery();
        return routes;
    }

    private static async Task<IResult> GetAsync(
        string tenantId, string creditNoteId, HttpRequest request, TenantApiKeys keys, SyncStatusReader status, TimeProvider time, CancellationToken cancellationToken)
    {
        if (keys.Authorize(request, tenantId).Problem is { } denied)
        {
            return denied;
        }

        var state = await status.LoadAsync(new SyncInstanceKey(tenantId, creditNoteId), cancellationToken);
        return state is null
            ? Problems.NotFound("No such document for this tenant.")
            : Results.Json(StatusJson.From(SyncStatusView.From(state, time.GetUtcNow())));
    }

    private static async Task<IResult> ListAttentionAsync(
        string tenantId, int? pageSize, string? cursor, HttpRequest request, TenantApiKeys keys, SyncStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (keys.Authorize(request, tenantId).Problem is { } denied)
        {
            return denied;
        }

        var size = pageSize ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize)
        {
            return Problems.Invalid(false, [("pageSize", $"Must be between 1 and {MaxPageSize}.")]);
        }

        TableContinuation? continuation = null;
        if (cursor is not null && !TryReadCursor(cursor, out continuation))
        {
            return Problems.Invalid(false, [("cursor", "Not a cursor this API returned.")]);
        }

        var (items, next) = await store.NeedingAttentionAsync(tenantId, size, continuation, cancellationToken);
        var now = time.GetUtcNow();
        return Results.Json(new
        {
            items = items.Select(s => StatusJson.From(SyncStatusView.From(s, now))).ToArray(),
            nextCursor = next is null ? null : WriteCursor(next),
        });
    }

    private static async Task<IResult> RetryAsync(
        string tenantId, string creditNoteId, HttpRequest request, TenantApiKeys keys, SyncStatusReader status, SyncSignals signals, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (keys.Authorize(request, tenantId).Problem is { } denied)
        {
            return denied;
        }

        var key = new SyncInstanceKey(tenantId, creditNoteId);
        var state = await status.LoadAsync(key, cancellationToken);
        if (state is null)
        {
            return Problems.NotFound("No such document for this tenant.");
        }

        if (!SyncDecider.CanRetry(state))
        {
            return Problems.Conflict("Nothing to retry: the document is not failed.");
        }

        await signals.SendAsync(key, new SyncSignal(SyncSignalKind.Retry, time.GetUtcNow()), cancellationToken);
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
