using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using CreditFunctions.Storage.Tables;
using CreditFunctions.Workflow.Durable;

namespace CreditFunctions.Workflow.Runtime;

/// <summary>
/// Each document's timeline for the operator page: one row per decided event, in the instance's own partition of table
/// <c>{prefix}SyncInstances</c> (rows <c>tl|{reverse ticks}|{reverse index}|{hash}</c>, so a page of the newest is the partition's first
/// rows). Written with the state row by the progress record, which runs at least once: a row's key is derived from the
/// event itself, so a repeated record rewrites the same rows instead of adding lines.
/// </summary>
public sealed class SyncTimeline(TableClient table)
{
    private const string Prefix = "tl|";
    private const string PrefixEnd = "tl}"; // '}' follows '|'

    private static readonly string[] Columns = ["At", "Kind", "Tone", "ConnectionId", "Summary", "Detail"];

    public TableClient Table { get; } = table;

    /// <summary>
    /// The rows for <paramref name="events"/>, written by <see cref="SyncStore.ProjectAsync"/> in the state row's own
    /// transaction (same partition): a record costs no extra storage call and never shows a state without its lines.
    /// </summary>
    public static IReadOnlyList<TableEntity> Rows(SyncInstanceKey key, IReadOnlyList<SyncTimelineEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return events.Select((e, i) => Row(key, e, i)).DistinctBy(r => r.RowKey).ToArray();
    }

    /// <summary>The newest <paramref name="max"/> entries, newest first.</summary>
    public async Task<IReadOnlyList<SyncTimelineEntry>> ReadAsync(SyncInstanceKey key, int max, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {key.PartitionKey} and RowKey ge {Prefix} and RowKey lt {PrefixEnd}");
        var page = await Table.QueryPageAsync(filter, Columns, max, null, cancellationToken);
        // The service returns a partition's rows in key order; Azurite does not always within one transaction's rows.
        return page.Items.OrderBy(r => r.RowKey, StringComparer.Ordinal).Select(r => new SyncTimelineEntry(
            r.GetDateTimeOffset("At") ?? default, r.GetString("Kind") ?? "", r.GetString("Tone") ?? "info",
            r.GetString("ConnectionId"), r.GetString("Summary") ?? "", r.GetString("Detail"))).ToArray();
    }

    // The entry, not the event, is stored: it is small whatever the event holds (a target with many allocations).
    // Events decided together share their time; their order in the record (reversed, like the time) keeps them in order.
    private static TableEntity Row(SyncInstanceKey key, SyncTimelineEvent decided, int index)
    {
        var e = SyncStateJson.DeserializeEvent(decided.Event);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(decided.Event)))[..16];
        var reverse = (DateTimeOffset.MaxValue.UtcTicks - e.At.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
        var entry = SyncTimelineEntry.From(e, decided.Attempt);
        var order = (9999 - Math.Min(index, 9999)).ToString("D4", CultureInfo.InvariantCulture);
        return new TableEntity(key.PartitionKey, Prefix + reverse + "|" + order + "|" + hash)
        {
            ["At"] = entry.At,
            ["Kind"] = entry.Kind,
            ["Tone"] = entry.Tone,
            ["ConnectionId"] = entry.ConnectionId,
            ["Summary"] = entry.Summary,
            ["Detail"] = entry.Detail,
        };
    }
}
