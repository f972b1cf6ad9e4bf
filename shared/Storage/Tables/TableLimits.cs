using System.Text.RegularExpressions;

namespace CreditFunctions.Storage.Tables;

/// <summary>
/// Azure Table limits, checked in the client before any request, because Azurite is more lenient than Azure
/// (azure-platform.md §3.4, §3.5, §6 risk 7). Sources: learn.microsoft.com/azure/storage/tables/scalability-targets,
/// learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model.
/// </summary>
public static partial class TableLimits
{
    /// <summary>
    /// 1 MiB per entity, as Azure measures it (see <see cref="EstimateEntitySize"/>). Azurite instead refuses a request
    /// body over 1 MiB of JSON (400 EntityTooLarge; Azurite TableHandler ENTITY_SIZE_MAX), which is stricter for binary
    /// properties (base64 adds a third): not checked here, since Azure accepts such entities, but the LargePayload codec
    /// keeps its rows under both measures.
    /// </summary>
    public const int MaxEntityBytes = 1024 * 1024;

    /// <summary>255 properties including PartitionKey, RowKey and Timestamp, so 252 of the caller's own.</summary>
    public const int MaxUserProperties = 252;

    /// <summary>Strings are UTF-16 and may be up to 64 KiB, so 32,768 characters.</summary>
    public const int MaxStringBytes = 64 * 1024;

    /// <summary>Binary values up to 64 KiB.</summary>
    public const int MaxBinaryBytes = 64 * 1024;

    /// <summary>PartitionKey and RowKey up to 1 KiB (1,024 characters per azure-platform.md §3.5).</summary>
    public const int MaxKeyLength = 1024;

    /// <summary>Property names up to 255 characters.</summary>
    public const int MaxPropertyNameLength = 255;

    /// <summary>Entity group transaction: at most 100 operations (§3.4).</summary>
    public const int MaxTransactionActions = 100;

    /// <summary>Entity group transaction: at most 4 MiB of request payload (§3.4).</summary>
    public const int MaxTransactionBytes = 4 * 1024 * 1024;

    /// <summary>Refuses keys Azure forbids: / \ # ? and control characters U+0000–U+001F, U+007F–U+009F; over 1 KiB.</summary>
    public static void ValidateKey(string? value, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (value.Length > MaxKeyLength)
        {
            throw new ArgumentException($"{name} is {value.Length} characters; Azure allows at most {MaxKeyLength}.", name);
        }

        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                throw new ArgumentException(
                    $"{name} contains '{(char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString())}', which Azure forbids in keys (/ \\ # ? and control characters).",
                    name);
            }
        }
    }

    /// <summary>Table names: alphanumeric, starting with a letter, 3–63 characters, not "tables".</summary>
    public static void ValidateTableName(string? tableName)
    {
        ArgumentNullException.ThrowIfNull(tableName);
        if (!TableNamePattern().IsMatch(tableName) || string.Equals(tableName, "tables", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"Table name '{tableName}' is invalid: use 3–63 letters or digits, starting with a letter (not 'tables').",
                nameof(tableName));
        }
    }

    /// <summary>Checks keys, property count, names, string/binary sizes and the 1 MiB entity size.</summary>
    public static void ValidateEntity(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ValidateKey(entity.PartitionKey, nameof(entity.PartitionKey));
        ValidateKey(entity.RowKey, nameof(entity.RowKey));
        if (entity.Count > MaxUserProperties)
        {
            throw new ArgumentException(
                $"Entity ({entity.PartitionKey}, {entity.RowKey}) has {entity.Count} properties; Azure allows {MaxUserProperties} besides PartitionKey, RowKey and Timestamp (255 in all).",
                nameof(entity));
        }

        foreach (var (name, value) in entity)
        {
            if (name.Length > MaxPropertyNameLength || name.StartsWith("odata.", StringComparison.Ordinal) || name.Contains('@', StringComparison.Ordinal))
            {
                throw new ArgumentException($"Property name '{name[..Math.Min(name.Length, 40)]}' is invalid (at most {MaxPropertyNameLength} characters, no '@', no 'odata.' prefix).", nameof(entity));
            }

            switch (value)
            {
                case string s when s.Length * 2 > MaxStringBytes:
                    throw new ArgumentException(
                        $"String property '{name}' is {s.Length * 2:N0} bytes in UTF-16; Azure allows {MaxStringBytes:N0} (64 KiB). Split it or use the LargePayload codec.",
                        nameof(entity));
                case byte[] b when b.Length > MaxBinaryBytes:
                    throw new ArgumentException(
                        $"Binary property '{name}' is {b.Length:N0} bytes; Azure allows {MaxBinaryBytes:N0} (64 KiB). Use the LargePayload codec.",
                        nameof(entity));
            }
        }

        var size = EstimateEntitySize(entity);
        if (size > MaxEntityBytes)
        {
            throw new ArgumentException(
                $"Entity ({entity.PartitionKey}, {entity.RowKey}) is {size:N0} bytes as Azure counts them; the limit is {MaxEntityBytes:N0} (1 MiB). Use the LargePayload codec.",
                nameof(entity));
        }
    }

    /// <summary>
    /// The service's own size formula ("Understanding the Table service data model", entity size):
    /// 4 + 2 × (len(PartitionKey) + len(RowKey)) + Σ (8 + 2 × len(name) + value size), where a string costs 4 + 2 × length,
    /// binary 4 + length, DateTime/Int64/Double 8, Guid 16, Int32 4, Boolean 1.
    /// </summary>
    public static long EstimateEntitySize(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        long size = 4 + (2L * (entity.PartitionKey.Length + entity.RowKey.Length));
        foreach (var (name, value) in entity)
        {
            size += 8 + (2L * name.Length) + value switch
            {
                string s => 4 + (2L * s.Length),
                byte[] b => 4 + b.Length,
                DateTimeOffset or long or double => 8,
                Guid => 16,
                int => 4,
                bool => 1,
                _ => 8,
            };
        }

        return size;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableNamePattern();
}
