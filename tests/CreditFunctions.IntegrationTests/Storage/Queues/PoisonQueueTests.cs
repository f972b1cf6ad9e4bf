using Azure.Storage.Queues;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.Storage.Queues;

namespace CreditFunctions.IntegrationTests.Storage.Queues;

[Collection("Azurite")]
public sealed class PoisonQueueTests : IAsyncLifetime
{
    private readonly QueueClient _queue = TestStorage.Clients.GetQueueClient(StorageNames.Queue("pq"));

    public async Task InitializeAsync() => await _queue.CreateIfNotExistsAsync();

    public async Task DisposeAsync()
    {
        await _queue.DeleteIfExistsAsync();
        await _queue.GetPoisonQueueClient().DeleteIfExistsAsync();
    }

    [Fact]
    public async Task A_message_moves_with_its_wire_text_to_the_poison_queue_that_never_expires_it()
    {
        await _queue.SendMessageAsync("""{"step":"post","doc":"cn-1"}""");
        var wireBefore = Assert.Single((await Raw(_queue.Name).PeekMessagesAsync()).Value).Body.ToString();
        var received = Assert.Single((await _queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(1))).Value);

        var moved = await _queue.MoveToPoisonAsync(received.MessageId, received.PopReceipt, received.Body);

        Assert.Equal(QueueMessageOutcome.Succeeded, moved);
        Assert.Equal(0, await _queue.ApproximateCountAsync());
        var poison = _queue.GetPoisonQueueClient();
        Assert.Equal(_queue.Name + "-poison", poison.Name);
        var wireAfter = Assert.Single((await Raw(poison.Name).PeekMessagesAsync()).Value).Body.ToString();
        Assert.Equal(wireBefore, wireAfter);
        var parked = Assert.Single((await poison.ReceiveMessagesAsync(1)).Value);
        Assert.Equal("""{"step":"post","doc":"cn-1"}""", parked.Body.ToString());
        Assert.Equal(9999, parked.ExpiresOn!.Value.Year);
    }

    [Fact]
    public async Task A_stale_receipt_still_leaves_a_copy_in_the_poison_queue_at_least_once()
    {
        await _queue.SendMessageAsync("{}");
        var received = Assert.Single((await _queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(1))).Value);
        var renewed = await _queue.TryUpdateVisibilityAsync(received.MessageId, received.PopReceipt, TimeSpan.FromMinutes(1));

        var moved = await _queue.MoveToPoisonAsync(received.MessageId, received.PopReceipt, received.Body);

        Assert.True(renewed.Succeeded);
        Assert.Equal(QueueMessageOutcome.PopReceiptMismatch, moved);
        Assert.Equal(1, await _queue.ApproximateCountAsync());
        Assert.Equal(1, await _queue.GetPoisonQueueClient().ApproximateCountAsync());
    }

    private static QueueClient Raw(string name) => TestStorage.Clients.GetQueueClient(name, QueueMessageEncoding.None);
}
