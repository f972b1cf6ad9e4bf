using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace CreditFunctions.Storage.Tables;

/// <summary>
/// A client for one table over the Table REST API on Azure.Core's HttpPipeline. Stands in for
/// Azure.Data.Tables.TableClient: same method names and outcomes, but expected refusals (409 on insert, 412 on
/// If-Match, 404) come back as <see cref="TableWriteOutcome"/> values and every other failure as
/// <see cref="StorageRequestFailedException"/>. Signed with SharedKeyLite as Azure.Data.Tables does, or an Entra ID token.
/// </summary>
public sealed class TableClient
{
    private const string Accept = "application/json;odata=minimalmetadata";
    private static readonly string[] KeyProperties = ["PartitionKey", "RowKey"];
    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;

    public TableClient(string connectionString, string tableName, StorageClientOptions? options = null)
        : this(StorageAccount.Parse(connectionString), tableName, options)
    {
    }

    /// <summary>Entra ID: the endpoint is the account's table endpoint, e.g. https://acct.table.core.windows.net.</summary>
    public TableClient(Uri endpoint, string tableName, TokenCredential credential, StorageClientOptions? options = null)
        : this(StorageAccount.WithTokenCredential(endpoint, endpoint, credential), tableName, options)
    {
    }

    public TableClient(Uri endpoint, string tableName, StorageSharedKeyCredential credential, StorageClientOptions? options = null)
        : this(StorageAccount.WithSharedKey(endpoint, endpoint, credential), tableName, options)
    {
    }

    internal TableClient(StorageAccount account, string tableName, StorageClientOptions? options)
    {
        TableLimits.ValidateTableName(tableName);
        Name = tableName;
        _endpoint = account.TableEndpoint;
        _pipeline = StoragePipeline.Create(account, options ?? new StorageClientOptions(), SharedKeyScheme.SharedKeyLite, StorageRequestCounter.Table);
    }

    public string Name { get; }

    private string TableUrl => _endpoint.AbsoluteUri.TrimEnd('/') + "/" + Name;

    /// <summary>Creates the table; false when it already existed.</summary>
    public async Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Post, "Tables");
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        SetJson(message.Request, Encoding.UTF8.GetBytes($"{{\"TableName\":\"{Name}\"}}"));
        var response = await StorageResponses.SendAsync(_pipeline, message, cancellationToken);
        return response.Status switch
        {
            201 or 204 => true,
            409 => false,
            _ => throw StorageResponses.Failure(response, $"Create table {Name}"),
        };
    }

    /// <summary>Deletes the table; false when it was not there.</summary>
    public async Task<bool> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Delete, $"Tables('{Name}')");
        var response = await StorageResponses.SendAsync(_pipeline, message, cancellationToken);
        return response.Status switch
        {
            204 => true,
            404 => false,
            _ => throw StorageResponses.Failure(response, $"Delete table {Name}"),
        };
    }

    /// <summary>Point read; null when the row is absent (a missing table throws). The entity carries its ETag.</summary>
    public async Task<TableEntity?> GetEntityIfExistsAsync(
        string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        TableLimits.ValidateKey(partitionKey, nameof(partitionKey));
        TableLimits.ValidateKey(rowKey, nameof(rowKey));
        using var message = CreateMessage(RequestMethod.Get, Name + TableKeys.Path(partitionKey, rowKey));
        if (select is not null)
        {
            message.Request.Uri.AppendQuery("$select", SelectWithKeys(select), escapeValue: true);
        }

        var response = await StorageResponses.SendAsync(_pipeline, message, cancellationToken);
        if (response.Status == 404 && !IsTableMissing(response))
        {
            return null;
        }

        if (response.Status != 200)
        {
            throw StorageResponses.Failure(response, "Get entity");
        }

        using var doc = JsonDocument.Parse(response.Content.ToMemory());
        return TableEntityJson.Read(doc.RootElement, response.Headers.ETag ?? default);
    }

    /// <summary>Insert. An existing row is <see cref="TableWriteOutcome.AlreadyExists"/>, not an exception.</summary>
    public async Task<TableWriteResult> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken = default)
    {
        TableLimits.ValidateEntity(entity);
        using var message = CreateMessage(RequestMethod.Post, Name);
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        SetJson(message.Request, TableEntityJson.Serialize(entity));
        var response = await StorageResponses.SendAsync(_pipeline, message, cancellationToken);
        return response.Status switch
        {
            201 or 204 => Written(response),
            409 => Refused(TableWriteOutcome.AlreadyExists, response),
            _ => throw StorageResponses.Failure(response, "Insert entity"),
        };
    }

    /// <summary>
    /// Update guarded by <paramref name="ifMatch"/> (default = "*", any version). A changed ETag is
    /// <see cref="TableWriteOutcome.Conflict"/>; a missing row <see cref="TableWriteOutcome.NotFound"/>.
    /// </summary>
    public Task<TableWriteResult> UpdateEntityAsync(
        TableEntity entity, ETag ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default) =>
        WriteAsync(entity, mode, ifMatch == default ? ETag.All : ifMatch, cancellationToken);

    /// <summary>Insert-or-merge (default, as the SDK) or insert-or-replace, unconditionally.</summary>
    public Task<TableWriteResult> UpsertEntityAsync(
        TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default) =>
        WriteAsync(entity, mode, null, cancellationToken);

    /// <summary>Delete guarded by <paramref name="ifMatch"/> (default = "*"). Missing is <see cref="TableWriteOutcome.NotFound"/>.</summary>
    public async Task<TableWriteResult> DeleteEntityAsync(
        string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default)
    {
        TableLimits.ValidateKey(partitionKey, nameof(partitionKey));
        TableLimits.ValidateKey(rowKey, nameof(rowKey));
        using var message = CreateMessage(RequestMethod.Delete, Name + TableKeys.Path(partitionKey, rowKey));
        message.Request.Headers.SetValue("If-Match", ifMatch == default ? "*" : ifMatch.ToString());
        var response = await StorageResponses.SendAsync(_pipeline, message, cancellationToken);
        return response.Status switch
        {
            204 => Written(response),
            404 when !IsTableMissing(response) => Refused(TableWriteOutcome.NotFound, response),
            412 => Refused(TableWriteOutcome.Conflict, response),
            _ => throw StorageResponses.Failure(response, "Delete entity"),
        };
    }

    /// <summary>
    /// One page of a query. <paramref name="maxPerPage"/> is $top (per page, at most 1,000). Pass the previous page's
    /// <see cref="TablePage.Continuation"/> to get the next; the query must be the same (azure-platform.md §3.3).
    /// </summary>
    public async Task<TablePage> QueryPageAsync(
        string? filter = null,
        IEnumerable<string>? select = null,
        int? maxPerPage = null,
        TableContinuation? continuation = null,
        CancellationToken cancellationToken = default)
    {
        if (maxPerPage is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPerPage), maxPerPage, "$top must be 1–1,000.");
        }

        using var message = CreateMessage(RequestMethod.Get, Name + "()");
        var uri = message.Request.Uri;
        if (!string.IsNullOrEmpty(filter))
        {
            uri.AppendQuery("$filter", filter, escapeValue: true);
        }

        if (select is not null)
        {
            uri.AppendQuery("$select", SelectWithKeys(select), escapeValue: true);
        }

        if (maxPerPage is { } top)
        {
            uri.AppendQuery("$top", top.ToString(System.Globalization.CultureInfo.InvariantCulture), escapeValue: false);
        }

        if (continuation is not null)
        {
            // Continuation values are base64 with '=': always escape (§7.4 pitfall 8).
            uri.AppendQuery("NextPartitionKey", continuation.NextPartitionKey, escapeValue: true);
            if (continuation.NextRowKey is not null)
            {
                uri.AppendQuery("NextRowKey", continuation.NextRowKey, escapeValue: true);
            }
        }

        var response = await StorageResponses.SendAsync(_pipeline, message, cancellationToken);
        if (response.Status != 200)
        {
            throw StorageResponses.Failure(response, "Query entities");
        }

        var items = new List<TableEntity>();
        using (var doc = JsonDocument.Parse(response.Content.ToMemory()))
        {
            if (doc.RootElement.TryGetProperty("value", out var value))
            {
                foreach (var element in value.EnumerateArray())
                {
                    items.Add(TableEntityJson.Read(element));
                }
            }
        }

        TableContinuation? next = null;
        if (response.Headers.TryGetValue("x-ms-continuation-NextPartitionKey", out var nextPk) && !string.IsNullOrEmpty(nextPk))
        {
            response.Headers.TryGetValue("x-ms-continuation-NextRowKey", out var nextRk);
            next = new TableContinuation(nextPk, string.IsNullOrEmpty(nextRk) ? null : nextRk);
        }

        return new TablePage(items, next, response.Headers.RequestId);
    }

    /// <summary>Every entity matching the query, following continuation tokens across pages (pages may be empty).</summary>
    public async IAsyncEnumerable<TableEntity> QueryAsync(
        string? filter = null,
        IEnumerable<string>? select = null,
        int? maxPerPage = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var selected = select?.ToArray();
        TableContinuation? continuation = null;
        do
        {
            var page = await QueryPageAsync(filter, selected, maxPerPage, continuation, cancellationToken);
            foreach (var entity in page.Items)
            {
                yield return entity;
            }

            continuation = page.Continuation;
        }
        while (continuation is not null);
    }

    /// <summary>
    /// An atomic entity group transaction: all actions apply or none. Azure's rules are enforced here before the
    /// request (one PartitionKey, each row once, at most 100 actions, at most 4 MiB), because Azurite does not enforce
    /// them all (azure-platform.md §3.4). A refused action (409/412/404) is a value naming its index.
    /// </summary>
    public async Task<TableTransactionResult> SubmitTransactionAsync(
        IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        var list = actions as IReadOnlyList<TableTransactionAction> ?? actions.ToList();
        TableBatch.Validate(list);
        var batchBoundary = "batch_" + Guid.NewGuid().ToString("N");
        var changesetBoundary = "changeset_" + Guid.NewGuid().ToString("N");
        var body = TableBatch.BuildBody(list, TableUrl, batchBoundary, changesetBoundary);

        using var message = CreateMessage(RequestMethod.Post, "$batch");
        message.Request.Headers.SetValue("Content-Type", $"multipart/mixed; boundary={batchBoundary}");
        message.Request.Content = RequestContent.Create(body);
        var response = await StorageResponses.SendAsync(_pipeline, message, cancellationToken);
        if (response.Status != 202)
        {
            throw StorageResponses.Failure(response, "Entity group transaction");
        }

        var parts = TableBatch.ParseResponse(response.Content.ToString());
        var failed = parts.FirstOrDefault(p => p.Status >= 300);
        if (failed is null)
        {
            return new TableTransactionResult(TableWriteOutcome.Succeeded, parts.Select(p => p.ETag).ToList(), null, null, response.Headers.RequestId);
        }

        var (code, index) = TableBatch.ParseError(failed.Content);
        var outcome = failed.Status switch
        {
            409 when code is null or "EntityAlreadyExists" => TableWriteOutcome.AlreadyExists,
            412 => TableWriteOutcome.Conflict,
            404 when code is not "TableNotFound" => TableWriteOutcome.NotFound,
            _ => throw new StorageRequestFailedException(
                failed.Status,
                code,
                response.Headers.RequestId,
                $"Entity group transaction failed: {failed.Status} {code ?? "(no error code)"} at action {index?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} (request id {response.Headers.RequestId ?? "none"}); nothing was applied."),
        };
        return new TableTransactionResult(outcome, [], index, code, response.Headers.RequestId);
    }

    private async Task<TableWriteResult> WriteAsync(TableEntity entity, TableUpdateMode mode, ETag? ifMatch, CancellationToken cancellationToken)
    {
        TableLimits.ValidateEntity(entity);
        var method = mode == TableUpdateMode.Replace ? RequestMethod.Put : new RequestMethod("MERGE");
        using var message = CreateMessage(method, Name + TableKeys.Path(entity.PartitionKey, entity.RowKey));
        if (ifMatch is { } etag)
        {
            message.Request.Headers.SetValue("If-Match", etag.ToString());
        }

        SetJson(message.Request, TableEntityJson.Serialize(entity));
        var response = await StorageResponses.SendAsync(_pipeline, message, cancellationToken);
        return response.Status switch
        {
            204 or 200 or 201 => Written(response),
            412 => Refused(TableWriteOutcome.Conflict, response),
            404 when ifMatch is not null && !IsTableMissing(response) => Refused(TableWriteOutcome.NotFound, response),
            _ => throw StorageResponses.Failure(response, ifMatch is null ? "Upsert entity" : "Update entity"),
        };
    }

    private HttpMessage CreateMessage(RequestMethod method, string path)
    {
        var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(_endpoint);
        request.Uri.AppendPath("/" + path, escape: false);
        request.Headers.SetValue("Accept", Accept);
        request.Headers.SetValue("DataServiceVersion", "3.0");
        request.Headers.SetValue("MaxDataServiceVersion", "3.0;NetFx");
        return message;
    }

    /// <summary>
    /// The service returns only the selected properties, keys included; a <see cref="TableEntity"/> needs its keys,
    /// so they are always selected (Timestamp and the ETag come regardless).
    /// </summary>
    private static string SelectWithKeys(IEnumerable<string> select) =>
        string.Join(',', KeyProperties.Concat(select).Distinct(StringComparer.Ordinal));

    /// <summary>A missing table is a deployment fault, not the expected "row not found" outcome (404 TableNotFound vs ResourceNotFound).</summary>
    private static bool IsTableMissing(Response response) => StorageResponses.ErrorCode(response) == "TableNotFound";

    private static void SetJson(Request request, byte[] json)
    {
        request.Headers.SetValue("Content-Type", "application/json");
        request.Content = RequestContent.Create(json);
    }

    private static TableWriteResult Written(Response response) =>
        new(TableWriteOutcome.Succeeded, response.Headers.ETag ?? default, response.Status, response.Headers.RequestId);

    private static TableWriteResult Refused(TableWriteOutcome outcome, Response response) =>
        new(outcome, default, response.Status, response.Headers.RequestId);
}
