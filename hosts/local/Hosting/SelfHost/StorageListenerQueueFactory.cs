using System.Collections.Concurrent;
using Azure.Storage.Queues;
using CreditFunctions.Storage;
using CreditFunctions.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace CreditFunctions.LocalHost.Hosting.SelfHost;

/// <summary>
/// Opens a queue function's queue with Azure.Storage.Queues, resolving the trigger's <c>connection</c> the way the
/// Functions host does (<see cref="StorageConnection"/>). The client reads the wire text as is
/// (<see cref="Azure.Storage.Queues.QueueMessageEncoding.None"/>) and the listener decodes it per host.json
/// messageEncoding, so a message that is not valid base64 is still received (and poisoned) instead of failing the
/// whole receive, and the poison copy is the original wire text.
/// </summary>
internal sealed class StorageListenerQueueFactory(IConfiguration configuration) : IListenerQueueFactory
{
    // One set of clients per connection name: functions sharing a connection share its pipelines.
    private readonly ConcurrentDictionary<string, StorageClients> _connections = new(StringComparer.OrdinalIgnoreCase);

    public IListenerQueue Create(QueueFunction function, QueueSettings settings)
    {
        var clients = _connections.GetOrAdd(function.Connection, name => StorageConnection.Open(configuration, name));
        return new StorageListenerQueue(
            clients.GetQueueClient(function.QueueName, Azure.Storage.Queues.QueueMessageEncoding.None),
            settings.MessageEncoding == QueueMessageEncoding.Base64);
    }

    private sealed class StorageListenerQueue(QueueClient client, bool base64) : IListenerQueue
    {
        public string Name => client.Name;

        public Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => client.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

        public async Task<IReadOnlyList<ListenerMessage>> ReceiveAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
        {
            var messages = (await client.ReceiveMessagesAsync(Math.Min(maxMessages, QueueLimits.MaxReceiveCount), QueueLimits.WholeSeconds(visibilityTimeout), cancellationToken)).Value;
            return messages
                .Select(m =>
                {
                    var wire = m.Body.ToString();
                    return new ListenerMessage(m.MessageId, m.PopReceipt, m.DequeueCount, m.InsertedOn, m.ExpiresOn, m.NextVisibleOn, wire, base64 ? DecodeBase64(wire) : wire);
                })
                .ToList();
        }

        public async Task<string?> UpdateVisibilityAsync(string messageId, string popReceipt, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
        {
            var result = await client.TryUpdateVisibilityAsync(messageId, popReceipt, visibilityTimeout, cancellationToken);
            return result.Succeeded ? result.PopReceipt : null;
        }

        public Task DeleteAsync(string messageId, string popReceipt, CancellationToken cancellationToken) =>
            client.TryDeleteMessageAsync(messageId, popReceipt, cancellationToken);

        public Task MoveToPoisonAsync(ListenerMessage message, string popReceipt, CancellationToken cancellationToken) =>
            client.MoveToPoisonAsync(message.MessageId, popReceipt, BinaryData.FromString(message.WireText), cancellationToken);

        /// <summary>The UTF-8 text the base64 carries; null when it is not base64 (the Functions host could not bind it either).</summary>
        private static string? DecodeBase64(string text)
        {
            var buffer = new byte[text.Length];
            return Convert.TryFromBase64String(text, buffer, out var written) ? System.Text.Encoding.UTF8.GetString(buffer, 0, written) : null;
        }
    }
}
