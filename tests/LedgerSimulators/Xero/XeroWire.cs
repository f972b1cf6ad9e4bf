using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>
/// Xero's JSON conventions: PascalCase names as in the Spec, dates as Microsoft JSON dates
/// (<c>/Date(1573755038314+0000)/</c>: the Spec marks them <c>x-is-msdate</c> and gives that example),
/// money rounded to 2 places. Inputs accept <c>yyyy-MM-dd</c>, ISO date-times and MS dates, as Xero does.
/// </summary>
internal static class XeroWire
{
    public static JsonSerializerOptions Json { get; } = new() { WriteIndented = false };

    public static string MsDate(DateOnly date) =>
        MsDate(new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));

    public static string MsDate(DateTimeOffset instant) =>
        string.Create(CultureInfo.InvariantCulture, $"/Date({instant.ToUnixTimeMilliseconds()}+0000)/");

    /// <summary>The companion string Xero sends beside Date (DateString, e.g. 2026-11-20T00:00:00).</summary>
    public static string DateString(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00";

    public static string UtcString(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static decimal Money(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    public static bool TryParseDate(string? text, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (TryParseMsDate(text, out var instant))
        {
            date = DateOnly.FromDateTime(instant.UtcDateTime);
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var dateTime))
        {
            date = DateOnly.FromDateTime(dateTime);
            return true;
        }

        return false;
    }

    public static bool TryParseMsDate(string text, out DateTimeOffset instant)
    {
        instant = default;
        if (!text.StartsWith("/Date(", StringComparison.Ordinal) || !text.EndsWith(")/", StringComparison.Ordinal))
        {
            return false;
        }

        var inner = text[6..^2];
        var sign = inner.IndexOfAny(['+', '-'], 1);
        var millis = sign > 0 ? inner[..sign] : inner;
        if (!long.TryParse(millis, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms))
        {
            return false;
        }

        instant = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return true;
    }

    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static decimal? Decimal(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDecimal(),
            JsonValueKind.String when decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }

    public static Guid? Guid(JsonElement element, string name) =>
        System.Guid.TryParse(String(element, name), out var id) ? id : null;

    public static JsonElement? Object(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : null;

    public static IReadOnlyList<JsonElement> Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray()]
            : [];

    /// <summary>The envelope Xero wraps every Accounting response in (Id, Status, ProviderName, DateTimeUTC) plus the collection.</summary>
    public static JsonObject Envelope(DateTimeOffset now, string collection, JsonArray items)
    {
        return new JsonObject
        {
            ["Id"] = System.Guid.NewGuid().ToString(),
            ["Status"] = "OK",
            ["ProviderName"] = "CreditFunctions Xero simulator",
            ["DateTimeUTC"] = MsDate(now),
            [collection] = items,
        };
    }

    public static JsonArray ToArray(IEnumerable<JsonNode> nodes)
    {
        var array = new JsonArray();
        foreach (var node in nodes)
        {
            array.Add(node);
        }

        return array;
    }

    /// <summary>Reads an input date (missing → <paramref name="fallback"/>; unreadable → a validation message).</summary>
    public static DateOnly ReadDate(JsonElement element, string name, DateOnly fallback, List<string> errors)
    {
        var text = XeroWire.String(element, name);
        if (text is null)
        {
            return fallback;
        }

        if (XeroWire.TryParseDate(text, out var date))
        {
            return date;
        }

        errors.Add($"{name} is not a valid date.");
        return fallback;
    }

    public static string ReadLineAmountTypes(JsonElement element, string fallback, List<string> errors)
    {
        var text = XeroWire.String(element, "LineAmountTypes");
        if (text is null)
        {
            return fallback;
        }

        var known = XeroLineCalculator.LineAmountTypeValues.FirstOrDefault(v => v.Equals(text, StringComparison.OrdinalIgnoreCase));
        if (known is null)
        {
            errors.Add($"LineAmountTypes '{text}' is not one of Exclusive, Inclusive, NoTax.");
            return fallback;
        }

        return known;
    }
}
