using Azure;
using Azure.Data.Tables;

namespace CreditFunctions.Storage.Tables;

/// <summary>
/// The workflow's table operations on Azure.Data.Tables' <see cref="TableClient"/>, with the project's rule that
/// expected refusals are values (STYLE.md): insert of an existing row → <see cref="TableWriteOutcome.AlreadyExists"/>
/// (SDK: 409), If-Match mismatch → <see cref="TableWriteOutcome.Conflict"/> (412), update or delete of a missing row →
/// <see cref="TableWriteOutcome.NotFound"/> (404), a missing row on a point read → null. A missing <i>table</i> and every
/// other failure surface as the SDK's <see cref="RequestFailedException"/>. Azure's limits are checked before the request
/// (<see cref="TableLimits"/>), because Azurite accepts some things Azure refuses.
/// </summary>
public static class TableOutcomes
{
    private static readonly string[] KeyProperties = ["PartitionKey", "RowKey"];

    /// <summary>Point read; null when the row is absent. A missing table throws (the SDK's GetEntityIfExists would say null).</summary>
    public static async Task<TableEntity?> FindEntityAsync(
        this TableClient table, string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        TableLimits.ValidateKey(partitionKey, nameof(partitionKey));
        TableLimits.ValidateKey(rowKey, nameof(rowKey));
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, SelectWithKeys(select), cancellationToken);
        if (response.HasValue)
        {
            return response.Value;
        }

        var raw = response.GetRawResponse();
        return StorageErrors.IsTableNotFound(raw) ? throw new RequestFailedException(raw) : null;
    }

    /// <summary>Insert. An existing row is <see cref="TableWriteOutcome.AlreadyExists"/>: the idempotency primitive.</summary>
    public static async Task<TableWriteResult> TryAddEntityAsync(this TableClient table, TableEntity entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        TableLimits.ValidateEntity(entity);
        try
        {
            return Written(await table.AddEntityAsync(entity, cancellationToken));
        }
        catch (RequestFailedException e) when (Refusal(e.Status, StorageErrors.ErrorCode(e)) is { } outcome)
        {
            return Refused(outcome, e);
        }
    }

    /// <summary>
    /// Update guarded by <paramref name="ifMatch"/> (default = <see cref="ETag.All"/>, any version). A changed ETag is
    /// <see cref="TableWriteOutcome.Conflict"/>; a missing row <see cref="TableWriteOutcome.NotFound"/>.
    /// </summary>
    public static async Task<TableWriteResult> TryUpdateEntityAsync(
        this TableClient table, TableEntity entity, ETag ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        TableLimits.ValidateEntity(entity);
        try
        {
            return Written(await table.UpdateEntityAsync(entity, ifMatch == default ? ETag.All : ifMatch, mode, cancellationToken));
        }
        catch (RequestFailedException e) when (Refusal(e.Status, StorageErrors.ErrorCode(e)) is { } outcome)
        {
            return Refused(outcome, e);
        }
    }

    /// <summary>Delete guarded by <paramref name="ifMatch"/> (default = any version). A missing row is <see cref="TableWriteOutcome.NotFound"/>.</summary>
    public static async Task<TableWriteResult> TryDeleteEntityAsync(
        this TableClient table, string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        TableLimits.ValidateKey(partitionKey, nameof(partitionKey));
        TableLimits.ValidateKey(rowKey, nameof(rowKey));
        Response response;
        try
        {
            response = await table.DeleteEntityAsync(partitionKey, rowKey, ifMatch == default ? ETag.All : ifMatch, cancellationToken);
        }
        catch (RequestFailedException e) when (Refusal(e.Status, StorageErrors.ErrorCode(e)) is { } outcome)
        {
            return Refused(outcome, e);
        }

        // The SDK answers a 404 on delete with the response instead of throwing, for a missing row and a missing table alike.
        if (response.Status == 404)
        {
            return StorageErrors.IsTableNotFound(response)
                ? throw new RequestFailedException(response)
                : new TableWriteResult(TableWriteOutcome.NotFound, default, response.Status, response.Headers.RequestId);
        }

        return Written(response);
    }

    /// <summary>
    /// An atomic entity group transaction: all actions apply or none. Azure's rules are checked first (one
    /// PartitionKey, each row once, at most 100 actions, about 4 MiB), because Azurite does not enforce them all
    /// (azure-platform.md §3.4). A refused action (409/412/404) is a value naming its index; on success, one ETag per
    /// action in order (default for deletes).
    /// </summary>
    public static async Task<TableTransactionResult> TrySubmitTransactionAsync(
        this TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(actions);
        var list = actions as IReadOnlyList<TableTransactionAction> ?? actions.ToList();
        TableLimits.ValidateTransaction(list);
        try
        {
            var response = await table.SubmitTransactionAsync(list, cancellationToken);
            return new TableTransactionResult(
                TableWriteOutcome.Succeeded, response.Value.Select(r => r.Headers.ETag ?? default).ToList(), null, null, response.GetRawResponse().Headers.RequestId);
        }
        catch (TableTransactionFailedException e) when (Refusal(e.Status, StorageErrors.ErrorCode(e)) is { } outcome)
        {
            return new TableTransactionResult(outcome, [], e.FailedTransactionActionIndex, e.ErrorCode, e.GetRawResponse()?.Headers.RequestId);
        }
    }

    /// <summary>
    /// One page of a query. <paramref name="maxPerPage"/> is $top (1–1,000). Pass the previous page's
    /// <see cref="TablePage.Continuation"/> to get the next; the query must be the same (azure-platform.md §3.3).
    /// </summary>
    public static async Task<TablePage> QueryPageAsync(
        this TableClient table,
        string? filter = null,
        IEnumerable<string>? select = null,
        int? maxPerPage = null,
        TableContinuation? continuation = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (maxPerPage is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPerPage), maxPerPage, "$top must be 1–1,000.");
        }

        var pages = table.QueryAsync<TableEntity>(filter, maxPerPage, SelectWithKeys(select), cancellationToken).AsPages(continuation?.Token, maxPerPage);
        await foreach (var page in pages)
        {
            var next = string.IsNullOrEmpty(page.ContinuationToken) ? null : new TableContinuation(page.ContinuationToken);
            return new TablePage(page.Values, next, page.GetRawResponse().Headers.RequestId);
        }

        return new TablePage([], null, null);
    }

    /// <summary>
    /// The service returns only the selected properties; a <see cref="TableEntity"/> is addressed by its keys, so they
    /// are always selected (the ETag comes regardless).
    /// </summary>
    private static string[]? SelectWithKeys(IEnumerable<string>? select) =>
        select is null ? null : KeyProperties.Concat(select).Distinct(StringComparer.Ordinal).ToArray();

    private static TableWriteOutcome? Refusal(int status, string? errorCode) => status switch
    {
        409 when errorCode is null or "EntityAlreadyExists" => TableWriteOutcome.AlreadyExists,
        412 => TableWriteOutcome.Conflict,
        404 when errorCode is not StorageErrors.TableNotFound => TableWriteOutcome.NotFound,
        _ => null,
    };

    private static TableWriteResult Written(Response response) =>
        new(TableWriteOutcome.Succeeded, response.Headers.ETag ?? default, response.Status, response.Headers.RequestId);

    private static TableWriteResult Refused(TableWriteOutcome outcome, RequestFailedException e) =>
        new(outcome, default, e.Status, e.GetRawResponse()?.Headers.RequestId);
}
