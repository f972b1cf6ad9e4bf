using Azure.Storage.Queues;
using Azure.Storage.Queues.Specialized;

namespace CreditFunctions.Storage.Queues;

/// <summary>
/// The Functions convention for messages that keep failing: after <c>maxDequeueCount</c> attempts (default 5,
/// including the first) a message goes to <c>&lt;queue&gt;-poison</c> (azure-platform.md §1.4). The self-hosted
/// listeners use the same rule so both hosting modes behave alike.
/// </summary>
public static class PoisonQueue
{
    /// <summary>host.json <c>extensions.queues.maxDequeueCount</c> default.</summary>
    public const int DefaultMaxDequeueCount = 5;

    private const string Suffix = "-poison";

    /// <summary><c>&lt;queue&gt;-poison</c>; the source name must leave room for the suffix within 63 characters.</summary>
    public static string NameFor(string queueName)
    {
        QueueLimits.ValidateQueueName(queueName);
        var name = queueName + Suffix;
        QueueLimits.ValidateQueueName(name);
        return name;
    }

    /// <summary>The <c>&lt;queue&gt;-poison</c> queue: same account, options and message encoding.</summary>
    public static QueueClient GetPoisonQueueClient(this QueueClient queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        return queue.GetParentQueueServiceClient().GetQueueClient(NameFor(queue.Name));
    }

    /// <summary>
    /// Copies <paramref name="body"/> into the poison queue (created if absent; never expires), then deletes the
    /// original. Sent through a client with the source's encoding, the copy's wire text is the original's. At least
    /// once: a crash between the two leaves a copy in both queues, as the Functions host's own CopyToPoisonQueueAsync
    /// does. Returns the delete's outcome.
    /// </summary>
    public static async Task<QueueMessageOutcome> MoveToPoisonAsync(
        this QueueClient queue, string messageId, string popReceipt, BinaryData body, CancellationToken cancellationToken = default)
    {
        var poison = queue.GetPoisonQueueClient();
        await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await poison.SendMessageAsync(body, timeToLive: QueueLimits.NeverExpires, cancellationToken: cancellationToken);
        return await queue.TryDeleteMessageAsync(messageId, popReceipt, cancellationToken);
    }
}
