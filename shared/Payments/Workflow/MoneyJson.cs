using System.Text.Json;
using System.Text.Json.Serialization;

namespace CreditFunctions.Payments.Workflow;

/// <summary>
/// The money workflow's state and recorded events as JSON (one string property of a table entity; activity inputs carry
/// the same strings, so the engine's converter never meets the port's abstract <see cref="MoneyDocument"/>).
/// Source-generated, enums as names.
/// </summary>
public static class MoneyJson
{
    public static string Serialize(MoneyState state) => JsonSerializer.Serialize(state, MoneyJsonContext.Default.MoneyState);

    public static MoneyState Deserialize(string json) =>
        JsonSerializer.Deserialize(json, MoneyJsonContext.Default.MoneyState) ?? throw new JsonException("The stored money state is null.");

    public static string Serialize(MoneyEvent moneyEvent)
    {
        ArgumentNullException.ThrowIfNull(moneyEvent);
        return JsonSerializer.Serialize(
            new StoredMoneyEvent(
                moneyEvent.Id, moneyEvent.Type, moneyEvent.OccurredAt, moneyEvent.Kind, moneyEvent.DocumentId,
                moneyEvent.Document is { } document ? StatedMoneyDocument.From(document) : null, moneyEvent.Application),
            MoneyJsonContext.Default.StoredMoneyEvent);
    }

    public static MoneyEvent DeserializeEvent(string json)
    {
        var stored = JsonSerializer.Deserialize(json, MoneyJsonContext.Default.StoredMoneyEvent) ?? throw new JsonException("A stored money event is null.");
        return new MoneyEvent(stored.Id, stored.Type, stored.OccurredAt, stored.Kind, stored.DocumentId, stored.Document?.Document, stored.Application);
    }

    public static string Serialize(StatedMoneyDocument document) => JsonSerializer.Serialize(document, MoneyJsonContext.Default.StatedMoneyDocument);

    public static MoneyDocument DeserializeDocument(string json) =>
        (JsonSerializer.Deserialize(json, MoneyJsonContext.Default.StatedMoneyDocument) ?? throw new JsonException("A stated money document is null.")).Document;
}

/// <summary>A <see cref="MoneyEvent"/> as recorded: its document held by <see cref="StatedMoneyDocument"/>.</summary>
internal sealed record StoredMoneyEvent(
    string Id, MoneyEventType Type, DateTimeOffset OccurredAt, MoneyDocumentKind Kind, string DocumentId, StatedMoneyDocument? Document, CreditApplication? Application);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MoneyState))]
[JsonSerializable(typeof(StoredMoneyEvent))]
[JsonSerializable(typeof(StatedMoneyDocument))]
internal sealed partial class MoneyJsonContext : JsonSerializerContext;
