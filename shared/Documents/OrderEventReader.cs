using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using CreditFunctions.Payments;

namespace CreditFunctions.Documents;

/// <summary>
/// Parses and validates the exact webhook body (UTF-8 bytes) against contracts/order-events.md: a credit-note event
/// (<see cref="OrderEventReadResult.Event"/>) or a money event (<see cref="OrderEventReadResult.Money"/>, read by
/// <see cref="MoneyEventRules"/>; docs/payments.md "Contract").
/// Nothing in the body is trusted: every field is checked for presence, type, length and range, and the
/// money is checked to add up (<see cref="CreditNoteRules"/>). All problems are reported together.
/// A body that is not JSON (or not a JSON object, or not UTF-8) is malformed (400); anything else is a
/// broken rule (422). Unknown properties are ignored so the contract can grow.
/// </summary>
public static partial class OrderEventReader
{
    private const string CreditNotePath = "data.creditNote";

    /// <summary>Every event type the contract knows, as the error for an unknown one lists them.</summary>
    private static readonly string KnownTypes = string.Join(
        ", ", new[] { OrderEventNames.Created, OrderEventNames.Updated, OrderEventNames.Voided }.Concat(MoneyEventNames.Types));

    private static readonly JsonDocumentOptions ParseOptions = new()
    {
        MaxDepth = DocumentLimits.MaxJsonDepth,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,

        // A repeated property could make two readers of the same body disagree about what it says.
        AllowDuplicateProperties = false,
    };

    /// <summary>Reads one event from the raw body.</summary>
    public static OrderEventReadResult Read(ReadOnlyMemory<byte> utf8Body)
    {
        if (utf8Body.Length > DocumentLimits.MaxBodyBytes)
        {
            return Malformed($"The body is larger than {DocumentLimits.MaxBodyBytes} bytes.");
        }

        if (!Utf8.IsValid(utf8Body.Span))
        {
            return Malformed("The body is not valid UTF-8.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Body, ParseOptions);
        }
        catch (JsonException ex)
        {
            // The position helps the sender; the exception text is not echoed because it can quote the body.
            return Malformed($"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Malformed("The body must be a JSON object.");
            }

            var fields = new JsonFieldReader();
            var (orderEvent, money) = ReadEvent(document.RootElement, fields);
            if (fields.Errors.Count == 0)
            {
                if (orderEvent is not null)
                {
                    return OrderEventReadResult.Ok(orderEvent);
                }

                if (money is not null)
                {
                    return OrderEventReadResult.Ok(money);
                }
            }

            return OrderEventReadResult.Invalid(new ValidationProblem(false, fields.Errors));
        }
    }

    /// <summary>Reads one event from the raw body.</summary>
    public static OrderEventReadResult Read(byte[] utf8Body) => Read(new ReadOnlyMemory<byte>(utf8Body));

    private static OrderEventReadResult Malformed(string message) =>
        OrderEventReadResult.Invalid(new ValidationProblem(true, [new FieldError("$", message)]));

    private static (OrderEvent? CreditNote, MoneyEvent? Money) ReadEvent(JsonElement root, JsonFieldReader fields)
    {
        var id = ReadId(root, "", "id", fields);

        OrderEventType? type = null;
        MoneyEventType? moneyType = null;
        var typeText = fields.String(root, "", "type", required: true, 50);
        if (typeText is not null)
        {
            type = OrderEventNames.ParseType(typeText);
            moneyType = MoneyEventNames.ParseType(typeText);
            if (type is null && moneyType is null)
            {
                fields.Add("type", $"must be one of {KnownTypes}.");
            }
        }

        var occurredAt = ReadTimestamp(root, "", "occurredAt", fields);
        if (fields.Object(root, "", "data") is not { } data)
        {
            return (null, null);
        }

        if (moneyType is { } m)
        {
            var body = MoneyEventRules.Read(data, m, fields);
            return id is not null && occurredAt is { } moneyAt && body is not null
                ? (null, new MoneyEvent(id, m, moneyAt, body.Kind, body.DocumentId, body.Document, body.Application))
                : (null, null);
        }

        // A credit note is required by a credit-note type; without a known type it is still checked when sent, so one
        // answer reports everything wrong with a credit-note event.
        var noteElement = fields.Object(data, "data", "creditNote", required: type is not null);
        var note = noteElement is { } noteObject ? CreditNoteRules.Read(noteObject, CreditNotePath, fields) : null;
        return id is not null && type is { } t && occurredAt is { } at && note is not null
            ? (new OrderEvent(id, t, at, note), null)
            : (null, null);
    }

    /// <summary>An id that can be a storage key (see <see cref="DocumentLimits.IsSafeId"/>).</summary>
    internal static string? ReadId(JsonElement parentObject, string parent, string name, JsonFieldReader fields)
    {
        var id = fields.String(parentObject, parent, name, required: true, DocumentLimits.MaxIdLength);
        if (id is not null && !DocumentLimits.IsSafeId(id))
        {
            fields.Add(JsonFieldReader.Path(parent, name), "may only contain letters, digits and . _ - : @ ~ +");
            return null;
        }

        return id;
    }

    private static DateTimeOffset? ReadTimestamp(JsonElement parentObject, string parent, string name, JsonFieldReader fields)
    {
        var text = fields.String(parentObject, parent, name, required: true, 40);
        if (text is null)
        {
            return null;
        }

        // An instant without an offset means something different on every machine, so the offset is required.
        if (!TimestampWithOffset().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            fields.Add(JsonFieldReader.Path(parent, name), "must be an ISO 8601 date-time with an offset, e.g. 2026-11-20T10:15:00Z.");
            return null;
        }

        return value;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex TimestampWithOffset();
}
