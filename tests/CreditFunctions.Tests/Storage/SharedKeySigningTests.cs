using System.Net;
using Azure.Core.Pipeline;
using CreditFunctions.Storage;
using CreditFunctions.Storage.Queues;
using CreditFunctions.Storage.Tables;
using CreditFunctions.TestSupport;

namespace CreditFunctions.Tests.Storage;

/// <summary>
/// Known answers. The expected strings were written by hand from azure-platform.md §3.1/§7.2 and the expected
/// signatures computed outside .NET (openssl dgst -sha256 -mac HMAC with the devstoreaccount1 key), not by this code.
/// </summary>
public sealed class SharedKeySigningTests
{
    private const string Account = "devstoreaccount1";
    private static readonly DateTimeOffset Instant = new(2026, 11, 22, 0, 43, 22, TimeSpan.Zero);

    [Fact]
    public void Dates_are_RFC1123_in_GMT_whatever_the_offset()
    {
        Assert.Equal("Sun, 22 Nov 2026 00:43:22 GMT", SharedKeyStrings.FormatDate(Instant));
        Assert.Equal("Sun, 22 Nov 2026 00:43:22 GMT", SharedKeyStrings.FormatDate(Instant.ToOffset(TimeSpan.FromHours(10))));
        Assert.Equal("Mon, 02 Feb 2026 03:04:05 GMT", SharedKeyStrings.FormatDate(new DateTimeOffset(2026, 2, 2, 3, 4, 5, 999, TimeSpan.Zero)));
    }

    [Fact]
    public async Task Queue_put_message_is_signed_with_SharedKey_over_the_full_canonical_string()
    {
        var handler = new FakeStorageHandler();
        handler.Answer(HttpStatusCode.Created, SentXml);
        var queue = new QueueClient("UseDevelopmentStorage=true", "q01", handler.Options(new ManualTimeProvider(Instant)));

        using (HttpPipeline.CreateClientRequestIdScope("kat-1"))
        {
            await queue.SendMessageAsync("{}", TimeSpan.FromSeconds(2), TimeSpan.FromHours(1));
        }

        var sent = Assert.Single(handler.Requests);
        const string expected =
            "POST\n\n\n60\n\napplication/xml\n\n\n\n\n\n\n" +
            "x-ms-client-request-id:kat-1\nx-ms-date:Sun, 22 Nov 2026 00:43:22 GMT\nx-ms-return-client-request-id:true\nx-ms-version:2025-11-05\n" +
            "/devstoreaccount1/devstoreaccount1/q01/messages\nmessagettl:3600\nvisibilitytimeout:2";
        Assert.Equal(expected, QueueStringToSign(sent));
        Assert.Equal("SharedKey devstoreaccount1:prJvbhXv1CyVcbA8PzwI7XTWABIONLPYy+Dzrc/wdEs=", sent.Authorization);
        Assert.Equal("<QueueMessage><MessageText>e30=</MessageText></QueueMessage>", System.Text.Encoding.UTF8.GetString(sent.Body));
        Assert.Equal("application/xml", sent.Headers["Content-Type"]);
        Assert.False(sent.Headers.ContainsKey("Date"));
    }

    [Fact]
    public async Task Queue_pop_receipts_are_percent_encoded_on_the_wire_and_signed_decoded()
    {
        var handler = new FakeStorageHandler();
        handler.Answer(HttpStatusCode.NoContent);
        var queue = new QueueClient("UseDevelopmentStorage=true", "q01", handler.Options(new ManualTimeProvider(Instant)));

        using (HttpPipeline.CreateClientRequestIdScope("kat-2"))
        {
            await queue.DeleteMessageAsync("msg-1", "AgAAAAMAAAAAAAAA+/x=");
        }

        var sent = Assert.Single(handler.Requests);

        // A '+' left unescaped would reach Azure as a space (azure-platform.md §7.4 pitfall 5).
        Assert.EndsWith("popreceipt=AgAAAAMAAAAAAAAA%2B%2Fx%3D", sent.Uri.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal("SharedKey devstoreaccount1:hVMa1ZMTtWDjpI0gfM/CpfCGt5Ah0t9jvAc8kWAmov4=", sent.Authorization);
    }

    [Fact]
    public async Task Table_point_read_is_signed_with_SharedKeyLite_over_date_and_encoded_resource()
    {
        var handler = new FakeStorageHandler();
        handler.Answer(HttpStatusCode.NotFound);
        var table = new TableClient("UseDevelopmentStorage=true", "t01", handler.Options(new ManualTimeProvider(Instant)));

        await table.GetEntityIfExistsAsync("keys", "O'Brien");

        var sent = Assert.Single(handler.Requests);
        Assert.Equal("/devstoreaccount1/t01(PartitionKey='keys',RowKey='O%27%27Brien')", sent.Uri.AbsolutePath);
        Assert.Equal("SharedKeyLite devstoreaccount1:iL4EizxqPeKWJ5NjjsRllVNuFTQTG8ltM6BAKHYP1fM=", sent.Authorization);
        Assert.Equal("Sun, 22 Nov 2026 00:43:22 GMT", sent.Headers["x-ms-date"]);
        Assert.Equal("2025-11-05", sent.Headers["x-ms-version"]);
        Assert.Equal("application/json;odata=minimalmetadata", sent.Headers["Accept"].Replace(" ", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Table_query_parameters_are_not_part_of_the_SharedKeyLite_resource()
    {
        var handler = new FakeStorageHandler();
        handler.Answer(HttpStatusCode.Created);
        var table = new TableClient("UseDevelopmentStorage=true", "t01", handler.Options(new ManualTimeProvider(Instant)));

        await table.CreateIfNotExistsAsync();

        // "Sun, 22 Nov 2026 00:43:22 GMT\n/devstoreaccount1/devstoreaccount1/Tables"
        Assert.Equal("SharedKeyLite devstoreaccount1:mW3OOcIFs7fYbhyHLvVwwShrkaVWnZEXKgE5zm+NUQY=", Assert.Single(handler.Requests).Authorization);
    }

    [Fact]
    public void SharedKeyLite_keeps_comp_and_drops_every_other_query_parameter()
    {
        var uri = new Uri("http://127.0.0.1:10002/devstoreaccount1/t01()?$filter=PartitionKey%20eq%20%27a%27&comp=list&NextPartitionKey=abc%3D");

        Assert.Equal(
            "D\n/devstoreaccount1/devstoreaccount1/t01()?comp=list",
            SharedKeyStrings.ForTableLite("D", Account, uri));
    }

    [Fact]
    public void Queue_canonicalization_lowercases_sorts_trims_and_joins_repeated_query_values()
    {
        var headers = new Dictionary<string, string>
        {
            ["X-MS-Version"] = "2025-11-05",
            ["x-ms-date"] = "D",
            ["x-ms-meta-Zeta"] = "  z  ",
            ["x-ms-meta-alpha"] = "a",
            ["Content-Type"] = "application/xml",
            ["If-Match"] = "*",
            ["User-Agent"] = "ignored",
        };
        var uri = new Uri("http://127.0.0.1:10001/devstoreaccount1/q01?restype=x&COMP=metadata&tag=b&tag=a&empty=");

        var text = SharedKeyStrings.ForQueue("PUT", 0, n => headers.GetValueOrDefault(n), headers, Account, uri);

        Assert.Equal(
            "PUT\n\n\n\n\napplication/xml\n\n\n*\n\n\n\n" +
            "x-ms-date:D\nx-ms-meta-alpha:a\nx-ms-meta-zeta:z\nx-ms-version:2025-11-05\n" +
            "/devstoreaccount1/devstoreaccount1/q01\ncomp:metadata\nempty:\nrestype:x\ntag:a,b",
            text);
    }

    [Fact]
    public async Task A_retried_request_is_re_signed_with_a_fresh_date()
    {
        var time = new ManualTimeProvider(Instant);
        var handler = new FakeStorageHandler { OnRequest = () => time.Advance(TimeSpan.FromSeconds(7)) };
        handler.Answer(HttpStatusCode.ServiceUnavailable, "<Error><Code>ServerBusy</Code></Error>");
        handler.Answer(HttpStatusCode.InternalServerError, "<Error><Code>OperationTimedOut</Code></Error>");
        handler.Answer(HttpStatusCode.Created, SentXml);
        var queue = new QueueClient("UseDevelopmentStorage=true", "q01", handler.Options(time));

        var receipt = await queue.SendMessageAsync("{}");

        Assert.Equal("m1", receipt.MessageId);
        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(3, handler.Requests.Select(r => r.Headers["x-ms-date"]).Distinct().Count());
        Assert.Equal(3, handler.Requests.Select(r => r.Authorization).Distinct().Count());
        Assert.Equal("Sun, 22 Nov 2026 00:43:36 GMT", handler.Requests[2].Headers["x-ms-date"]);
    }

    [Fact]
    public async Task Transient_faults_that_outlive_the_retries_surface_as_a_transient_storage_exception()
    {
        var handler = new FakeStorageHandler();
        for (var i = 0; i < 10; i++)
        {
            handler.Answer(HttpStatusCode.ServiceUnavailable, "<?xml version=\"1.0\"?><Error><Code>ServerBusy</Code><Message>Busy.</Message></Error>", ("x-ms-request-id", "req-9"));
        }

        var queue = new QueueClient("UseDevelopmentStorage=true", "q01", handler.Options());

        var ex = await Assert.ThrowsAsync<StorageRequestFailedException>(() => queue.SendMessageAsync("{}"));

        Assert.Equal(6, handler.Requests.Count);
        Assert.Equal(503, ex.Status);
        Assert.Equal("ServerBusy", ex.ErrorCode);
        Assert.Equal("req-9", ex.RequestId);
        Assert.True(ex.IsTransient);
    }

    private const string SentXml =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><QueueMessagesList><QueueMessage><MessageId>m1</MessageId>" +
        "<InsertionTime>Sun, 22 Nov 2026 00:43:22 GMT</InsertionTime><ExpirationTime>Sun, 22 Nov 2026 01:43:22 GMT</ExpirationTime>" +
        "<PopReceipt>r1</PopReceipt><TimeNextVisible>Sun, 22 Nov 2026 00:43:24 GMT</TimeNextVisible></QueueMessage></QueueMessagesList>";

    /// <summary>Rebuilds the string from the captured wire request by the spec's recipe, independently of the client's code.</summary>
    private static string QueueStringToSign(CapturedRequest r)
    {
        string H(string name) => r.Headers.GetValueOrDefault(name) ?? string.Empty;
        var msHeaders = r.Headers
            .Where(h => h.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            .OrderBy(h => h.Key.ToLowerInvariant(), StringComparer.Ordinal)
            .Select(h => h.Key.ToLowerInvariant() + ":" + h.Value + "\n");
        var query = r.Uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('='))
            .OrderBy(p => p[0], StringComparer.Ordinal)
            .Select(p => "\n" + p[0] + ":" + Uri.UnescapeDataString(p[1]));
        return $"{r.Method}\n{H("Content-Encoding")}\n{H("Content-Language")}\n{(r.Body.Length > 0 ? r.Body.Length : string.Empty)}\n{H("Content-MD5")}\n{H("Content-Type")}\n\n\n\n\n\n\n"
            + string.Concat(msHeaders) + "/" + Account + r.Uri.AbsolutePath + string.Concat(query);
    }
}
