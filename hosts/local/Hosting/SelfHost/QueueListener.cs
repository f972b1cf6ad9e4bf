using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CreditFunctions.LocalHost.Hosting.SelfHost;

/// <summary>
/// Self-hosted stand-in for the Functions queue trigger on one queue, with its semantics
/// (Azure/azure-webjobs-sdk QueueListener; azure-platform.md §1.4):
/// receive up to batchSize; fetch again only when at most newBatchThreshold are in flight (so at most
/// batchSize + newBatchThreshold run at once); keep extending visibility while a handler runs; delete on success;
/// on failure release for host.json visibilityTimeout, or move to <c>&lt;queue&gt;-poison</c> once DequeueCount ≥
/// maxDequeueCount; back off exponentially up to maxPollingInterval while the queue is empty.
/// Shutdown stops receiving and lets in-flight handlers finish for <see cref="FunctionsHostingOptions.DrainTimeout"/>;
/// a message whose handler did not complete is never deleted, so it reappears when its lease ends.
/// </summary>
internal sealed class QueueListener : IAsyncDisposable
{
    private readonly QueueFunction _function;
    private readonly QueueSettings _settings;
    private readonly IListenerQueue _queue;
    private readonly IQueueFunctionHandler _handler;
    private readonly FunctionsHostingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopReceiving = new();
    private readonly CancellationTokenSource _abandon = new();
    private readonly ConcurrentDictionary<long, Task> _inFlight = new();
    private readonly SemaphoreSlim _slotFreed = new(0);
    private long _nextTicket;
    private int _inFlightCount;
    private volatile bool _abandoned;
    private Task? _receiveLoop;
    private int _disposed;

    public QueueListener(
        QueueFunction function,
        QueueSettings settings,
        IListenerQueue queue,
        IQueueFunctionHandler handler,
        FunctionsHostingOptions options,
        TimeProvider time,
        ILogger logger)
    {
        _function = function;
        _settings = settings;
        _queue = queue;
        _handler = handler;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public QueueFunction Function => _function;

    public QueueSettings Settings => _settings;

    public string QueueName => _queue.Name;

    /// <summary>host.json functionTimeout: a handler still running after it is cancelled and its attempt fails, as in the host.</summary>
    public TimeSpan? FunctionTimeout { get; init; }

    public void Start()
    {
        if (_receiveLoop is not null)
        {
            throw new InvalidOperationException("The listener is already started.");
        }

        HostingLog.ListenerStarted(_logger, _function.Name, _queue.Name, _settings.BatchSize, _settings.MaxConcurrency);
        _receiveLoop = Task.Run(() => ReceiveLoopAsync(_stopReceiving.Token));
    }

    /// <summary>Stops receiving, then waits for in-flight handlers up to the drain timeout or <paramref name="cancellationToken"/>.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopReceiving.CancelAsync();
        if (_receiveLoop is not null)
        {
            await _receiveLoop;
        }

        var drained = Task.WhenAll(_inFlight.Values);
        try
        {
            await drained.WaitAsync(_options.DrainTimeout, _time, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // Out of time: leave the unfinished messages untouched; their leases lapse and they come back.
            _abandoned = true;
            await _abandon.CancelAsync();
        }

        HostingLog.ListenerStopped(_logger, _function.Name, _abandoned ? _inFlight.Count : 0);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_stopReceiving.IsCancellationRequested)
        {
            await StopAsync(CancellationToken.None);
        }

        // Abandoned handlers may still hold the abandon token: do not dispose its source under them.
        _stopReceiving.Dispose();
        if (!_abandoned)
        {
            _abandon.Dispose();
        }

        _slotFreed.Dispose();
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var idleDelay = _options.MinPollingInterval;
        var queueReady = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                // Fetch a new batch only when in-flight work is down to newBatchThreshold (WebJobs QueueListener).
                while (Volatile.Read(ref _inFlightCount) > _settings.NewBatchThreshold)
                {
                    await _slotFreed.WaitAsync(cancellationToken);
                }

                if (!queueReady)
                {
                    await _queue.CreateIfNotExistsAsync(cancellationToken);
                    queueReady = true;
                }

                var batch = await _queue.ReceiveAsync(_settings.BatchSize, _options.MessageLease, cancellationToken);
                foreach (var message in batch)
                {
                    var ticket = Interlocked.Increment(ref _nextTicket);
                    Interlocked.Increment(ref _inFlightCount);
                    _inFlight[ticket] = ProcessAsync(ticket, message);
                }

                if (batch.Count > 0)
                {
                    idleDelay = _options.MinPollingInterval;
                    continue;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                HostingLog.ReceiveFailed(_logger, _function.Name, _queue.Name, ex);
            }

            try
            {
                await Task.Delay(idleDelay, _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            idleDelay = TimeSpan.FromTicks(Math.Min(idleDelay.Ticks * 2, Math.Max(_settings.MaxPollingInterval.Ticks, _options.MinPollingInterval.Ticks)));
        }
    }

    private async Task ProcessAsync(long ticket, ListenerMessage message)
    {
        // Let the receive loop record the ticket before this can finish and remove it.
        await Task.Yield();
        try
        {
            await using var lease = new MessageLease(_queue, message, _options.MessageLease, _time, _logger, () => _abandoned);
            var failure = await InvokeHandlerAsync(message);
            var popReceipt = await lease.StopRenewingAsync();
            if (_abandoned || popReceipt is null)
            {
                // Abandoned at shutdown, or the lease was lost: the message is not ours to settle.
                return;
            }

            await SettleAsync(message, popReceipt, failure);
        }
        finally
        {
            _inFlight.TryRemove(ticket, out _);
            Interlocked.Decrement(ref _inFlightCount);
            try
            {
                _slotFreed.Release();
            }
            catch (ObjectDisposedException)
            {
                // An abandoned handler finishing after the listener was disposed.
            }
        }
    }

    private async Task<Exception?> InvokeHandlerAsync(ListenerMessage message)
    {
        // A message that crashed the process on its last allowed attempt comes back with a count above the
        // limit: poison it without another run.
        if (message.DequeueCount > _settings.MaxDequeueCount)
        {
            return new InvalidOperationException("The message exceeded maxDequeueCount before this attempt.");
        }

        if (message.Text is null)
        {
            return new FormatException($"The message is not valid {_settings.MessageEncoding} (host.json messageEncoding).");
        }

        using var timeout = FunctionTimeout is { } limit
            ? new CancellationTokenSource(limit, _time)
            : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_abandon.Token, timeout.Token);
        try
        {
            await _handler.HandleAsync(
                new QueueInvocation(
                    _function.Name,
                    _queue.Name,
                    message.Text,
                    message.MessageId,
                    message.DequeueCount,
                    message.InsertedOn,
                    message.NextVisibleOn,
                    message.ExpiresOn,
                    null),
                linked.Token);
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private async Task SettleAsync(ListenerMessage message, string popReceipt, Exception? failure)
    {
        // Settling must not be cut short by shutdown: a half-done settle only means a redelivery.
        var cancellationToken = CancellationToken.None;
        try
        {
            if (failure is null)
            {
                await _queue.DeleteAsync(message.MessageId, popReceipt, cancellationToken);
            }
            else if (message.DequeueCount >= _settings.MaxDequeueCount || message.Text is null)
            {
                HostingLog.MessagePoisoned(_logger, message.MessageId, _queue.Name, _function.Name, message.DequeueCount, _queue.Name + "-poison", failure);
                await _queue.MoveToPoisonAsync(message, popReceipt, cancellationToken);
            }
            else
            {
                HostingLog.MessageReleased(_logger, message.MessageId, _queue.Name, _function.Name, message.DequeueCount, _settings.VisibilityTimeout, failure);
                await _queue.UpdateVisibilityAsync(message.MessageId, popReceipt, _settings.VisibilityTimeout, cancellationToken);
            }
        }
        catch (Exception ex)
        {
            HostingLog.SettleFailed(_logger, message.MessageId, _queue.Name, ex);
        }
    }
}
