using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Storage.Queues;
using CreditFunctions.Storage.Queues;

namespace CreditFunctions.Workflow.Runtime;

/// <summary>
/// Step messages: "run the next step of this branch", optionally not before a time (a retry's backoff is the
/// message's initial invisibility: the durable timer of azure-platform.md §2.1). Messages never expire, so a long
/// retry cannot silently vanish; a duplicate is harmless (the decider answers a second BeginWrite with nothing).
/// </summary>
public sealed class StepQueue(QueueClient queue, TimeProvider time)
{
    /// <summary>Azure caps the initial invisibility at 7 days (azure-platform.md §3.2); the sweep covers anything longer.</summary>
    private static readonly TimeSpan MaxDelay = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1);

    public QueueClient Queue { get; } = queue;

    public async Task SendAsync(SyncInstanceKey key, string connectionId, DateTimeOffset visibleAt, CancellationToken cancellationToken)
    {
        var delay = visibleAt - time.GetUtcNow();
        delay = delay > MaxDelay ? MaxDelay : QueueLimits.WholeSeconds(delay);
        var body = JsonSerializer.Serialize(new StepMessageBody(key.TenantId, key.CreditNoteId, connectionId), StepJsonContext.Default.StepMessageBody);
        await Queue.SendMessageAsync(body, delay == TimeSpan.Zero ? null : delay, QueueLimits.NeverExpires, cancellationToken);
    }

    /// <summary>Reads a step message; null when it is not one (it then fails loudly in the handler and ends in the poison queue).</summary>
    public static StepMessageBody? Parse(string text)
    {
        try
        {
            var body = JsonSerializer.Deserialize(text, StepJsonContext.Default.StepMessageBody);
            return body is { TenantId.Length: > 0, CreditNoteId.Length: > 0, ConnectionId.Length: > 0 } ? body : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The JSON of one step message (small, well under the 64 KiB queue limit).</summary>
public sealed record StepMessageBody(string TenantId, string CreditNoteId, string ConnectionId)
{
    [JsonIgnore]
    public SyncInstanceKey Key => new(TenantId, CreditNoteId);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(StepMessageBody))]
internal sealed partial class StepJsonContext : JsonSerializerContext;
