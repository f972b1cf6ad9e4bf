using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Net;
using Azure;
using Azure.Core.Diagnostics;
using Azure.Data.Tables;
using CreditFunctions.Storage;
using CreditFunctions.Storage.Queues;
using CreditFunctions.Storage.Tables;

namespace CreditFunctions.Tests.Storage;

/// <summary>Neither Azure.Core's logs nor the SDKs' exceptions may carry the account key, a signature, a SAS or a pop receipt.</summary>
public sealed class StorageRedactionTests
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string KeyConnection =
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1";

    [Fact]
    public async Task Azure_Core_verbose_logs_of_signed_requests_redact_the_signature_and_the_pop_receipt()
    {
        var lines = new ConcurrentQueue<string>();
        var handler = new FakeStorageHandler();
        handler.Answer(HttpStatusCode.NotFound, headers: ("x-ms-error-code", "ResourceNotFound"));
        handler.Answer(HttpStatusCode.BadRequest, "<Error><Code>PopReceiptMismatch</Code></Error>", ("x-ms-error-code", "PopReceiptMismatch"));
        var clients = StorageClients.FromConnectionString(KeyConnection, handler.Configure);

        using (new AzureEventSourceListener((e, message) => lines.Enqueue(message + " " + string.Join(" ", e.Payload ?? [])), EventLevel.Verbose))
        {
            await clients.GetTableClient("redact").FindEntityAsync("p", "r");
            await clients.GetQueueClient("redact").TryDeleteMessageAsync("m", "receipt+/=secretish");
        }

        var signatures = handler.Requests.Select(r => r.Authorization.Split(':')[1]).ToList();
        var log = string.Join("\n", lines);
        Assert.Contains("Authorization:REDACTED", log, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, log, StringComparison.Ordinal);
        Assert.All(signatures, s => Assert.DoesNotContain(s, log, StringComparison.Ordinal));
        Assert.DoesNotContain("secretish", log, StringComparison.Ordinal);
        Assert.Contains("secretish", Uri.UnescapeDataString(handler.Requests[1].Uri.Query), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_SAS_connection_string_never_shows_its_signature_in_the_logs()
    {
        var lines = new ConcurrentQueue<string>();
        var handler = new FakeStorageHandler();
        var clients = StorageClients.FromConnectionString(
            "TableEndpoint=https://creditfn.table.core.windows.net;QueueEndpoint=https://creditfn.queue.core.windows.net;SharedAccessSignature=sv=2025-11-05&ss=qt&sig=c2FzLXNlY3JldA%3D%3D",
            handler.Configure);

        using (new AzureEventSourceListener((e, message) => lines.Enqueue(message + " " + string.Join(" ", e.Payload ?? [])), EventLevel.Verbose))
        {
            await clients.GetQueueClient("redact").TryDeleteMessageAsync("m", "r");
        }

        Assert.Contains("sig=c2FzLXNlY3JldA", handler.Requests[0].Uri.Query, StringComparison.Ordinal);
        Assert.DoesNotContain("c2FzLXNlY3JldA", string.Join("\n", lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_authentication_failure_keeps_status_and_code_but_never_the_echoed_signature()
    {
        var handler = new FakeStorageHandler();
        const string xml =
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request.</Message>" +
            "<AuthenticationErrorDetail>The MAC signature found in the HTTP request 'c2lnbmF0dXJlLXNlY3JldA==' is not the same as any computed signature.</AuthenticationErrorDetail></Error>";
        const string json =
            "{\"odata.error\":{\"code\":\"AuthenticationFailed\",\"message\":{\"lang\":\"en-US\",\"value\":\"The MAC signature found in the HTTP request 'c2lnbmF0dXJlLXNlY3JldA==' is not the same.\"}}}";
        handler.Answer(HttpStatusCode.Forbidden, xml, ("x-ms-error-code", "AuthenticationFailed"), ("x-ms-request-id", "req-403"));
        handler.Answer(HttpStatusCode.Forbidden, json, ("x-ms-error-code", "AuthenticationFailed"));
        var clients = StorageClients.FromConnectionString(KeyConnection, handler.Configure);

        var queueError = await Assert.ThrowsAsync<RequestFailedException>(() => clients.GetQueueClient("redact").SendMessageAsync("{}"));
        var tableError = await Assert.ThrowsAsync<RequestFailedException>(() => clients.GetTableClient("redact").UpsertEntityAsync(new TableEntity("p", "r")));

        Assert.Equal((403, "AuthenticationFailed"), (queueError.Status, queueError.ErrorCode));
        Assert.Equal((403, "AuthenticationFailed"), (tableError.Status, tableError.ErrorCode));
        Assert.Equal("req-403", queueError.GetRawResponse()!.Headers.RequestId);
        Assert.All(new[] { queueError, tableError }, e => Assert.DoesNotContain("c2lnbmF0dXJlLXNlY3JldA==", e.ToString(), StringComparison.Ordinal));
        Assert.All(new[] { queueError, tableError }, e => Assert.DoesNotContain(Key, e.ToString(), StringComparison.Ordinal));
        Assert.Contains("withheld", queueError.Message, StringComparison.Ordinal);
    }
}
