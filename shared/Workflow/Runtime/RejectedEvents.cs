using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using CreditFunctions.Storage.Tables;

namespace CreditFunctions.Workflow.Runtime;

/// <summary>
/// Bulk-feed messages that could not be accepted (table <c>{prefix}RejectedEvents</c>): recorded with their reason,
/// never retried forever and never dropped silently. Partition = tenant (or <c>_unknown</c>); newest first.
/// </summary>
public sealed class RejectedEvents(TableClient table)
{
    /// <summary>Enough of the message to identify it; string properties hold at most 32K UTF-16 characters (azure-platform.md §3.5).</summary>
    private const int MaxSampleChars = 16_000;

    public TableClient Table { get; } = table;

    public async Task RecordAsync(
        string? tenantId, string messageId, string reason, IReadOnlyList<(string Field, string Message)> errors, string messageText, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var inverted = (DateTimeOffset.MaxValue.Ticks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
        var row = new TableEntity(string.IsNullOrEmpty(tenantId) ? "_unknown" : tenantId, inverted + "|" + messageId)
        {
            ["MessageId"] = messageId,
            ["Reason"] = reason,
            ["Errors"] = JsonSerializer.Serialize(errors.Select(e => new { field = e.Field, message = e.Message })),
            ["MessageSample"] = messageText.Length <= MaxSampleChars ? messageText : messageText[..MaxSampleChars],
            ["RejectedAt"] = at,
        };

        // Upsert: a redelivered poison message records the same row again rather than failing.
        await Table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<TableEntity>> ListAsync(string tenantId, int max, CancellationToken cancellationToken)
    {
        var page = await Table.QueryPageAsync(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), null, max, null, cancellationToken);
        return page.Items;
    }
}
