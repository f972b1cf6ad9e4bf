using CreditFunctions.LocalHost.Hosting;
using CreditFunctions.LocalHost.Hosting.SelfHost;
using Microsoft.Extensions.Logging.Abstractions;

namespace CreditFunctions.Tests.Hosting.SelfHost;

/// <summary>Listener rules that need no storage: concurrency limits and settling (the Azurite tests cover the wire).</summary>
public sealed class QueueListenerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly QueueSettings Settings =
        new(BatchSize: 2, NewBatchThreshold: 1, VisibilityTimeout: TimeSpan.FromSeconds(30), MaxDequeueCount: 5, MaxPollingInterval: TimeSpan.FromMilliseconds(20), QueueMessageEncoding.Base64);

    [Fact]
    public async Task A_new_batch_is_fetched_only_when_in_flight_work_is_down_to_newBatchThreshold()
    {
        var queue = new InMemoryListenerQueue("q");
        for (var i = 0; i < 12; i++)
        {
            queue.Add($"m{i}", "{}");
        }

        var running = 0;
        var maxRunning = 0;
        var runningAtReceive = new List<int>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var completed = 0;
        queue.OnReceive = max =>
        {
            lock (runningAtReceive)
            {
                runningAtReceive.Add(Volatile.Read(ref running));
            }

            Assert.Equal(Settings.BatchSize, max);
        };
        var handler = new DelegateHandler(async (_, _) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref maxRunning, now);
            await Task.Yield();
            Interlocked.Decrement(ref running);
            if (Interlocked.Increment(ref completed) == 12)
            {
                done.TrySetResult();
            }
        });
        await using var listener = Listener(queue, handler);

        listener.Start();
        await done.Task.WaitAsync(Wait);
        await listener.StopAsync(CancellationToken.None);

        Assert.Equal(12, queue.Deleted.Count);
        Assert.InRange(maxRunning, 1, Settings.MaxConcurrency);
        lock (runningAtReceive)
        {
            Assert.All(runningAtReceive, r => Assert.InRange(r, 0, Settings.NewBatchThreshold));
        }
    }

    [Fact]
    public async Task A_failure_below_maxDequeueCount_releases_the_message_for_the_host_json_visibility_timeout()
    {
        var queue = new InMemoryListenerQueue("q");
        queue.Add("m1", "{}");
        var attempts = new TaskCompletionSource<QueueInvocation>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new DelegateHandler((invocation, _) =>
        {
            attempts.TrySetResult(invocation);
            throw new InvalidOperationException("fails");
        });
        await using var listener = Listener(queue, handler);

        listener.Start();
        var first = await attempts.Task.WaitAsync(Wait);
        await listener.StopAsync(CancellationToken.None);

        Assert.Equal(1, first.DequeueCount);
        Assert.Contains(("m1", TimeSpan.FromSeconds(30)), queue.Released);
        Assert.Empty(queue.Deleted);
        Assert.Empty(queue.Poisoned);
    }

    [Fact]
    public async Task A_message_already_past_maxDequeueCount_is_poisoned_without_running_the_handler()
    {
        var queue = new InMemoryListenerQueue("q");
        queue.Add("crashed-us", "{}", dequeueCount: Settings.MaxDequeueCount);
        queue.Add("fine", "{}");
        var seen = new TaskCompletionSource<QueueInvocation>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var listener = Listener(queue, new DelegateHandler((invocation, _) =>
        {
            seen.TrySetResult(invocation);
            return Task.CompletedTask;
        }));

        listener.Start();
        Assert.Equal("fine", (await seen.Task.WaitAsync(Wait)).MessageId);
        await listener.StopAsync(CancellationToken.None);

        Assert.Equal(["crashed-us"], queue.Poisoned);
    }

    [Fact]
    public async Task A_handler_still_running_at_the_host_json_function_timeout_is_cancelled_and_its_message_released()
    {
        var queue = new InMemoryListenerQueue("q");
        queue.Add("slow", "{}");
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new DelegateHandler(async (_, ct) =>
        {
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            }
            finally
            {
                cancelled.TrySetResult();
            }
        });
        await using var listener = Listener(queue, handler, functionTimeout: TimeSpan.FromMilliseconds(50));

        listener.Start();
        await cancelled.Task.WaitAsync(Wait);
        await listener.StopAsync(CancellationToken.None);

        Assert.Contains(("slow", Settings.VisibilityTimeout), queue.Released);
        Assert.DoesNotContain("slow", queue.Deleted);
    }

    private static QueueListener Listener(InMemoryListenerQueue queue, IQueueFunctionHandler handler, TimeSpan? functionTimeout = null) =>
        new(
            new QueueFunction("RunSyncStep", "message", queue.Name, "AzureWebJobsStorage"),
            Settings,
            queue,
            handler,
            new FunctionsHostingOptions { MinPollingInterval = TimeSpan.FromMilliseconds(5), MessageLease = TimeSpan.FromMinutes(1) },
            TimeProvider.System,
            NullLogger.Instance)
        {
            FunctionTimeout = functionTimeout,
        };

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private sealed class DelegateHandler(Func<QueueInvocation, CancellationToken, Task> run) : IQueueFunctionHandler
    {
        public Task HandleAsync(QueueInvocation invocation, CancellationToken cancellationToken) => run(invocation, cancellationToken);
    }
}
