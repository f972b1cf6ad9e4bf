using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreditFunctions.LocalHost.Hosting.SelfHost;

/// <summary>
/// Self-hosted mode: one <see cref="QueueListener"/> per queue function and one <see cref="TimerRunner"/> per
/// timer function, built from the same <see cref="FunctionManifest"/> the Functions host reads. A function without
/// a registered handler gets no listener (the consistency check reports it).
/// </summary>
internal sealed class SelfHostedFunctions : IHostedService, IAsyncDisposable
{
    private readonly List<QueueListener> _listeners = [];
    private readonly List<TimerRunner> _timers = [];
    private int _disposed;

    public SelfHostedFunctions(
        FunctionManifest manifest,
        IServiceProvider services,
        IListenerQueueFactory queues,
        IOptions<FunctionsHostingOptions> options,
        TimeProvider time,
        ILoggerFactory loggerFactory)
    {
        var settings = options.Value;
        var logger = loggerFactory.CreateLogger<SelfHostedFunctions>();
        if (settings.RunQueueListeners)
        {
            foreach (var function in manifest.QueueFunctions)
            {
                if (services.GetKeyedService<IQueueFunctionHandler>(function.Name) is { } handler)
                {
                    _listeners.Add(new QueueListener(
                        function, manifest.QueueSettings, queues.Create(function, manifest.QueueSettings), handler, settings, time, logger)
                    {
                        FunctionTimeout = manifest.FunctionTimeout,
                    });
                }
            }
        }

        if (settings.RunTimers)
        {
            foreach (var function in manifest.TimerFunctions)
            {
                if (services.GetKeyedService<ITimerFunctionHandler>(function.Name) is { } handler)
                {
                    _timers.Add(new TimerRunner(function, handler, time, logger));
                }
            }
        }
    }

    /// <summary>What the listeners actually run with: function, queue and settings.</summary>
    public IReadOnlyList<QueueListener> Listeners => _listeners;

    public IReadOnlyList<TimerRunner> Timers => _timers;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listeners.ForEach(l => l.Start());
        _timers.ForEach(t => t.Start());
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_timers.Select(t => t.StopAsync()));
        await Task.WhenAll(_listeners.Select(l => l.StopAsync(cancellationToken)));
    }

    public async ValueTask DisposeAsync()
    {
        // Registered both as itself and as the hosted service (a factory), so the container disposes it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (var timer in _timers)
        {
            await timer.DisposeAsync();
        }

        foreach (var listener in _listeners)
        {
            await listener.DisposeAsync();
        }
    }
}
