using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CreditFunctions.Ledgers.QuickBooks;

/// <summary>Serializer settings and formats for QBO's JSON (contract §12).</summary>
internal static class QuickBooksJson
{
    /// <summary>
    /// Names as declared (the XSD's PascalCase elements, camelCase attributes such as <c>value</c>, <c>sparse</c>),
    /// nulls omitted so a payload carries only what we mean to set; case-insensitive on read because the 401 body uses
    /// lower-case names (contract §11).
    /// </summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = null,
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    /// <summary>xs:date is "YYYY-MM-DD" (contract §12).</summary>
    public static string FormatDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly? ParseDate(string? value) =>
        value is { Length: >= 10 } && DateOnly.TryParseExact(value.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;

    /// <summary>A string literal of the query language: single-quoted, a quote inside escaped with a backslash (contract §10).</summary>
    public static string Quote(string value) =>
        "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}
