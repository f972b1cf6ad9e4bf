using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.QuickBooks;

/// <summary>One answer of the simulated API: what the requestid cache keeps and replays (Q5).</summary>
internal sealed record QuickBooksResponse(int Status, string Body, string ContentType = "application/json;charset=UTF-8");

/// <summary>JSON shapes of QBO (contract §11, §12).</summary>
internal static class QuickBooksWire
{
    public static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static string Time(DateTimeOffset now) => now.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    public static string DateTime(DateTimeOffset now) => now.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly? ParseDate(string? text) =>
        text is { Length: >= 10 } && DateOnly.TryParseExact(text.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    /// <summary>IntuitResponse with one member and <c>time</c> (R L185–266).</summary>
    public static QuickBooksResponse Ok(string member, JsonNode value, DateTimeOffset now) =>
        Respond(200, new JsonObject { [member] = value, ["time"] = Time(now) });

    public static QuickBooksResponse Respond(int status, JsonObject body) => new(status, body.ToJsonString(Json));

    /// <summary>Fault (R L136–184): <c>{"Fault":{"Error":[{Message, Detail, code, element}],"type":…},"time":…}</c>.</summary>
    public static JsonObject Fault(string type, string code, string message, string detail, string? element = null)
    {
        var error = new JsonObject { ["Message"] = message, ["Detail"] = detail, ["code"] = code };
        if (element is not null)
        {
            error["element"] = element;
        }

        return new JsonObject { ["Error"] = new JsonArray(error), ["type"] = type };
    }

    public static QuickBooksResponse FaultResponse(int status, JsonObject fault, DateTimeOffset now) =>
        Respond(status, new JsonObject { ["Fault"] = fault, ["time"] = Time(now) });

    public static QuickBooksResponse Validation(string code, string message, string detail, DateTimeOffset now, string? element = null) =>
        FaultResponse(400, Fault("ValidationFault", code, message, detail, element), now);

    /// <summary>contract §11: 2020 "Required param missing, need to supply the required value for the API".</summary>
    public static JsonObject RequiredMissing(string element) =>
        Fault("ValidationFault", "2020", "Required param missing, need to supply the required value for the API", $"Required parameter {element} is missing in the request", element);

    /// <summary>contract §11: 2500 "Invalid Reference Id".</summary>
    public static JsonObject InvalidReference(string element, string? id) =>
        Fault("ValidationFault", "2500", "Invalid Reference Id", $"Invalid Reference Id : {element} assigned is not found: {id}", element);

    /// <summary>contract §11: 6000 "A business validation error has occurred…" (Detail carries the reason).</summary>
    public static JsonObject Business(string detail) =>
        Fault("ValidationFault", "6000", "A business validation error has occurred while processing your request", "Business Validation Error: " + detail);

    /// <summary>Q9/contract §11: 610 Object Not Found.</summary>
    public static JsonObject NotFound(string entity, string? id) =>
        Fault("ValidationFault", "610", "Object Not Found", $"Object Not Found : Something you're trying to use has been made inactive or deleted. Check the fields with accounts, customers, items, vendors or employees. ({entity} {id})");

    /// <summary>Q7: 5010 "Stale Object Error: You and X were working on this at the same time".</summary>
    public static JsonObject Stale(string entity, string? id, string? sent, string current) =>
        Fault("ValidationFault", "5010", "Stale Object Error", $"Stale Object Error : You and CreditFunctions were working on this at the same time. {entity} {id}: SyncToken {sent ?? "(none)"} is not the current {current}.");

    /// <summary>Q8: "Account Period Closed" (codes vary across sources: 6200, 6210, 5010; the message is what clients match).</summary>
    public static JsonObject PeriodClosed(DateOnly bookClose) =>
        Fault("ValidationFault", "6210", "Account Period Closed", $"The account period has closed. Transactions dated on or before the closing date {Date(bookClose)} cannot be added or changed through the API.");

    /// <summary>contract §11: 429 body, Fault type SERVICE code 3001.</summary>
    public static JsonObject Throttled() =>
        Fault("SERVICE", "3001", "message=ThrottleExceeded; errorCode=003001; statusCode=429", "The request limit was reached.  Try again later");

    public static decimal Number(JsonNode? node) => node is JsonValue value && value.TryGetValue<decimal>(out var d) ? d
        : node is JsonValue text && text.TryGetValue<string>(out var s) && decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : 0m;

    public static decimal? OptionalNumber(JsonNode? node) => node is null ? null : Number(node);

    public static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var s) ? s : node?.ToString();

    public static string? RefValue(JsonNode? node) => node is JsonObject o ? Text(o["value"]) : null;

    public static JsonObject Ref(string id, string? name = null)
    {
        var result = new JsonObject { ["value"] = id };
        if (name is not null)
        {
            result["name"] = name;
        }

        return result;
    }
}
