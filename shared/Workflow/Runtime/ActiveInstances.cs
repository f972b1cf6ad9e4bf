using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using CreditFunctions.Storage.Tables;

namespace CreditFunctions.Workflow.Runtime;

/// <summary>
/// The index of unfinished instances the sweep walks every minute (table <c>{prefix}SyncActive</c>). An instance is
/// added before its first state is written and removed once it is complete, so the sweep can never miss one:
/// an index row whose instance is finished or missing is simply removed by the sweep. Rows are spread over
/// <see cref="Shards"/> partitions to stay below the 2,000 entities/s per-partition target (azure-platform.md §3.5).
/// </summary>
public sealed class ActiveInstances(TableClient table)
{
    public const int Shards = 16;

    public TableClient Table { get; } = table;

    private const string IndexedAt = "IndexedAt";

    /// <summary>Indexes an unfinished instance, stamped <paramref name="now"/> (see <see cref="RemoveOrphanAsync"/>).</summary>
    public async Task AddAsync(SyncInstanceKey key, DateTimeOffset now, CancellationToken cancellationToken) =>
        await Table.UpsertEntityAsync(new TableEntity(ShardOf(key), key.PartitionKey) { [IndexedAt] = now }, TableUpdateMode.Replace, cancellationToken);

    public async Task RemoveAsync(SyncInstanceKey key, CancellationToken cancellationToken) =>
        await Table.TryDeleteEntityAsync(ShardOf(key), key.PartitionKey, cancellationToken: cancellationToken);

    /// <summary>
    /// Removes the row of an instance the sweep could not find, once the row is older than <paramref name="grace"/>.
    /// Intake writes the row and the instance's batch at the same time, so a young row may belong to a batch still on
    /// its way: removing it then could leave a stored instance that no sweep would ever visit. Guarded by the row's
    /// ETag, so a row re-stamped meanwhile by a redelivery stays. True when the row is gone.
    /// </summary>
    public async Task<bool> RemoveOrphanAsync(SyncInstanceKey key, DateTimeOffset now, TimeSpan grace, CancellationToken cancellationToken)
    {
        var row = await Table.FindEntityAsync(ShardOf(key), key.PartitionKey, [IndexedAt], cancellationToken);
        if (row is null)
        {
            return true;
        }

        // Rows written before the stamp existed carry none: they are old by definition.
        if (row.GetDateTimeOffset(IndexedAt) is { } indexedAt && now - indexedAt < grace)
        {
            return false;
        }

        await Table.TryDeleteEntityAsync(ShardOf(key), key.PartitionKey, row.ETag, cancellationToken);
        return true;
    }

    public async IAsyncEnumerable<SyncInstanceKey> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var shard = 0; shard < Shards; shard++)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ShardName(shard)}");
            await foreach (var row in Table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
            {
                yield return SyncInstanceKey.FromPartitionKey(row.RowKey);
            }
        }
    }

    private static string ShardOf(SyncInstanceKey key) =>
        ShardName(SHA256.HashData(Encoding.UTF8.GetBytes(key.PartitionKey))[0] % Shards);

    private static string ShardName(int shard) => "a" + shard.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
}
