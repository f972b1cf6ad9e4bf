using Azure;
using Azure.Storage.Queues;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.Storage.Queues;

namespace CreditFunctions.IntegrationTests.Storage.Queues;

/// <summary>The SDK's QueueClient as the app builds it (base64), with pop-receipt outcomes as values (QueueOutcomes), on Azurite.</summary>
[Collection("Azurite")]
public sealed class QueueClientTests : IAsyncLifetime
{
    private readonly QueueClient _queue = TestStorage.Clients.GetQueueClient(StorageNames.Queue("qc"));

    public async Task InitializeAsync() => await _queue.CreateIfNotExistsAsync();

    public async Task DisposeAsync() => await _queue.DeleteIfExistsAsync();

    [Fact]
    public async Task A_message_goes_on_the_wire_as_base64_of_its_UTF8_JSON_and_comes_back_decoded()
    {
        const string json = """{"documentId":"cn-1","amount":"12.50","note":"ü"}""";
        var sent = (await _queue.SendMessageAsync(json)).Value;

        var wire = Assert.Single((await TestStorage.Clients.GetQueueClient(_queue.Name, QueueMessageEncoding.None).PeekMessagesAsync(1)).Value);
        var received = Assert.Single((await _queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30))).Value);

        Assert.Equal(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)), wire.Body.ToString());
        Assert.Equal(sent.MessageId, received.MessageId);
        Assert.Equal(json, received.Body.ToString());
        Assert.Equal(1, received.DequeueCount);
    }

    [Fact]
    public async Task Receive_update_and_delete_cycle_uses_the_newest_pop_receipt()
    {
        await _queue.SendMessageAsync("{}");
        var received = Assert.Single((await _queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30))).Value);

        var updated = await _queue.TryUpdateVisibilityAsync(received.MessageId, received.PopReceipt, TimeSpan.FromSeconds(60));
        Assert.True(updated.Succeeded);
        Assert.NotEqual(received.PopReceipt, updated.PopReceipt);
        Assert.NotNull(updated.NextVisibleOn);

        var stale = await _queue.TryDeleteMessageAsync(received.MessageId, received.PopReceipt);
        Assert.Equal(QueueMessageOutcome.PopReceiptMismatch, stale);

        var deleted = await _queue.TryDeleteMessageAsync(received.MessageId, updated.PopReceipt!);
        Assert.Equal(QueueMessageOutcome.Succeeded, deleted);

        var again = await _queue.TryDeleteMessageAsync(received.MessageId, updated.PopReceipt!);
        Assert.Equal(QueueMessageOutcome.NotFound, again);
        var updateGone = await _queue.TryUpdateVisibilityAsync(received.MessageId, updated.PopReceipt!, TimeSpan.Zero);
        Assert.Equal(QueueMessageOutcome.NotFound, updateGone.Outcome);
    }

    [Fact]
    public async Task Updating_with_a_stale_pop_receipt_is_a_value()
    {
        await _queue.SendMessageAsync("{}");
        var received = Assert.Single((await _queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30))).Value);
        var updated = await _queue.TryUpdateVisibilityAsync(received.MessageId, received.PopReceipt, TimeSpan.FromSeconds(30));

        var stale = await _queue.TryUpdateVisibilityAsync(received.MessageId, received.PopReceipt, TimeSpan.FromSeconds(30));

        Assert.True(updated.Succeeded);
        Assert.Equal(QueueMessageOutcome.PopReceiptMismatch, stale.Outcome);
    }

    [Fact]
    public async Task A_visibility_update_leaves_the_body_alone_and_a_zero_update_makes_the_message_visible_again()
    {
        await _queue.SendMessageAsync("""{"keep":"me"}""");
        var first = Assert.Single((await _queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(5))).Value);

        Assert.Empty((await _queue.ReceiveMessagesAsync(1)).Value);

        var released = await _queue.TryUpdateVisibilityAsync(first.MessageId, first.PopReceipt, TimeSpan.Zero);
        Assert.True(released.Succeeded);
        var second = Assert.Single((await _queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(5))).Value);
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal(2, second.DequeueCount);
        Assert.Equal("""{"keep":"me"}""", second.Body.ToString());
    }

    [Fact]
    public async Task A_delayed_message_is_not_receivable_yet_and_one_sent_to_never_expire_does_not()
    {
        var delayed = (await _queue.SendMessageAsync("{}", visibilityTimeout: TimeSpan.FromMinutes(10), timeToLive: TimeSpan.FromHours(1))).Value;
        var forever = (await _queue.SendMessageAsync("{}", visibilityTimeout: TimeSpan.FromMinutes(10), timeToLive: QueueLimits.NeverExpires)).Value;

        Assert.Empty((await _queue.ReceiveMessagesAsync(32)).Value);
        Assert.True(delayed.TimeNextVisible >= delayed.InsertionTime.AddMinutes(10).AddSeconds(-1));
        Assert.True(delayed.ExpirationTime <= delayed.InsertionTime.AddHours(1).AddSeconds(1));
        Assert.Equal(9999, forever.ExpirationTime.Year);
        Assert.Equal(2, await _queue.ApproximateCountAsync());
    }

    [Fact]
    public async Task Operations_on_a_missing_queue_are_the_SDK_exception_not_a_value()
    {
        var missing = TestStorage.Clients.GetQueueClient(StorageNames.Queue("missing"));

        var send = await Assert.ThrowsAsync<RequestFailedException>(() => missing.SendMessageAsync("{}"));
        var delete = await Assert.ThrowsAsync<RequestFailedException>(() => missing.TryDeleteMessageAsync("00000000-0000-0000-0000-000000000000", "AAAAAAAAAAAAAAAAAAAAAA=="));

        Assert.Equal((404, "QueueNotFound"), (send.Status, send.ErrorCode));
        Assert.Equal((404, "QueueNotFound"), (delete.Status, delete.ErrorCode));
        Assert.NotNull(send.GetRawResponse()?.Headers.RequestId);
    }
}
