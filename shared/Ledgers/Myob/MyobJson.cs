using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CreditFunctions.Ledgers.Myob;

/// <summary>Serializer settings and dates for MYOB's wire format (contract §13).</summary>
internal static class MyobJson
{
    /// <summary>
    /// PascalCase as declared, nulls omitted (so POST never carries UID, RowID or RowVersion: contract §1 says sending them
    /// is a 409), enums as strings, unknown fields ignored on read.
    /// </summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = null,
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Dates go out as "YYYY-MM-DD HH:MM:SS" (every entity page), the business's local date at midnight: never converted from UTC (§13).</summary>
    public static string FormatDate(DateOnly date) => date.ToString("yyyy-MM-dd' 00:00:00'", CultureInfo.InvariantCulture);

    /// <summary>Responses look like "2014-08-21T00:00:00" with no offset (§13); the date part is the business date.</summary>
    public static DateOnly? ParseDate(string? value) =>
        value is { Length: >= 10 } && DateOnly.TryParseExact(value.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;

    /// <summary>An OData string literal: single-quoted, a quote inside doubled.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
