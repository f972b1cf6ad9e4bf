using System.Threading.Channels;
using CreditFunctions.LocalHost.Hosting;

namespace CreditFunctions.IntegrationTests.Hosting;

/// <summary>A queue handler that records what it was given and fails when told to.</summary>
internal sealed class RecordingQueueHandler : IQueueFunctionHandler
{
    private readonly Channel<QueueInvocation> _seen = Channel.CreateUnbounded<QueueInvocation>();

    public Func<QueueInvocation, CancellationToken, Task> Behaviour { get; set; } = (_, _) => Task.CompletedTask;

    public ChannelReader<QueueInvocation> Seen => _seen.Reader;

    public async Task HandleAsync(QueueInvocation invocation, CancellationToken cancellationToken)
    {
        _seen.Writer.TryWrite(invocation);
        await Behaviour(invocation, cancellationToken);
    }

    public async Task<QueueInvocation> NextAsync(TimeSpan? timeout = null) =>
        await _seen.Reader.ReadAsync().AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
}

/// <summary>A timer handler that records each run.</summary>
internal sealed class RecordingTimerHandler : ITimerFunctionHandler
{
    private readonly Channel<TimerInvocation> _seen = Channel.CreateUnbounded<TimerInvocation>();

    public bool Fail { get; set; }

    public ChannelReader<TimerInvocation> Seen => _seen.Reader;

    public Task RunAsync(TimerInvocation invocation, CancellationToken cancellationToken)
    {
        _seen.Writer.TryWrite(invocation);
        return Fail ? throw new InvalidOperationException("timer handler failed on purpose") : Task.CompletedTask;
    }

    public async Task<TimerInvocation> NextAsync(TimeSpan? timeout = null) =>
        await _seen.Reader.ReadAsync().AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
}
