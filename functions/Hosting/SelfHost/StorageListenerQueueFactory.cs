using Azure.Identity;
using CreditFunctions.Storage;
using CreditFunctions.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace CreditFunctions.App.Hosting.SelfHost;

/// <summary>
/// Opens a queue function's queue with CreditFunctions.Storage's QueueClient, resolving the function.json
/// <c>connection</c> the way the Functions host does: a connection string in the setting itself (or under
/// ConnectionStrings), else identity-based <c>&lt;connection&gt;__queueServiceUri</c> or
/// <c>&lt;connection&gt;__accountName</c> with DefaultAzureCredential (azure-platform.md §5.5).
/// The client encodes and decodes with host.json messageEncoding, so both modes read the same wire format.
/// </summary>
internal sealed class StorageListenerQueueFactory(IConfiguration configuration, TimeProvider time) : IListenerQueueFactory
{
    public IListenerQueue Create(QueueFunction function, QueueSettings settings)
    {
        var options = new StorageClientOptions
        {
            TimeProvider = time,
            MessageEncoding = settings.MessageEncoding == QueueMessageEncoding.None
                ? Storage.QueueMessageEncoding.None
                : Storage.QueueMessageEncoding.Base64,
        };
        return new StorageListenerQueue(Open(function, options));
    }

    private QueueClient Open(QueueFunction function, StorageClientOptions options)
    {
        var connection = function.Connection;
        var connectionString = configuration[connection] is { Length: > 0 } direct ? direct : configuration.GetConnectionString(connection);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new QueueClient(connectionString, function.QueueName, options);
        }

        var section = configuration.GetSection(connection);
        var endpoint = section["queueServiceUri"] is { Length: > 0 } uri
            ? new Uri(uri)
            : section["accountName"] is { Length: > 0 } account
                ? new Uri($"https://{account}.queue.core.windows.net")
                : throw new InvalidOperationException(
                    $"Queue function {function.Name} names connection '{connection}', but neither '{connection}' nor '{connection}__queueServiceUri' / '{connection}__accountName' is set.");
        return new QueueClient(endpoint, function.QueueName, new DefaultAzureCredential(), options);
    }

    private sealed class StorageListenerQueue(QueueClient client) : IListenerQueue
    {
        public string Name => client.Name;

        public Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => client.CreateIfNotExistsAsync(cancellationToken);

        public async Task<IReadOnlyList<ListenerMessage>> ReceiveAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
        {
            var messages = await client.ReceiveMessagesAsync(Math.Min(maxMessages, QueueLimits.MaxReceiveCount), visibilityTimeout, cancellationToken);
            return messages
                .Select(m => new ListenerMessage(m.MessageId, m.PopReceipt, m.DequeueCount, m.InsertedOn, m.ExpiresOn, m.NextVisibleOn, m.MessageText, m.Body?.ToString()))
                .ToList();
        }

        public async Task<string?> UpdateVisibilityAsync(string messageId, string popReceipt, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
        {
            var result = await client.UpdateVisibilityAsync(messageId, popReceipt, visibilityTimeout, cancellationToken);
            return result.Succeeded ? result.PopReceipt : null;
        }

        public Task DeleteAsync(string messageId, string popReceipt, CancellationToken cancellationToken) =>
            client.DeleteMessageAsync(messageId, popReceipt, cancellationToken);

        public Task MoveToPoisonAsync(ListenerMessage message, string popReceipt, CancellationToken cancellationToken) =>
            client.MoveToPoisonAsync(
                new QueueMessage(message.MessageId, popReceipt, message.DequeueCount, message.InsertedOn, message.ExpiresOn, message.NextVisibleOn, message.WireText, null),
                client.GetPoisonQueueClient(),
                cancellationToken);
    }
}
