using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CreditFunctions.Ledgers.Xero;

/// <summary>Serializer settings and date handling for Xero's wire format.</summary>
internal static class XeroJson
{
    /// <summary>PascalCase as declared (Xero's own casing), nulls omitted, case-insensitive on read.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = null,
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string FormatDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// Xero writes dates as "/Date(1573755038314+0000)/" in JSON (the spec marks them x-is-msdate) and accepts
    /// "YYYY-MM-DD" or ISO date-times; read all three.
    /// </summary>
    public static DateOnly? ParseDate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        if (text.StartsWith("/Date(", StringComparison.Ordinal))
        {
            var end = text.IndexOfAny(['+', '-', ')'], 6);
            if (end > 6 && long.TryParse(text.AsSpan(6, end - 6), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
            {
                return DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime);
            }

            return null;
        }

        if (text.Length >= 10 && DateOnly.TryParseExact(text.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        return null;
    }

    /// <summary>An UpdatedDateUTC: "/Date(ms+zzzz)/" (x-is-msdate) or an ISO date-time, read as UTC.</summary>
    public static DateTimeOffset? ParseInstant(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        if (text.StartsWith("/Date(", StringComparison.Ordinal))
        {
            var end = text.IndexOfAny(['+', '-', ')'], 6);
            return end > 6 && long.TryParse(text.AsSpan(6, end - 6), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
                : null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant) ? instant : null;
    }
}
