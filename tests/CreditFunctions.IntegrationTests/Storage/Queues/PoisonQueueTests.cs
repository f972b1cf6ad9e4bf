using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.Storage;
using CreditFunctions.Storage.Queues;

namespace CreditFunctions.IntegrationTests.Storage.Queues;

[Collection("Azurite")]
public sealed class PoisonQueueTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly QueueClient _queue = new(azurite.ConnectionString, StorageNames.Queue("pq"));

    public async Task InitializeAsync() => await _queue.CreateIfNotExistsAsync();

    public async Task DisposeAsync()
    {
        await _queue.DeleteIfExistsAsync();
        await _queue.GetPoisonQueueClient().DeleteIfExistsAsync();
    }

    [Fact]
    public async Task A_message_out_of_attempts_moves_verbatim_to_the_poison_queue()
    {
        await _queue.SendMessageAsync("""{"step":"post","doc":"cn-1"}""");
        QueueMessage? last = null;
        for (var attempt = 1; attempt <= PoisonQueue.DefaultMaxDequeueCount; attempt++)
        {
            last = Assert.Single(await _queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(1)));
            Assert.Equal(attempt, last.DequeueCount);
            Assert.Equal(attempt == PoisonQueue.DefaultMaxDequeueCount, PoisonQueue.ShouldMove(last));
            if (attempt < PoisonQueue.DefaultMaxDequeueCount)
            {
                await _queue.UpdateVisibilityAsync(last.MessageId, last.PopReceipt, TimeSpan.Zero);
            }
        }

        var poison = _queue.GetPoisonQueueClient();
        var moved = await _queue.MoveToPoisonAsync(last!, poison);

        Assert.Equal(QueueMessageOutcome.Succeeded, moved);
        Assert.Equal(0, await _queue.GetApproximateMessageCountAsync());
        var parked = Assert.Single(await poison.ReceiveMessagesAsync(1));
        Assert.Equal(last!.MessageText, parked.MessageText);
        Assert.Equal("""{"step":"post","doc":"cn-1"}""", parked.Body!.ToString());
    }

    [Fact]
    public async Task A_message_that_is_not_base64_is_received_without_a_body_and_is_poison()
    {
        var raw = new QueueClient(azurite.ConnectionString, _queue.Name, new StorageClientOptions { MessageEncoding = QueueMessageEncoding.None });
        await raw.SendMessageAsync("{not base64}");

        var received = Assert.Single(await _queue.ReceiveMessagesAsync(1));

        Assert.Null(received.Body);
        Assert.Equal("{not base64}", received.MessageText);
        Assert.True(PoisonQueue.ShouldMove(received));
    }
}
