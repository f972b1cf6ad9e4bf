using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Net;
using Azure.Core.Diagnostics;
using CreditFunctions.Storage;
using CreditFunctions.Storage.Queues;
using CreditFunctions.Storage.Tables;

namespace CreditFunctions.Tests.Storage;

/// <summary>Neither Azure.Core's logs nor our exceptions may carry the account key or a signature.</summary>
public sealed class StorageRedactionTests
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public async Task Azure_Core_verbose_logs_of_signed_requests_redact_the_Authorization_header()
    {
        var lines = new ConcurrentQueue<string>();
        var handler = new FakeStorageHandler();
        handler.Answer(HttpStatusCode.NotFound);
        handler.Answer(HttpStatusCode.BadRequest, "<Error><Code>PopReceiptMismatch</Code></Error>", ("x-ms-error-code", "PopReceiptMismatch"));
        var connection = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1";
        var table = new TableClient(connection, "redact", handler.Options());
        var queue = new QueueClient(connection, "redact", handler.Options());

        using (new AzureEventSourceListener((e, message) => lines.Enqueue(message + " " + string.Join(" ", e.Payload ?? [])), EventLevel.Verbose))
        {
            await table.GetEntityIfExistsAsync("p", "r");
            await queue.DeleteMessageAsync("m", "receipt+/=secretish");
        }

        var signatures = handler.Requests.Select(r => r.Authorization.Split(':')[1]).ToList();
        var log = string.Join("\n", lines);
        Assert.Contains("Authorization:REDACTED", log, StringComparison.Ordinal);
        Assert.Contains("x-ms-version:2025-11-05", log, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, log, StringComparison.Ordinal);
        Assert.All(signatures, s => Assert.DoesNotContain(s, log, StringComparison.Ordinal));
        Assert.DoesNotContain("SharedKey", log, StringComparison.Ordinal);
        Assert.DoesNotContain("secretish", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_authentication_failure_never_echoes_the_service_message_that_can_carry_the_signature()
    {
        var handler = new FakeStorageHandler();
        const string body =
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request. " +
            "The MAC signature found in the HTTP request 'c2lnbmF0dXJlLXNlY3JldA==' is not the same as any computed signature.</Message></Error>";
        handler.Answer(HttpStatusCode.Forbidden, body, ("x-ms-error-code", "AuthenticationFailed"), ("x-ms-request-id", "req-403"));
        var queue = new QueueClient("UseDevelopmentStorage=true", "redact", handler.Options());

        var ex = await Assert.ThrowsAsync<StorageRequestFailedException>(() => queue.SendMessageAsync("{}"));

        Assert.Equal(403, ex.Status);
        Assert.Equal("AuthenticationFailed", ex.ErrorCode);
        Assert.Equal("req-403", ex.RequestId);
        Assert.DoesNotContain("c2lnbmF0dXJlLXNlY3JldA==", ex.ToString(), StringComparison.Ordinal);
        Assert.False(ex.IsTransient);
    }

    [Theory]
    [InlineData("see https://a.blob.core.windows.net/c?sv=2020&sig=abc%2Fdef&se=1", "sig=abc")]
    [InlineData("header was SharedKey devstoreaccount1:AbCd+/==", "AbCd+/==")]
    [InlineData("header was SharedKeyLite acct:Zm9vYmFy", "Zm9vYmFy")]
    [InlineData("Bearer eyJhbGciOi.payload.sig", "eyJhbGciOi")]
    public void Text_for_people_is_scrubbed_of_signatures_SAS_and_tokens(string text, string secret)
    {
        Assert.DoesNotContain(secret, StorageResponses.Redact(text), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_service_messages_are_kept_short_and_scrubbed()
    {
        var handler = new FakeStorageHandler();
        handler.Answer(
            HttpStatusCode.BadRequest,
            "{\"odata.error\":{\"code\":\"InvalidInput\",\"message\":{\"lang\":\"en-US\",\"value\":\"Bad value near sig=leaked\\nRequestId:1\"}}}",
            ("x-ms-request-id", "req-400"));
        var table = new TableClient("UseDevelopmentStorage=true", "redact", handler.Options());

        var ex = await Assert.ThrowsAsync<StorageRequestFailedException>(() => table.UpsertEntityAsync(new TableEntity("p", "r")));

        Assert.Equal("InvalidInput", ex.ErrorCode);
        Assert.Contains("Bad value near sig=REDACTED", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("RequestId:1", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("leaked", ex.Message, StringComparison.Ordinal);
    }
}
