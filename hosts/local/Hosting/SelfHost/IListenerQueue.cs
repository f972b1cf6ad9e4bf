namespace CreditFunctions.LocalHost.Hosting.SelfHost;

/// <summary>
/// The queue operations a self-hosted listener needs, narrowed from Azure.Storage.Queues' QueueClient so the
/// listener's semantics can be read (and tested) apart from the REST client.
/// </summary>
internal interface IListenerQueue
{
    string Name { get; }

    Task CreateIfNotExistsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<ListenerMessage>> ReceiveAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken);

    /// <summary>Makes the message invisible for <paramref name="visibilityTimeout"/> from now; the new pop receipt, or null when the message is gone or received by someone else.</summary>
    Task<string?> UpdateVisibilityAsync(string messageId, string popReceipt, TimeSpan visibilityTimeout, CancellationToken cancellationToken);

    Task DeleteAsync(string messageId, string popReceipt, CancellationToken cancellationToken);

    /// <summary>Copies the wire text verbatim to <c>&lt;queue&gt;-poison</c>, then deletes the original.</summary>
    Task MoveToPoisonAsync(ListenerMessage message, string popReceipt, CancellationToken cancellationToken);
}

/// <summary>
/// A received message: <see cref="WireText"/> is what the queue holds (copied verbatim to the poison queue);
/// <see cref="Text"/> is it decoded per host.json messageEncoding, null when it cannot be decoded (such a message
/// could never bind in the Functions host either: azure-platform.md §1.4).
/// </summary>
internal sealed record ListenerMessage(
    string MessageId,
    string PopReceipt,
    long DequeueCount,
    DateTimeOffset? InsertedOn,
    DateTimeOffset? ExpiresOn,
    DateTimeOffset? NextVisibleOn,
    string WireText,
    string? Text);

/// <summary>Opens the queue of a queue function using the connection its trigger names (functions.metadata).</summary>
internal interface IListenerQueueFactory
{
    IListenerQueue Create(QueueFunction function, QueueSettings settings);
}
