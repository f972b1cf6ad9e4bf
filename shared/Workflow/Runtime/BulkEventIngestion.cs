using System.Text.Json;
using CreditFunctions.Alerts;
using CreditFunctions.Documents;


namespace CreditFunctions.Workflow.Runtime;

/// <summary>
/// The bulk feed: one event per queue message, as <c>{"tenantId": "...", "event": { ...the webhook body... }}</c>.
/// The same validation as the webhook applies; a message that cannot be accepted is recorded as rejected with its
/// reason and an alert, and then completed — a bad message is never retried forever, never lost silently.
/// </summary>
public sealed class BulkEventIngestion(OrderEventIntake intake, RejectedEvents rejected, AlertPublisher alerts, TimeProvider time)
{
    public async Task<IntakeResult?> IngestAsync(string messageId, string messageText, CancellationToken cancellationToken)
    {
        string? tenantId = null;
        byte[] body;
        try
        {
            using var envelope = JsonDocument.Parse(messageText);
            if (envelope.RootElement.ValueKind != JsonValueKind.Object
                || !envelope.RootElement.TryGetProperty("tenantId", out var tenant) || tenant.ValueKind != JsonValueKind.String
                || !envelope.RootElement.TryGetProperty("event", out var orderEvent) || orderEvent.ValueKind != JsonValueKind.Object)
            {
                await RejectAsync(null, messageId, "malformed", [("$", "Expected {\"tenantId\": string, \"event\": object}.")], messageText, cancellationToken);
                return null;
            }

            tenantId = tenant.GetString();
            body = JsonSerializer.SerializeToUtf8Bytes(orderEvent);
        }
        catch (JsonException e)
        {
            await RejectAsync(null, messageId, "malformed", [("$", "Not JSON: " + e.Message)], messageText, cancellationToken);
            return null;
        }

        var result = await intake.ReceiveTrustedAsync(tenantId!, body, cancellationToken);
        switch (result)
        {
            case IntakeResult.UnknownTenant:
                await RejectAsync(tenantId, messageId, "unknown-tenant", [("tenantId", $"No tenant '{tenantId}' is configured.")], messageText, cancellationToken);
                break;
            case IntakeResult.Invalid invalid:
                await RejectAsync(
                    tenantId, messageId, invalid.Problem.IsMalformed ? "malformed" : "invalid",
                    [.. invalid.Problem.Errors.Select(e => ("event." + e.Field.TrimStart('$', '.'), e.Message))], messageText, cancellationToken);
                break;
            default:
                break;
        }

        return result;
    }

    /// <summary>A bulk message that failed every delivery (poison queue): recorded as rejected, with an alert.</summary>
    public Task RecordPoisonedAsync(string messageId, string messageText, CancellationToken cancellationToken) =>
        RejectAsync(TryTenant(messageText), messageId, "poisoned", [("$", "The message failed every delivery attempt.")], messageText, cancellationToken);

    private async Task RejectAsync(
        string? tenantId, string messageId, string reason, IReadOnlyList<(string Field, string Message)> errors, string messageText, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await rejected.RecordAsync(tenantId, messageId, reason, errors, messageText, now, cancellationToken);
        var summary = string.Join("; ", errors.Take(5).Select(e => $"{e.Field}: {e.Message}"));
        await alerts.PublishAsync(
            new Alert(reason == "poisoned" ? AlertKind.Poisoned : AlertKind.EventRejected, tenantId ?? "_unknown", messageId, null, $"Bulk message {messageId} rejected ({reason}): {summary}", now),
            cancellationToken);
    }

    private static string? TryTenant(string messageText)
    {
        try
        {
            using var envelope = JsonDocument.Parse(messageText);
            return envelope.RootElement.TryGetProperty("tenantId", out var tenant) && tenant.ValueKind == JsonValueKind.String ? tenant.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
