using System.Globalization;
using Azure;
using Azure.Data.Tables;
using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Storage.Tables;

namespace CreditFunctions.Payments.Pull;

/// <summary>
/// Pull mode's durable rows in table <c>{prefix}PulledPayments</c>, one partition per tenant (docs/pull-mode.md):
/// <list type="bullet">
/// <item><c>cursor|{connection}</c>: where the next pull of the connection starts, when it last pulled, whether its lost authorisation was alerted;</item>
/// <item><c>out|{connection}|{ledger payment id}|{created|deleted}</c>: the outbox, one row per change, inserted if absent — the "once each";</item>
/// <item><c>due|{event id}</c>: beside each outbox row still to be sent, with its next attempt time; written and removed in
/// the same entity group transaction as its outbox row, so the pending list is a short range read.</item>
/// </list>
/// </summary>
public sealed class PulledPaymentStore(TableClient table)
{
    private const string CursorPrefix = "cursor|";
    private const string OutboxPrefix = "out|";
    private const string DuePrefix = "due|";

    public TableClient Table { get; } = table;

    public async Task<PullCursor> LoadCursorAsync(string tenantId, string connectionId, CancellationToken cancellationToken)
    {
        var row = await Table.FindEntityAsync(tenantId, CursorPrefix + connectionId, cancellationToken: cancellationToken);
        return row is null
            ? new PullCursor(null, null, null, default)
            : new PullCursor(row.GetDateTimeOffset("Since"), row.GetDateTimeOffset("LastPulledAt"), row.GetDateTimeOffset("AuthLostAlertedAt"), row.ETag);
    }

    /// <summary>
    /// Moves the cursor, guarded by the ETag it was loaded with: of two overlapping runs only one moves it (the other's
    /// rows are in the outbox already, inserted if absent). False when another run moved it first.
    /// </summary>
    public async Task<bool> SaveCursorAsync(string tenantId, string connectionId, PullCursor loaded, PullCursor next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        ArgumentNullException.ThrowIfNull(next);
        var row = new TableEntity(tenantId, CursorPrefix + connectionId)
        {
            ["Since"] = next.Since,
            ["LastPulledAt"] = next.LastPulledAt,
            ["AuthLostAlertedAt"] = next.AuthLostAlertedAt,
        };
        var result = loaded.ETag == default
            ? await Table.TryAddEntityAsync(row, cancellationToken)
            : await Table.TryUpdateEntityAsync(row, loaded.ETag, TableUpdateMode.Replace, cancellationToken);
        return result.Succeeded;
    }

    /// <summary>
    /// Records one change in the outbox if it is not there yet; with <paramref name="send"/>, its due row beside it, in one
    /// transaction. False when the change was recorded before (a repeated pull, or a run after a crash that lost the cursor).
    /// </summary>
    public async Task<bool> RecordAsync(string tenantId, LedgerPaymentEvent change, bool send, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var outboxRow = OutboxRow(tenantId, change, send ? PaymentDeliveryState.Pending : PaymentDeliveryState.NotSent, now);
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, outboxRow) };
        if (send)
        {
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(tenantId, DuePrefix + change.Id)
            {
                ["OutboxRow"] = outboxRow.RowKey,
                ["NextAttemptAt"] = now,
                ["Attempts"] = 0,
            }));
        }

        var result = await Table.TrySubmitTransactionAsync(actions, cancellationToken);
        return result.Outcome switch
        {
            TableWriteOutcome.Succeeded => true,
            TableWriteOutcome.AlreadyExists when result.FailedActionIndex is null or 0 => false,
            _ => throw new InvalidOperationException($"Recording pulled payment event {change.Id} of tenant {tenantId} was refused: {result.Outcome}."),
        };
    }

    /// <summary>The tenant's outbox rows due for an attempt at <paramref name="now"/>, at most <paramref name="max"/>.</summary>
    public async Task<IReadOnlyList<DueDelivery>> DueAsync(string tenantId, DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {tenantId} and RowKey ge {DuePrefix} and RowKey lt {"due}"} and NextAttemptAt le {now}");
        var due = new List<DueDelivery>();
        TableContinuation? continuation = null;
        do
        {
            var page = await Table.QueryPageAsync(filter, maxPerPage: Math.Min(1000, max), continuation: continuation, cancellationToken: cancellationToken);
            due.AddRange(page.Items.Select(r => new DueDelivery(r.RowKey, r.GetString("OutboxRow")!, r.GetInt32("Attempts") ?? 0, r.ETag)));
            continuation = page.Continuation;
        }
        while (continuation is not null && due.Count < max);

        return due.Count > max ? due[..max] : due;
    }

    /// <summary>One outbox row by its key; null when it is gone.</summary>
    public async Task<PulledPaymentRecord?> FindAsync(string tenantId, string outboxRow, CancellationToken cancellationToken)
    {
        var row = await Table.FindEntityAsync(tenantId, outboxRow, cancellationToken: cancellationToken);
        return row is null ? null : Read(row);
    }

    /// <summary>Marks a delivery done: the due row goes (If-Match, so a concurrent run's attempt is not counted twice) and the outbox row says delivered.</summary>
    public Task<bool> MarkDeliveredAsync(string tenantId, DueDelivery due, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(due);
        return SubmitAsync(
        [
            new(TableTransactionActionType.Delete, new TableEntity(tenantId, due.RowKey), due.ETag),
            new(TableTransactionActionType.UpdateMerge, new TableEntity(tenantId, due.OutboxRow)
            {
                ["State"] = nameof(PaymentDeliveryState.Delivered),
                ["Attempts"] = due.Attempts + 1,
                ["LastAttemptAt"] = now,
                ["DeliveredAt"] = now,
            }),
        ], cancellationToken);
    }

    /// <summary>Records a failed attempt and when the next one is due, on the due row (If-Match) and the outbox row alike.</summary>
    public Task<bool> MarkFailedAsync(string tenantId, DueDelivery due, DateTimeOffset now, DateTimeOffset nextAttemptAt, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(due);
        return SubmitAsync(
        [
            new(TableTransactionActionType.UpdateMerge, new TableEntity(tenantId, due.RowKey)
            {
                ["Attempts"] = due.Attempts + 1,
                ["NextAttemptAt"] = nextAttemptAt,
            }, due.ETag),
            new(TableTransactionActionType.UpdateMerge, new TableEntity(tenantId, due.OutboxRow)
            {
                ["Attempts"] = due.Attempts + 1,
                ["LastAttemptAt"] = now,
                ["NextAttemptAt"] = nextAttemptAt,
                ["LastError"] = reason,
            }),
        ], cancellationToken);
    }

    /// <summary>One page of the tenant's outbox, in key order (connection, then ledger payment id).</summary>
    public async Task<(IReadOnlyList<PulledPaymentRecord> Items, TableContinuation? Next)> ListAsync(
        string tenantId, int pageSize, TableContinuation? continuation, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {OutboxPrefix} and RowKey lt {"out}"}");
        var page = await Table.QueryPageAsync(filter, maxPerPage: pageSize, continuation: continuation, cancellationToken: cancellationToken);
        return ([.. page.Items.Select(Read)], page.Continuation);
    }

    /// <summary>
    /// The outbox row's key. The ledger's payment id is escaped (RFC 3986: all but letters, digits and <c>-_.~</c>), so
    /// no id can hold a character Azure forbids in keys (/ \ # ? and control characters) or run into the separator.
    /// </summary>
    public static string OutboxRowKey(string connectionId, string ledgerPaymentId, PulledPaymentChange change) =>
        OutboxPrefix + connectionId + "|" + Uri.EscapeDataString(ledgerPaymentId) + "|" + LedgerPaymentEvent.WireChange(change);

    private async Task<bool> SubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        var result = await Table.TrySubmitTransactionAsync(actions, cancellationToken);
        return result.Outcome switch
        {
            TableWriteOutcome.Succeeded => true,

            // Another run settled this attempt first (its If-Match won), or the rows are gone.
            TableWriteOutcome.Conflict or TableWriteOutcome.NotFound => false,
            _ => throw new InvalidOperationException($"Updating a pulled payment delivery was refused: {result.Outcome}."),
        };
    }

    private static TableEntity OutboxRow(string tenantId, LedgerPaymentEvent change, PaymentDeliveryState state, DateTimeOffset now) =>
        new(tenantId, OutboxRowKey(change.ConnectionId, change.LedgerPaymentId, change.Change))
        {
            ["EventId"] = change.Id,
            ["Change"] = change.Change.ToString(),
            ["OccurredAt"] = change.OccurredAt,
            ["Ledger"] = change.Ledger.ToString(),
            ["ConnectionId"] = change.ConnectionId,
            ["LedgerPaymentId"] = change.LedgerPaymentId,
            ["Kind"] = change.Kind.ToString(),
            ["InvoiceNumber"] = change.InvoiceNumber,
            ["Amount"] = change.Amount.ToString(CultureInfo.InvariantCulture),
            ["Currency"] = change.Currency,
            ["Date"] = change.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Reference"] = change.Reference,
            ["RecordedAt"] = now,
            ["State"] = state.ToString(),
            ["Attempts"] = 0,
            ["NextAttemptAt"] = state == PaymentDeliveryState.Pending ? now : null,
        };

    private static PulledPaymentRecord Read(TableEntity row) => new(
        new LedgerPaymentEvent(
            row.GetString("EventId")!,
            Enum.Parse<PulledPaymentChange>(row.GetString("Change")!),
            row.GetDateTimeOffset("OccurredAt") ?? default,
            Enum.Parse<LedgerKind>(row.GetString("Ledger")!),
            row.GetString("ConnectionId")!,
            row.GetString("LedgerPaymentId")!,
            Enum.Parse<CreditNoteKind>(row.GetString("Kind")!),
            row.GetString("InvoiceNumber") ?? "",
            decimal.Parse(row.GetString("Amount")!, NumberStyles.Number, CultureInfo.InvariantCulture),
            row.GetString("Currency") ?? "",
            DateOnly.ParseExact(row.GetString("Date")!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            row.GetString("Reference")),
        row.GetDateTimeOffset("RecordedAt") ?? default,
        new PaymentDelivery(
            Enum.Parse<PaymentDeliveryState>(row.GetString("State")!),
            row.GetInt32("Attempts") ?? 0,
            row.GetDateTimeOffset("LastAttemptAt"),
            row.GetString("State") == nameof(PaymentDeliveryState.Pending) ? row.GetDateTimeOffset("NextAttemptAt") : null,
            row.GetDateTimeOffset("DeliveredAt"),
            row.GetString("LastError")));
}

/// <summary>A connection's pull position: <see cref="Since"/> is the ledger's cursor the next pull starts from (null: from the start).</summary>
public sealed record PullCursor(DateTimeOffset? Since, DateTimeOffset? LastPulledAt, DateTimeOffset? AuthLostAlertedAt, ETag ETag);

/// <summary>An outbox row due for an attempt: its due row's key and version, the outbox row it points at, attempts so far.</summary>
public sealed record DueDelivery(string RowKey, string OutboxRow, int Attempts, ETag ETag);

/// <summary>One outbox row: the event and where its delivery stands.</summary>
public sealed record PulledPaymentRecord(LedgerPaymentEvent Event, DateTimeOffset RecordedAt, PaymentDelivery Delivery);

/// <summary>Where an event's delivery stands; <see cref="LastError"/> is an HTTP status or an exception type, never a body.</summary>
public sealed record PaymentDelivery(
    PaymentDeliveryState State, int Attempts, DateTimeOffset? LastAttemptAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt, string? LastError);
