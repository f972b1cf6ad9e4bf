using System.Net;
using Azure.Core;
using CreditFunctions.Storage;
using CreditFunctions.Storage.Queues;
using CreditFunctions.Storage.Tables;

namespace CreditFunctions.Tests.Storage;

public sealed class StorageClientOptionsTests
{
    [Fact]
    public void Defaults_are_exponential_retries_the_pinned_version_and_base64_messages()
    {
        var options = new StorageClientOptions();

        Assert.Equal(RetryMode.Exponential, options.Retry.Mode);
        Assert.Equal(5, options.Retry.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Retry.NetworkTimeout);
        Assert.Equal("2025-11-05", options.ServiceVersion);
        Assert.Equal(QueueMessageEncoding.Base64, options.MessageEncoding);
        Assert.Same(TimeProvider.System, options.TimeProvider);
        Assert.DoesNotContain("Authorization", options.Diagnostics.LoggedHeaderNames, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain("popreceipt", options.Diagnostics.LoggedQueryParameters, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_network_failure_that_outlives_the_retries_is_a_transient_status_0_exception()
    {
        var handler = new ThrowingHandler();
        var options = new StorageClientOptions { Transport = new Azure.Core.Pipeline.HttpClientTransport(new HttpClient(handler)) };
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        var table = new TableClient("UseDevelopmentStorage=true", "nettest", options);

        var ex = await Assert.ThrowsAsync<StorageRequestFailedException>(() => table.GetEntityIfExistsAsync("p", "r"));

        Assert.Equal(3, handler.Calls);
        Assert.Equal(0, ex.Status);
        Assert.True(ex.IsTransient);
        Assert.IsAssignableFrom<Exception>(ex.InnerException);
    }

    [Fact]
    public async Task A_request_that_never_answers_times_out_into_a_transient_storage_exception()
    {
        var handler = new HangingHandler();
        var options = new StorageClientOptions { Transport = new Azure.Core.Pipeline.HttpClientTransport(new HttpClient(handler)) };
        options.Retry.MaxRetries = 1;
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        options.Retry.NetworkTimeout = TimeSpan.FromMilliseconds(50);
        var queue = new QueueClient("UseDevelopmentStorage=true", "hangs", options);

        var ex = await Assert.ThrowsAsync<StorageRequestFailedException>(() => queue.GetApproximateMessageCountAsync());

        Assert.Equal(2, handler.Calls);
        Assert.Equal(0, ex.Status);
        Assert.True(ex.IsTransient);
        Assert.Contains("timed out", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_call_throws_OperationCanceledException_not_a_storage_failure()
    {
        var handler = new FakeStorageHandler();
        var queue = new QueueClient("UseDevelopmentStorage=true", "cancelled", handler.Options());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queue.ReceiveMessagesAsync(1, null, cancelled.Token));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Argument_limits_are_checked_before_any_request()
    {
        var handler = new FakeStorageHandler();
        var queue = new QueueClient("UseDevelopmentStorage=true", "limits", handler.Options());
        var table = new TableClient("UseDevelopmentStorage=true", "limits", handler.Options());

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveMessagesAsync(33));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.SendMessageAsync("{}", TimeSpan.FromDays(8)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.SendMessageAsync("{}", TimeSpan.FromHours(2), TimeSpan.FromHours(1)));
        await Assert.ThrowsAsync<ArgumentException>(() => table.AddEntityAsync(new TableEntity("p", "a#b")));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => table.QueryPageAsync(maxPerPage: 1001));
        Assert.Empty(handler.Requests);
    }

    private sealed class HangingHandler : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }

    private sealed class ThrowingHandler : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            throw new HttpRequestException("Connection refused (127.0.0.1:10002)", null, HttpStatusCode.ServiceUnavailable);
        }
    }
}
