using System.Text;
using System.Text.RegularExpressions;
using Azure.Data.Tables;

namespace CreditFunctions.Storage.Tables;

/// <summary>
/// Azure Table limits, checked before any request (<see cref="TableOutcomes"/>), because Azurite is more lenient than
/// Azure and the SDK checks none of them (azure-platform.md §3.4, §3.5, §6 risk 7). Sources: learn.microsoft.com/azure/storage/tables/scalability-targets,
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

    /// <summary>Per action: the changeset part headers, request line with the row's URL, and JSON punctuation.</summary>
    private const int ActionOverheadBytes = 600;

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

    /// <summary>
    /// Checks keys, property count, names, string/binary sizes and the 1 MiB entity size. Refuses decimal, which the
    /// SDK would silently write as a lossy Edm.Double: store <c>decimal.ToString(CultureInfo.InvariantCulture)</c>.
    /// </summary>
    public static void ValidateEntity(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ValidateKey(entity.PartitionKey, nameof(entity.PartitionKey));
        ValidateKey(entity.RowKey, nameof(entity.RowKey));
        var count = UserProperties(entity).Count();
        if (count > MaxUserProperties)
        {
            throw new ArgumentException(
                $"Entity ({entity.PartitionKey}, {entity.RowKey}) has {count} properties; Azure allows {MaxUserProperties} besides PartitionKey, RowKey and Timestamp (255 in all).",
                nameof(entity));
        }

        foreach (var (name, value) in UserProperties(entity))
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
                case byte[] or BinaryData when BinaryLength(value) > MaxBinaryBytes:
                    throw new ArgumentException(
                        $"Binary property '{name}' is {BinaryLength(value):N0} bytes; Azure allows {MaxBinaryBytes:N0} (64 KiB). Use the LargePayload codec.",
                        nameof(entity));
                case decimal:
                    throw new ArgumentException(
                        $"Property '{name}' is a decimal; Table storage has none and the SDK would store a lossy double. Store it as an invariant string.",
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
    /// Refuses what Azure refuses in an entity group transaction: empty, over 100 actions, more than one PartitionKey
    /// (Azurite accepts that one and applies it), the same row twice, an invalid entity, or a body over 4 MiB.
    /// </summary>
    public static void ValidateTransaction(IReadOnlyList<TableTransactionAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Count == 0)
        {
            throw new ArgumentException("A transaction needs at least one action.", nameof(actions));
        }

        if (actions.Count > MaxTransactionActions)
        {
            throw new ArgumentException($"A transaction holds at most {MaxTransactionActions} actions; this one has {actions.Count}.", nameof(actions));
        }

        var partitionKey = actions[0].Entity.PartitionKey;
        var rows = new HashSet<string>(StringComparer.Ordinal);
        long bodyBytes = 0;
        foreach (var action in actions)
        {
            var entity = action.Entity;
            if (!string.Equals(entity.PartitionKey, partitionKey, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"A transaction must stay in one partition; it has '{partitionKey}' and '{entity.PartitionKey}'. (Azurite would accept it; Azure refuses.)",
                    nameof(actions));
            }

            if (!rows.Add(entity.RowKey))
            {
                throw new ArgumentException($"A transaction may touch each row once; RowKey '{entity.RowKey}' appears twice.", nameof(actions));
            }

            ValidateKey(entity.PartitionKey, nameof(entity.PartitionKey));
            ValidateKey(entity.RowKey, nameof(entity.RowKey));
            if (action.ActionType != TableTransactionActionType.Delete)
            {
                ValidateEntity(entity as TableEntity ?? throw new ArgumentException("Transactions here carry TableEntity rows.", nameof(actions)));
                bodyBytes += EstimateJsonBytes((TableEntity)entity);
            }

            bodyBytes += ActionOverheadBytes + (2 * (entity.PartitionKey.Length + entity.RowKey.Length));
        }

        if (bodyBytes > MaxTransactionBytes)
        {
            throw new ArgumentException(
                $"The transaction body would be about {bodyBytes:N0} bytes; Azure allows {MaxTransactionBytes:N0} (4 MiB). Split it.", nameof(actions));
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
        foreach (var (name, value) in UserProperties(entity))
        {
            size += 8 + (2L * name.Length) + value switch
            {
                string s => 4 + (2L * s.Length),
                byte[] or BinaryData => 4 + BinaryLength(value),
                DateTimeOffset or DateTime or long or double => 8,
                Guid => 16,
                int => 4,
                bool => 1,
                _ => 8,
            };
        }

        return size;
    }

    /// <summary>
    /// About how many bytes the entity takes as the OData JSON the SDK sends: binary as base64, every typed value
    /// with its <c>@odata.type</c> annotation. Azurite refuses a body over 1 MiB by this measure (400 EntityTooLarge),
    /// and a transaction's body is limited to 4 MiB by it.
    /// </summary>
    public static long EstimateJsonBytes(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        long size = 40 + Encoding.UTF8.GetByteCount(entity.PartitionKey) + Encoding.UTF8.GetByteCount(entity.RowKey);
        foreach (var (name, value) in UserProperties(entity))
        {
            // "name":value, plus "name@odata.type":"Edm.Xxxxxx", for all but string, bool and int.
            var nameBytes = Encoding.UTF8.GetByteCount(name);
            size += nameBytes + 4 + value switch
            {
                string s => 2 + Encoding.UTF8.GetByteCount(s),
                byte[] or BinaryData => 2 + (4 * ((BinaryLength(value) + 2) / 3)) + nameBytes + 30,
                bool or int => 8,
                _ => 40 + nameBytes + 30,
            };
        }

        return size;
    }

    /// <summary>The caller's own properties: the SDK's entity also holds PartitionKey, RowKey, Timestamp and odata.etag.</summary>
    private static IEnumerable<KeyValuePair<string, object>> UserProperties(TableEntity entity) =>
        entity.Where(p => p.Value is not null && p.Key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"));

    private static long BinaryLength(object value) => value switch
    {
        byte[] b => b.Length,
        BinaryData d => d.ToMemory().Length,
        _ => 0,
    };

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableNamePattern();
}
