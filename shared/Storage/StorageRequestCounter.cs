using System.Diagnostics.Metrics;
using Azure.Core;
using Azure.Core.Pipeline;

namespace CreditFunctions.Storage;

/// <summary>
/// Counts every request sent to Storage (each retry attempt is its own request, as Storage bills them,
/// azure-platform.md §7) on the instrument <c>creditfunctions.storage.requests</c> of meter <c>CreditFunctions.Storage</c>,
/// tagged <c>service</c> (table|queue), <c>operation</c> (e.g. <c>read</c>, <c>upsert</c>, <c>batch</c>, <c>receive</c>)
/// and <c>status</c> (HTTP status; 0 when no response came). Always on: with no listener it costs one branch.
/// <see cref="StorageClients"/> adds it to every client's options per retry, so it runs after the SDK's auth policy.
/// </summary>
internal sealed class StorageRequestCounter(string service) : HttpPipelinePolicy
{
    public const string MeterName = "CreditFunctions.Storage";
    public const string InstrumentName = "creditfunctions.storage.requests";
    public const string Table = "table";
    public const string Queue = "queue";
    public const string Blob = "blob";

    /// <summary>Prefix of the services the Durable engine's own clients are counted under (<c>engine-table</c> etc.).</summary>
    public const string EnginePrefix = "engine-";

    private static readonly Meter s_meter = new(MeterName);
    private static readonly Counter<long> s_requests = s_meter.CreateCounter<long>(InstrumentName, "{request}", "Requests sent to Azure Storage (every attempt).");

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        try
        {
            ProcessNext(message, pipeline);
        }
        finally
        {
            Record(message);
        }
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        try
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }
        finally
        {
            Record(message);
        }
    }

    private void Record(HttpMessage message)
    {
        if (!s_requests.Enabled)
        {
            return;
        }

        var operation = service.EndsWith(Queue, StringComparison.Ordinal) ? QueueOperation(message.Request)
            : service.EndsWith(Blob, StringComparison.Ordinal) ? BlobOperation(message.Request)
            : TableOperation(message.Request);
        s_requests.Add(
            1,
            new KeyValuePair<string, object?>("service", service),
            new KeyValuePair<string, object?>("operation", operation),
            new KeyValuePair<string, object?>("status", message.HasResponse ? message.Response.Status : 0));
    }

    /// <summary>Queue REST paths: <c>/{queue}</c>, <c>/{queue}/messages</c>, <c>/{queue}/messages/{id}</c> (Azurite adds the account first).</summary>
    internal static string QueueOperation(Request request)
    {
        var path = request.Uri.Path.TrimEnd('/');
        var method = request.Method;
        if (path.EndsWith("/messages", StringComparison.Ordinal))
        {
            return method == RequestMethod.Get
                ? (request.Uri.Query.Contains("peekonly=true", StringComparison.OrdinalIgnoreCase) ? "peek" : "receive")
                : method == RequestMethod.Post ? "send" : method == RequestMethod.Delete ? "clear" : "other";
        }

        if (path.Contains("/messages/", StringComparison.Ordinal))
        {
            return method == RequestMethod.Delete ? "delete" : method == RequestMethod.Put ? "update" : "other";
        }

        return method == RequestMethod.Put ? "create-queue"
            : method == RequestMethod.Delete ? "delete-queue"
            : "queue-properties";
    }

    /// <summary>Blob REST (the engine's leases and large messages): lease actions by <c>comp=lease</c>, else the method.</summary>
    internal static string BlobOperation(Request request)
    {
        var query = request.Uri.Query;
        if (query.Contains("comp=lease", StringComparison.OrdinalIgnoreCase))
        {
            return "lease";
        }

        return query.Contains("comp=list", StringComparison.OrdinalIgnoreCase) ? "list" : request.Method.Method.ToLowerInvariant();
    }

    /// <summary>Table REST paths: <c>/$batch</c>, <c>/Tables</c>, <c>/{table}</c> (query, insert), <c>/{table}(PartitionKey=..,RowKey=..)</c>.</summary>
    internal static string TableOperation(Request request)
    {
        var path = request.Uri.Path;
        var last = path[(path.LastIndexOf('/') + 1)..];
        var method = request.Method;
        if (last == "$batch")
        {
            return "batch";
        }

        if (last.StartsWith("Tables", StringComparison.Ordinal))
        {
            return method == RequestMethod.Post ? "create-table" : method == RequestMethod.Delete ? "delete-table" : "query-tables";
        }

        var isEntity = last.Contains('(', StringComparison.Ordinal) && !last.EndsWith("()", StringComparison.Ordinal);
        if (method == RequestMethod.Get)
        {
            return isEntity ? "read" : "query";
        }

        if (method == RequestMethod.Post)
        {
            return "insert";
        }

        if (method == RequestMethod.Delete)
        {
            return "delete";
        }

        // PUT/MERGE with If-Match is a conditional update; without it an upsert (insert-or-replace/merge).
        // Azure.Data.Tables sends a merge as PATCH, the Table REST API's other name for MERGE.
        var conditional = request.Headers.TryGetValue("If-Match", out _);
        var merge = method == RequestMethod.Patch || method.Method == "MERGE";
        return (merge ? "merge" : "replace") + (conditional ? "" : "-upsert");
    }
}
