using CreditFunctions.LocalHost.Hosting.SelfHost;

namespace CreditFunctions.Tests.Hosting.SelfHost;

/// <summary>A queue in memory with real visibility bookkeeping reduced to "received or not"; records every call.</summary>
internal sealed class InMemoryListenerQueue(string name) : IListenerQueue
{
    private readonly Lock _gate = new();
    private readonly Queue<ListenerMessage> _visible = new();
    private readonly Dictionary<string, ListenerMessage> _received = [];

    public string Name => name;

    public List<string> Deleted { get; } = [];

    public List<string> Poisoned { get; } = [];

    public List<(string MessageId, TimeSpan Visibility)> Released { get; } = [];

    /// <summary>Called on each receive, before it answers; lets a test observe the listener's state at that moment.</summary>
    public Action<int>? OnReceive { get; set; }

    public void Add(string id, string text, long dequeueCount = 0)
    {
        lock (_gate)
        {
            _visible.Enqueue(new ListenerMessage(id, "r0", dequeueCount, null, null, null, text, text));
        }
    }

    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<ListenerMessage>> ReceiveAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        OnReceive?.Invoke(maxMessages);
        lock (_gate)
        {
            var batch = new List<ListenerMessage>();
            while (batch.Count < maxMessages && _visible.TryDequeue(out var message))
            {
                var received = message with { DequeueCount = message.DequeueCount + 1, PopReceipt = Guid.NewGuid().ToString("N") };
                _received[received.MessageId] = received;
                batch.Add(received);
            }

            return Task.FromResult<IReadOnlyList<ListenerMessage>>(batch);
        }
    }

    public Task<string?> UpdateVisibilityAsync(string messageId, string popReceipt, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_received.Remove(messageId, out var message) || message.PopReceipt != popReceipt)
            {
                return Task.FromResult<string?>(null);
            }

            Released.Add((messageId, visibilityTimeout));
            _visible.Enqueue(message);
            return Task.FromResult<string?>("released");
        }
    }

    public Task DeleteAsync(string messageId, string popReceipt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_received.Remove(messageId))
            {
                Deleted.Add(messageId);
            }
        }

        return Task.CompletedTask;
    }

    public Task MoveToPoisonAsync(ListenerMessage message, string popReceipt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _received.Remove(message.MessageId);
            Poisoned.Add(message.MessageId);
        }

        return Task.CompletedTask;
    }
}
