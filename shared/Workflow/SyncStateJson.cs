using System.Text.Json;
using System.Text.Json.Serialization;

namespace CreditFunctions.Workflow;

/// <summary>
/// The state as JSON for the runner's table entity (one string property: keep it well under the 1 MiB entity
/// and 64 KiB string-property limits, azure-platform.md §3). Source-generated, enums as names, so a renamed
/// member fails a test instead of corrupting stored rows.
/// </summary>
public static class SyncStateJson
{
    public static string Serialize(SyncState state) => JsonSerializer.Serialize(state, SyncJsonContext.Default.SyncState);

    public static SyncState Deserialize(string json) =>
        JsonSerializer.Deserialize(json, SyncJsonContext.Default.SyncState)
        ?? throw new JsonException("The stored workflow state is null.");

    public static string Serialize(DocumentTarget target) => JsonSerializer.Serialize(target, SyncJsonContext.Default.DocumentTarget);

    public static DocumentTarget DeserializeTarget(string json) =>
        JsonSerializer.Deserialize(json, SyncJsonContext.Default.DocumentTarget)
        ?? throw new JsonException("The stored document target is null.");

    /// <summary>An event as JSON (with its <c>$type</c>), for an audit trail or a test's comparison.</summary>
    public static string Serialize(SyncEvent e) => JsonSerializer.Serialize(e, SyncJsonContext.Default.SyncEvent);

    public static SyncEvent DeserializeEvent(string json) =>
        JsonSerializer.Deserialize(json, SyncJsonContext.Default.SyncEvent)
        ?? throw new JsonException("The stored workflow event is null.");
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SyncState))]
[JsonSerializable(typeof(SyncEvent))]
[JsonSerializable(typeof(DocumentTarget))]
internal sealed partial class SyncJsonContext : JsonSerializerContext;
