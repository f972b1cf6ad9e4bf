namespace CreditFunctions.Storage.Tables;

/// <summary>Addressing a row in a URL: double each quote, then percent-encode (azure-platform.md §7.4 pitfall 6).</summary>
internal static class TableKeys
{
    public static string Path(string partitionKey, string rowKey) =>
        $"(PartitionKey='{Encode(partitionKey)}',RowKey='{Encode(rowKey)}')";

    public static string Encode(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));
}
