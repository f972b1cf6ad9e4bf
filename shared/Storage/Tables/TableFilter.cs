using System.Globalization;

namespace CreditFunctions.Storage.Tables;

/// <summary>
/// Builds OData <c>$filter</c> strings with every interpolated value quoted as the Table service expects, so keys
/// with quotes cannot break (or inject into) a filter. Mirrors Azure.Data.Tables' <c>TableClient.CreateQueryFilter</c>.
/// </summary>
public static class TableFilter
{
    /// <summary>E.g. <c>TableFilter.Create($"PartitionKey eq {tenant} and Due le {now}")</c>.</summary>
    public static string Create(FormattableString filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var arguments = filter.GetArguments().Select(Literal).ToArray<object?>();
        return string.Format(CultureInfo.InvariantCulture, filter.Format, arguments);
    }

    /// <summary>The OData literal for one value (strings quoted with ' doubled, Int64 with L, datetime'…', guid'…', X'…').</summary>
    public static string Literal(object? value) => value switch
    {
        null => "null",
        string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        double d => d.ToString("R", CultureInfo.InvariantCulture),

        // Decimals are stored as strings (TableEntity remarks), so they compare as strings: equality only.
        decimal m => "'" + m.ToString(CultureInfo.InvariantCulture) + "'",
        DateTimeOffset dt => "datetime'" + dt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture) + "'",
        DateTime dt => Literal(new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime())),
        Guid g => "guid'" + g.ToString("D") + "'",
        byte[] bytes => "X'" + Convert.ToHexStringLower(bytes) + "'",
        _ => throw new ArgumentException($"Cannot put a {value.GetType().Name} in a table filter.", nameof(value)),
    };
}
