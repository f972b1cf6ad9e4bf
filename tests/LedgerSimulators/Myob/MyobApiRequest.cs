using System.Globalization;
using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.Myob;

/// <summary>One API call as the handlers see it, under the store's lock.</summary>
internal sealed class MyobApiRequest
{
    public required MyobStore Store { get; init; }

    public required MyobCompanyFile File { get; init; }

    public required string Method { get; init; }

    /// <summary>The route below the company file, e.g. <c>["Sale", "Invoice", "Service"]</c>, and the UID segment when present.</summary>
    public required IReadOnlyList<string> Route { get; init; }

    public Guid? Uid { get; init; }

    public required IReadOnlyDictionary<string, string> Query { get; init; }

    public JsonObject? Body { get; init; }

    public required DateTimeOffset Now { get; init; }

    /// <summary>The company file's URI, e.g. <c>http://127.0.0.1:7082/accountright/{guid}/</c>.</summary>
    public required Uri FileUri { get; init; }

    /// <summary>False when the call lacks <c>x-myobapi-version: v2</c>: v1 semantics, no GUIDs (M1).</summary>
    public bool Version2 { get; init; } = true;

    public required int DefaultPageSize { get; init; }

    public bool ReturnBody => Query.TryGetValue("returnBody", out var v) && string.Equals(v, "true", StringComparison.OrdinalIgnoreCase);

    public bool GenerateUris => !(Query.TryGetValue("generateUris", out var v) && string.Equals(v, "false", StringComparison.OrdinalIgnoreCase));

    public string RoutePath => string.Join('/', Route);

    public Uri EntityUri(string route, Guid uid) => new(FileUri, $"{route}/{uid}");

    public static DateOnly? ParseDate(JsonNode? node)
    {
        if (node is null || !node.AsValue().TryGetValue<string>(out var text))
        {
            return null;
        }

        // Docs: input "YYYY-MM-DD HH:MM:SS"; the time part is ignored, dates are the business's local dates (contract §13).
        return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? DateOnly.FromDateTime(at) : null;
    }

    public static string FormatDate(DateOnly date) => date.ToString("yyyy-MM-dd'T00:00:00'", CultureInfo.InvariantCulture);

    public static string FormatTimestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);

    public static Guid? LinkUid(JsonNode? link) =>
        link is JsonObject o && o["UID"] is JsonValue v && v.TryGetValue<string>(out var text) && Guid.TryParse(text, out var id) && id != Guid.Empty ? id : null;

    public static decimal? Decimal(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<decimal>(out var d) ? d : null;

    public static string? Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
