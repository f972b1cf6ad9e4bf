using Microsoft.Extensions.Logging;

namespace CreditFunctions.LocalHost.Hosting.SelfHost;

/// <summary>
/// Keeps a received message invisible while its handler runs by extending its visibility every third of the
/// lease, as the Functions QueueListener's visibility timer does (azure-platform.md §1.4). Each extension
/// returns a new pop receipt; the latest is what settles the message.
/// </summary>
internal sealed class MessageLease : IAsyncDisposable
{
    private readonly IListenerQueue _queue;
    private readonly string _messageId;
    private readonly TimeSpan _duration;
    private readonly ILogger _logger;
    private readonly Func<bool> _abandoned;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ITimer _timer;
    private string? _popReceipt;
    private bool _stopped;

    public MessageLease(IListenerQueue queue, ListenerMessage message, TimeSpan duration, TimeProvider time, ILogger logger, Func<bool> abandoned)
    {
        _queue = queue;
        _messageId = message.MessageId;
        _popReceipt = message.PopReceipt;
        _duration = duration;
        _logger = logger;
        _abandoned = abandoned;
        var period = duration / 3;
        _timer = time.CreateTimer(_ => _ = RenewAsync(), null, period, period);
    }

    /// <summary>Stops renewing; the pop receipt to settle with, or null when the lease was lost.</summary>
    public async Task<string?> StopRenewingAsync()
    {
        await _timer.DisposeAsync();
        await _gate.WaitAsync();
        try
        {
            _stopped = true;
            return _popReceipt;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync();
        _gate.Dispose();
    }

    private async Task RenewAsync()
    {
        try
        {
            await _gate.WaitAsync();
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        try
        {
            // An abandoned handler may run on; stop renewing so its message reappears for another worker.
            if (_stopped || _popReceipt is null || _abandoned())
            {
                return;
            }

            _popReceipt = await _queue.UpdateVisibilityAsync(_messageId, _popReceipt, _duration, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Transient trouble: the next tick tries again with the same receipt.
            HostingLog.LeaseRenewalFailed(_logger, _messageId, _queue.Name, ex);
        }
        finally
        {
            _gate.Release();
        }
    }
}
