using Azure.Data.Tables;
using CreditFunctions.Storage.Tables;

namespace CreditFunctions.Payments.Workflow;

/// <summary>
/// The money documents' rows in table <c>{prefix}MoneyDocuments</c>. Per document partition (<see cref="MoneyInstanceKey"/>):
/// <list type="bullet">
/// <item><c>evt|{eventId}</c>: each inbound event as stated, inserted if absent (redelivery is a no-op: the inbound idempotency key);</item>
/// <item><c>state</c>: the <see cref="MoneyState"/> as JSON with the columns the status API queries; the orchestration is its only writer.</item>
/// </list>
/// </summary>
public sealed class MoneyStore(TableClient table)
{
    public const string StateRow = "state";
    private const string StateProperty = "State";
    private const string EventProperty = "Event";

    public TableClient Table { get; } = table;

    /// <summary>Records an inbound event whole (one row, one request): <see cref="MoneyRecordResult.Duplicate"/> when its id was seen.</summary>
    public async Task<MoneyRecordResult> RecordEventAsync(MoneyInstanceKey key, MoneyEvent moneyEvent, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(moneyEvent);
        var result = await Table.TryAddEntityAsync(
            new TableEntity(key.PartitionKey, EventRow(moneyEvent.Id)) { ["ReceivedAt"] = receivedAt, [EventProperty] = MoneyJson.Serialize(moneyEvent) },
            cancellationToken);
        return result.Outcome switch
        {
            TableWriteOutcome.Succeeded => MoneyRecordResult.Stored,
            TableWriteOutcome.AlreadyExists => MoneyRecordResult.Duplicate,
            _ => throw new InvalidOperationException($"Recording money event {moneyEvent.Id} of {key} was refused: {result.Outcome}."),
        };
    }

    /// <summary>Every recorded event of the document, oldest first.</summary>
    public async Task<IReadOnlyList<(MoneyEvent Event, DateTimeOffset ReceivedAt)>> EventsAsync(MoneyInstanceKey key, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {key.PartitionKey} and RowKey ge {"evt|"} and RowKey lt {"evt}"}");
        var events = new List<(MoneyEvent, DateTimeOffset)>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            events.Add((MoneyJson.DeserializeEvent(row.GetString(EventProperty)!), row.GetDateTimeOffset("ReceivedAt") ?? default));
        }

        return [.. events.OrderBy(e => e.Item2)];
    }

    public async Task<MoneyState?> LoadAsync(MoneyInstanceKey key, CancellationToken cancellationToken)
    {
        var row = await Table.FindEntityAsync(key.PartitionKey, StateRow, [StateProperty], cancellationToken);
        return row?.GetString(StateProperty) is { } json ? MoneyJson.Deserialize(json) : null;
    }

    /// <summary>Writes the state for the status API and the attention list.</summary>
    public async Task ProjectAsync(MoneyState state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var view = MoneyStatusView.From(state, now);
        await Table.UpsertEntityAsync(
            new TableEntity(state.Key.PartitionKey, StateRow)
            {
                [StateProperty] = MoneyJson.Serialize(state),
                ["Status"] = MoneyStatusView.Wire(view.State),
                ["NeedsAttention"] = view.NeedsAttention,
                ["Late"] = view.Late,
                ["UpdatedAt"] = now,
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    /// <summary>The money documents of <paramref name="tenantId"/> that need attention (failed, refused, or late and unfinished), at most <paramref name="max"/>.</summary>
    public async Task<IReadOnlyList<MoneyState>> NeedingAttentionAsync(string tenantId, int max, CancellationToken cancellationToken)
    {
        var (from, until) = MoneyInstanceKey.TenantRange(tenantId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {until} and RowKey eq {StateRow} and NeedsAttention eq true");
        var states = new List<MoneyState>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, select: [StateProperty], cancellationToken: cancellationToken))
        {
            states.Add(MoneyJson.Deserialize(row.GetString(StateProperty)!));
            if (states.Count >= max)
            {
                break;
            }
        }

        return states;
    }

    private static string EventRow(string eventId) => "evt|" + eventId;
}

public enum MoneyRecordResult
{
    Stored,
    Duplicate,
}
