using CreditFunctions.Documents;
using CreditFunctions.Workflow.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CreditFunctions.Functions.Http;

/// <summary>
/// Function <c>ReceiveOrderEvent</c>: <c>POST /api/tenants/{tenantId}/events</c> (contracts/order-events.md "Delivery").
/// Thin: reads the exact bytes received, hands them to intake, maps the outcome. 202 once the event is stored and its
/// orchestration's signal queued (not delivered, not processed).
/// </summary>
public sealed class ReceiveOrderEvent(OrderEventIntake intake)
{
    public const string Route = "tenants/{tenantId}/events";

    [Function(nameof(ReceiveOrderEvent))]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route)] HttpRequest request, string tenantId)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        if (!IsJson(request.ContentType))
        {
            return Problems.UnsupportedMediaType();
        }

        if (request.ContentLength > DocumentLimits.MaxBodyBytes)
        {
            return Problems.TooLarge(DocumentLimits.MaxBodyBytes);
        }

        var body = await ReadBodyAsync(request, DocumentLimits.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Problems.TooLarge(DocumentLimits.MaxBodyBytes);
        }

        var result = await intake.ReceiveSignedAsync(tenantId, body, request.Headers[WebhookSignature.HeaderName].ToString(), cancellationToken);
        return result switch
        {
            IntakeResult.Accepted accepted => Results.Json(
                new { eventId = accepted.EventId, statusUrl = accepted.StatusUrl ?? StatusFunctions.StatusUrl(tenantId, accepted.CreditNoteId) },
                statusCode: StatusCodes.Status202Accepted),
            IntakeResult.UnknownTenant => Problems.NotFound($"No tenant '{tenantId}'."),
            IntakeResult.BadSignature bad => Problems.Unauthorized(SignatureDetail(bad.Failure)),
            IntakeResult.Invalid invalid => Problems.Invalid(invalid.Problem.IsMalformed, invalid.Problem.Errors.Select(e => (e.Field, e.Message))),
            _ => throw new InvalidOperationException($"Unknown intake result {result.GetType().Name}."),
        };
    }

    private static string SignatureDetail(SignatureFailure failure) => failure switch
    {
        SignatureFailure.Missing => $"The {WebhookSignature.HeaderName} header is missing.",
        SignatureFailure.Malformed => $"The {WebhookSignature.HeaderName} header is not 't=<unix seconds>,v1=<hex HMAC-SHA256>'.",
        SignatureFailure.Stale => "The signature's timestamp is more than 5 minutes from the server's clock.",
        _ => "The signature does not match the body.",
    };

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>The exact bytes received (the signature covers them), or null past <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            await buffer.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
        }

        return buffer.ToArray();
    }
}
