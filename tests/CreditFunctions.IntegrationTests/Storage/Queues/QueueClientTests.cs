using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.Storage;
using CreditFunctions.Storage.Queues;

namespace CreditFunctions.IntegrationTests.Storage.Queues;

[Collection("Azurite")]
public sealed class QueueClientTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly QueueClient _queue = new(azurite.ConnectionString, StorageNames.Queue("qc"));

    public async Task InitializeAsync() => Assert.True(await _queue.CreateIfNotExistsAsync());

    public async Task DisposeAsync() => await _queue.DeleteIfExistsAsync();

    [Fact]
    public async Task Creating_an_existing_queue_reports_false()
    {
        Assert.False(await _queue.CreateIfNotExistsAsync());
    }

    [Fact]
    public async Task A_message_goes_on_the_wire_as_base64_of_its_UTF8_JSON_and_comes_back_decoded()
    {
        const string json = """{"documentId":"cn-1","amount":"12.50","note":"ü"}""";
        var sent = await _queue.SendMessageAsync(json);

        var received = Assert.Single(await _queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30)));

        Assert.Equal(sent.MessageId, received.MessageId);
        Assert.Equal(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)), received.MessageText);
        Assert.Equal(json, received.Body!.ToString());
        Assert.Equal(1, received.DequeueCount);
    }

    [Fact]
    public async Task Receive_update_and_delete_cycle_uses_the_newest_pop_receipt()
    {
        await _queue.SendMessageAsync("{}");
        var received = Assert.Single(await _queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30)));

        var updated = await _queue.UpdateVisibilityAsync(received.MessageId, received.PopReceipt, TimeSpan.FromSeconds(60));
        Assert.True(updated.Succeeded);
        Assert.NotEqual(received.PopReceipt, updated.PopReceipt);
        Assert.NotNull(updated.NextVisibleOn);

        var stale = await _queue.DeleteMessageAsync(received.MessageId, received.PopReceipt);
        Assert.Equal(QueueMessageOutcome.PopReceiptMismatch, stale);

        var deleted = await _queue.DeleteMessageAsync(received.MessageId, updated.PopReceipt!);
        Assert.Equal(QueueMessageOutcome.Succeeded, deleted);

        var again = await _queue.DeleteMessageAsync(received.MessageId, updated.PopReceipt!);
        Assert.Equal(QueueMessageOutcome.NotFound, again);
        var updateGone = await _queue.UpdateVisibilityAsync(received.MessageId, updated.PopReceipt!, TimeSpan.Zero);
        Assert.Equal(QueueMessageOutcome.NotFound, updateGone.Outcome);
    }

    [Fact]
    public async Task Updating_with_a_stale_pop_receipt_is_a_value()
    {
        await _queue.SendMessageAsync("{}");
        var received = Assert.Single(await _queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30)));
        var updated = await _queue.UpdateVisibilityAsync(received.MessageId, received.PopReceipt, TimeSpan.FromSeconds(30));

        var stale = await _queue.UpdateVisibilityAsync(received.MessageId, received.PopReceipt, TimeSpan.FromSeconds(30));

        Assert.True(updated.Succeeded);
        Assert.Equal(QueueMessageOutcome.PopReceiptMismatch, stale.Outcome);
    }

    [Fact]
    public async Task A_received_message_is_hidden_until_its_visibility_timeout_and_visible_again_after_a_zero_update()
    {
        await _queue.SendMessageAsync("{}");
        var first = Assert.Single(await _queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(5)));

        Assert.Empty(await _queue.ReceiveMessagesAsync(1));

        var released = await _queue.UpdateVisibilityAsync(first.MessageId, first.PopReceipt, TimeSpan.Zero);
        Assert.True(released.Succeeded);
        var second = Assert.Single(await _queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(5)));
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal(2, second.DequeueCount);
    }

    [Fact]
    public async Task A_delayed_message_is_not_receivable_yet()
    {
        var receipt = await _queue.SendMessageAsync("{}", visibilityDelay: TimeSpan.FromMinutes(10), timeToLive: TimeSpan.FromHours(1));

        Assert.Empty(await _queue.ReceiveMessagesAsync(32));
        Assert.True(receipt.NextVisibleOn >= receipt.InsertedOn.AddMinutes(10).AddSeconds(-1));
        Assert.True(receipt.ExpiresOn <= receipt.InsertedOn.AddHours(1).AddSeconds(1));
        Assert.Equal(1, await _queue.GetApproximateMessageCountAsync());
    }

    [Fact]
    public async Task A_message_with_infinite_TTL_never_expires()
    {
        var receipt = await _queue.SendMessageAsync("{}", timeToLive: Timeout.InfiniteTimeSpan);

        Assert.Equal(9999, receipt.ExpiresOn.Year);
    }

    [Fact]
    public async Task Receive_returns_up_to_32_messages_at_once()
    {
        for (var i = 0; i < 35; i++)
        {
            await _queue.SendMessageAsync($"{{\"n\":{i}}}");
        }

        var batch = await _queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1));

        Assert.Equal(32, batch.Count);
        Assert.Equal(32, batch.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task Approximate_count_follows_sends_and_deletes()
    {
        Assert.Equal(0, await _queue.GetApproximateMessageCountAsync());
        await _queue.SendMessageAsync("{}");
        await _queue.SendMessageAsync("{}");
        Assert.Equal(2, await _queue.GetApproximateMessageCountAsync());

        var m = (await _queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(1)))[0];
        await _queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);

        Assert.Equal(1, await _queue.GetApproximateMessageCountAsync());
    }

    [Fact]
    public async Task A_message_over_64_KiB_encoded_is_refused_before_sending()
    {
        var justFits = new string('a', QueueLimits.MaxBase64BodyBytes);
        var tooBig = new string('a', QueueLimits.MaxBase64BodyBytes + 1);

        await _queue.SendMessageAsync(justFits);
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => _queue.SendMessageAsync(tooBig));

        Assert.Contains("64 KiB", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, await _queue.GetApproximateMessageCountAsync());
    }

    [Fact]
    public async Task Operations_on_a_missing_queue_throw_the_storage_exception()
    {
        var missing = new QueueClient(azurite.ConnectionString, StorageNames.Queue("missing"));

        var ex = await Assert.ThrowsAsync<StorageRequestFailedException>(() => missing.SendMessageAsync("{}"));

        Assert.Equal(404, ex.Status);
        Assert.Equal("QueueNotFound", ex.ErrorCode);
        Assert.NotNull(ex.RequestId);
    }
}
