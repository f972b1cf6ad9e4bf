using System.Security.Cryptography;
using System.Text;
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

    public async Task AddAsync(SyncInstanceKey key, CancellationToken cancellationToken) =>
        await Table.UpsertEntityAsync(new TableEntity(ShardOf(key), key.PartitionKey), TableUpdateMode.Replace, cancellationToken);

    public async Task RemoveAsync(SyncInstanceKey key, CancellationToken cancellationToken) =>
        await Table.DeleteEntityAsync(ShardOf(key), key.PartitionKey, cancellationToken: cancellationToken);

    public async IAsyncEnumerable<SyncInstanceKey> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var shard = 0; shard < Shards; shard++)
        {
            var filter = TableFilter.Create($"PartitionKey eq {ShardName(shard)}");
            await foreach (var row in Table.QueryAsync(filter, ["RowKey"], cancellationToken: cancellationToken))
            {
                yield return SyncInstanceKey.FromPartitionKey(row.RowKey);
            }
        }
    }

    private static string ShardOf(SyncInstanceKey key) =>
        ShardName(SHA256.HashData(Encoding.UTF8.GetBytes(key.PartitionKey))[0] % Shards);

    private static string ShardName(int shard) => "a" + shard.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
}
