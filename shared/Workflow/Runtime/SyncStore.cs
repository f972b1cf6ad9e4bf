using System.Globalization;
using Azure;
using Azure.Data.Tables;
using CreditFunctions.Documents;
using CreditFunctions.Storage.LargePayload;
using CreditFunctions.Storage.Tables;

namespace CreditFunctions.Workflow.Runtime;

/// <summary>
/// The workflow's durable rows in table <c>{prefix}SyncInstances</c>. Per instance partition (<see cref="SyncInstanceKey"/>):
/// <list type="bullet">
/// <item><c>state</c>: the <see cref="SyncState"/> as JSON, ETag-guarded, plus a few columns the status API queries;</item>
/// <item><c>evt|{eventId}</c>: one row per inbound event id, inserted if absent (the first idempotency layer);</item>
/// <item><c>doc|{version}</c>: each accepted version's full document, compressed (thousands of lines fit: LargePayloadCodec).</item>
/// </list>
/// Intake writes an event's id row and its document in one entity group transaction, so an event is stored whole or
/// not at all; the orchestration alone writes the state row (a restore claims it with If-Match).
/// </summary>
public sealed class SyncStore(TableClient table)
{
    public const string StateRow = "state";
    private const string StateProperty = "State";
    private const string TargetProperty = "Target";
    private const int MaxPerTransaction = 100;

    public TableClient Table { get; } = table;

    public async Task<LoadedInstance?> LoadAsync(SyncInstanceKey key, CancellationToken cancellationToken)
    {
        var row = await Table.FindEntityAsync(key.PartitionKey, StateRow, cancellationToken: cancellationToken);
        return row is null ? null : new LoadedInstance(SyncStateJson.Deserialize(row.GetString(StateProperty)!), row.ETag);
    }

    /// <summary>
    /// Records an inbound event (the first idempotency layer, insert-if-absent: <see cref="StoreResult.Duplicate"/> when
    /// its id was seen) with what the orchestration needs of it (<see cref="DocumentTarget"/>) and its full document, atomically.
    /// </summary>
    public async Task<StoreResult> RecordEventAsync(SyncInstanceKey key, OrderEvent orderEvent, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, new TableEntity(key.PartitionKey, EventRow(orderEvent.Id))
            {
                ["ReceivedAt"] = receivedAt,
                ["Version"] = orderEvent.CreditNote.Version,
                [TargetProperty] = SyncStateJson.Serialize(DocumentTarget.From(orderEvent)),
            }),
        };
        actions.AddRange(LargePayloadCodec.Encode(key.PartitionKey, DocumentRow(orderEvent.CreditNote.Version), OrderEventWriter.ToUtf8Bytes(orderEvent))
            .Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)));
        var result = await Table.TrySubmitTransactionAsync(actions, cancellationToken);
        return result.Outcome switch
        {
            TableWriteOutcome.Succeeded => StoreResult.Stored,
            TableWriteOutcome.AlreadyExists when result.FailedActionIndex == 0 => StoreResult.Duplicate,
            _ => throw new InvalidOperationException($"Recording event {orderEvent.Id} of {key} was refused: {result.Outcome}."),
        };
    }

    /// <summary>
    /// The document's newest recorded event — the one every branch must reach (a higher version, or a void of the same
    /// version, supersedes: <see cref="DocumentTarget.Supersedes"/>) — with when it arrived; null when none is recorded.
    /// </summary>
    public async Task<(DocumentTarget Target, DateTimeOffset ReceivedAt)?> NewestEventAsync(SyncInstanceKey key, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {key.PartitionKey} and RowKey ge {"evt|"} and RowKey lt {"evt}"}");
        (DocumentTarget Target, DateTimeOffset ReceivedAt)? newest = null;
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, select: [TargetProperty, "ReceivedAt"], cancellationToken: cancellationToken))
        {
            if (row.GetString(TargetProperty) is not { } json)
            {
                continue; // an event row written before targets were recorded
            }

            var target = SyncStateJson.DeserializeTarget(json);
            var receivedAt = row.GetDateTimeOffset("ReceivedAt") ?? default;
            if (newest is null || target.Supersedes(newest.Value.Target) || (target == newest.Value.Target && receivedAt < newest.Value.ReceivedAt))
            {
                newest = (target, receivedAt);
            }
        }

        return newest;
    }

    /// <summary>
    /// Writes the orchestration's state for the status API and the attention list (the orchestration is its only
    /// writer), with the rows of the partition that go with it (<see cref="SyncTimeline.Rows"/>) in the same transaction.
    /// </summary>
    public async Task ProjectAsync(SyncInstanceKey key, SyncState state, DateTimeOffset now, IReadOnlyList<TableEntity> alongside, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alongside);
        if (alongside.Count == 0)
        {
            await Table.UpsertEntityAsync(StateEntity(key, state, now), TableUpdateMode.Replace, cancellationToken);
            return;
        }

        // More rows than one transaction takes (100, azure-platform.md §3) go first; the state goes with the last of them.
        var chunks = alongside.Chunk(MaxPerTransaction - 1).ToArray();
        for (var i = 0; i < chunks.Length; i++)
        {
            var rows = i == chunks.Length - 1 ? [.. chunks[i], StateEntity(key, state, now)] : chunks[i];
            var result = await Table.TrySubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), cancellationToken);
            if (result.Outcome != TableWriteOutcome.Succeeded)
            {
                throw new InvalidOperationException($"Recording the progress of {key} was refused: {result.Outcome}.");
            }
        }
    }

    /// <summary>Replaces the state if nobody moved it since <paramref name="etag"/>; a conflict means reload and decide again.</summary>
    public async Task<StoreOutcome> SaveAsync(SyncInstanceKey key, SyncState state, ETag etag, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = await Table.TryUpdateEntityAsync(StateEntity(key, state, now), etag, TableUpdateMode.Replace, cancellationToken);
        return result.Succeeded ? StoreOutcome.Stored(result.ETag) : StoreOutcome.Conflict;
    }

    /// <summary>The credit note as accepted at <paramref name="version"/>; null when that version was never stored.</summary>
    public async Task<OrderEvent?> LoadDocumentAsync(SyncInstanceKey key, long version, CancellationToken cancellationToken)
    {
        var bytes = await Table.LoadPayloadAsync(key.PartitionKey, DocumentRow(version), cancellationToken);
        if (bytes is null)
        {
            return null;
        }

        var read = OrderEventReader.Read(bytes);
        return read.Event ?? throw new InvalidDataException($"Stored document {key} v{version} no longer reads: {read.Problem}");
    }

    /// <summary>The instances of <paramref name="tenantId"/> that need attention, a page at a time.</summary>
    public async Task<(IReadOnlyList<SyncState> Items, TableContinuation? Next)> NeedingAttentionAsync(
        string tenantId, int pageSize, TableContinuation? continuation, CancellationToken cancellationToken)
    {
        var (from, until) = SyncInstanceKey.TenantRange(tenantId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {until} and RowKey eq {StateRow} and NeedsAttention eq true");
        var page = await Table.QueryPageAsync(filter, null, pageSize, continuation, cancellationToken);
        return (page.Items.Select(r => SyncStateJson.Deserialize(r.GetString(StateProperty)!)).ToArray(), page.Continuation);
    }

    /// <summary>
    /// The instances of <paramref name="tenantId"/> on one operator board (<see cref="SyncBoards"/>), a page at a time.
    /// A state row recorded before boards existed has no <c>Board</c> column and shows on none until its next record.
    /// </summary>
    public async Task<(IReadOnlyList<SyncState> Items, TableContinuation? Next)> OnBoardAsync(
        string tenantId, SyncBoard board, int pageSize, TableContinuation? continuation, CancellationToken cancellationToken)
    {
        var (from, until) = SyncInstanceKey.TenantRange(tenantId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {until} and RowKey eq {StateRow} and Board eq {SyncBoards.Wire(board)}");
        var page = await Table.QueryPageAsync(filter, [StateProperty], pageSize, continuation, cancellationToken);
        return (page.Items.Select(r => SyncStateJson.Deserialize(r.GetString(StateProperty)!)).ToArray(), page.Continuation);
    }

    /// <summary>
    /// The synced instances of <paramref name="tenantId"/> recorded since <paramref name="since"/> (at most
    /// <paramref name="max"/>): what the operator page's latency chart reads. A scan of the tenant's state rows filtered
    /// by the service; fine for a day of one tenant, not an analytics store (the metrics are: docs/operator-page.md).
    /// </summary>
    public async Task<IReadOnlyList<SyncState>> SyncedSinceAsync(string tenantId, DateTimeOffset since, int max, CancellationToken cancellationToken)
    {
        var (from, until) = SyncInstanceKey.TenantRange(tenantId);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {from} and PartitionKey lt {until} and RowKey eq {StateRow} and Status eq {"synced"} and UpdatedAt ge {since}");
        var states = new List<SyncState>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, select: [StateProperty], cancellationToken: cancellationToken))
        {
            states.Add(SyncStateJson.Deserialize(row.GetString(StateProperty)!));
            if (states.Count >= max)
            {
                break;
            }
        }

        return states;
    }

    private static TableEntity StateEntity(SyncInstanceKey key, SyncState state, DateTimeOffset now)
    {
        var view = state.Exists ? SyncStatusView.From(state, now) : null;
        return new TableEntity(key.PartitionKey, StateRow)
        {
            [StateProperty] = SyncStateJson.Serialize(state),
            ["Status"] = view is null ? "pending" : SyncStatusView.Wire(view.State),
            ["NeedsAttention"] = view is not null && (view.NeedsAttention || (view.Late && !state.IsComplete)),
            ["Late"] = view?.Late ?? false,
            ["Board"] = SyncBoards.Wire(view is null ? SyncBoard.Pending : SyncBoards.Of(view)),
            ["UpdatedAt"] = now,
        };
    }

    private static string EventRow(string eventId) => "evt|" + eventId;

    private static string DocumentRow(long version) => "doc|" + version.ToString("D19", CultureInfo.InvariantCulture);
}

public sealed record LoadedInstance(SyncState State, ETag ETag);

/// <summary>What a conditional write did: stored (with the new ETag), a duplicate event, or a conflict to reload.</summary>
public readonly record struct StoreOutcome(StoreResult Result, ETag ETag)
{
    public static StoreOutcome Duplicate => new(StoreResult.Duplicate, default);

    public static StoreOutcome Conflict => new(StoreResult.Conflict, default);

    public static StoreOutcome Stored(ETag etag) => new(StoreResult.Stored, etag);
}

public enum StoreResult
{
    Stored,
    Duplicate,
    Conflict,
}
