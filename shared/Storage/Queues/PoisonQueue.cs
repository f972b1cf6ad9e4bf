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

    /// <summary>
    /// Call after a failed attempt: true when that was the last allowed one (DequeueCount ≥ max, as the Functions
    /// QueueListener decides), or when the message cannot be decoded at all and would fail forever.
    /// </summary>
    public static bool ShouldMove(QueueMessage message, int maxDequeueCount = DefaultMaxDequeueCount)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Body is null || message.DequeueCount >= maxDequeueCount;
    }
}
