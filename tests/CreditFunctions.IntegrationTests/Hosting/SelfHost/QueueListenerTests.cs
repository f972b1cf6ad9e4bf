using CreditFunctions.LocalHost.Hosting;
using CreditFunctions.LocalHost.Hosting.SelfHost;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.IntegrationTests.Storage;
using CreditFunctions.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using QueueClient = Azure.Storage.Queues.QueueClient;

namespace CreditFunctions.IntegrationTests.Hosting.SelfHost;

/// <summary>The self-hosted queue listener on Azurite, with the Functions queue trigger's semantics (azure-platform.md §1.4).</summary>
[Collection("Azurite")]
public sealed class QueueListenerTests(AzuriteFixture azurite) : IAsyncLifetime
{
    // Small numbers so a message cycles through its attempts in about a second.
    private static readonly QueueSettings FastSettings =
        new(BatchSize: 4, NewBatchThreshold: 2, VisibilityTimeout: TimeSpan.Zero, MaxDequeueCount: 3, MaxPollingInterval: TimeSpan.FromMilliseconds(200), QueueMessageEncoding.Base64);

    private readonly string _queueName = StorageNames.Queue("hl");
    private readonly List<QueueListener> _listeners = [];
    private QueueClient _queue = null!;

    public async Task InitializeAsync()
    {
        _queue = TestStorage.Clients.GetQueueClient(_queueName);
        await _queue.CreateIfNotExistsAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var listener in _listeners)
        {
            await listener.DisposeAsync();
        }

        await _queue.DeleteIfExistsAsync();
        await _queue.GetPoisonQueueClient().DeleteIfExistsAsync();
    }

    [Fact]
    public async Task A_message_that_always_fails_is_tried_maxDequeueCount_times_then_lands_in_the_poison_queue_and_its_handler_runs()
    {
        var failing = new RecordingQueueHandler { Behaviour = (_, _) => throw new InvalidOperationException("always fails") };
        var poison = new RecordingQueueHandler();
        Start("IngestOrderEvent", _queueName, failing, FastSettings);
        Start("RecordPoisonOrderEvent", _queueName + "-poison", poison, FastSettings);

        const string json = """{"documentId":"cn-poison","step":"create"}""";
        var sent = await _queue.SendMessageAsync(json);

        var poisoned = await poison.NextAsync();
        Assert.Equal(json, poisoned.MessageText);
        Assert.Equal(_queueName + "-poison", poisoned.QueueName);
        var attempts = new List<long>();
        while (failing.Seen.TryRead(out var attempt))
        {
            Assert.Equal(sent.Value.MessageId, attempt.MessageId);
            attempts.Add(attempt.DequeueCount);
        }

        Assert.Equal([1, 2, 3], attempts);
        Assert.Equal(0, await _queue.ApproximateCountAsync());
    }

    [Fact]
    public async Task A_successful_handler_deletes_its_message()
    {
        var handler = new RecordingQueueHandler();
        Start("IngestOrderEvent", _queueName, handler, FastSettings);

        await _queue.SendMessageAsync("""{"documentId":"cn-ok"}""");

        var invocation = await handler.NextAsync();
        Assert.Equal("""{"documentId":"cn-ok"}""", invocation.MessageText);
        var listener = Assert.Single(_listeners);
        await listener.StopAsync(CancellationToken.None);
        Assert.Equal(0, await _queue.ApproximateCountAsync());
    }

    [Fact]
    public async Task Shutdown_mid_handler_loses_nothing_the_message_comes_back_after_restart()
    {
        var handlerStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stuck = new RecordingQueueHandler
        {
            Behaviour = async (_, ct) =>
            {
                handlerStarted.TrySetResult();
                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            },
        };
        var options = new FunctionsHostingOptions { MessageLease = TimeSpan.FromSeconds(2), DrainTimeout = TimeSpan.FromMilliseconds(200), MinPollingInterval = TimeSpan.FromMilliseconds(50) };
        var first = Start("IngestOrderEvent", _queueName, stuck, FastSettings, options);
        var sent = await _queue.SendMessageAsync("""{"documentId":"cn-inflight"}""");
        await handlerStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await first.StopAsync(CancellationToken.None);

        // Not deleted: after its lease runs out the message is back, for the restarted listener.
        var restarted = new RecordingQueueHandler();
        Start("IngestOrderEvent", _queueName, restarted, FastSettings, options);
        var redelivered = await restarted.NextAsync();
        Assert.Equal(sent.Value.MessageId, redelivered.MessageId);
        Assert.Equal(2, redelivered.DequeueCount);
    }

    [Fact]
    public async Task Shutdown_stops_receiving_but_lets_an_in_flight_handler_finish_and_settle()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new RecordingQueueHandler { Behaviour = (_, ct) => release.Task.WaitAsync(ct) };
        var listener = Start("IngestOrderEvent", _queueName, handler, FastSettings);
        await _queue.SendMessageAsync("""{"documentId":"cn-drain-1"}""");
        var first = await handler.NextAsync();

        var stopping = listener.StopAsync(CancellationToken.None);
        await _queue.SendMessageAsync("""{"documentId":"cn-drain-2"}""");
        release.SetResult();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("""{"documentId":"cn-drain-1"}""", first.MessageText);
        Assert.False(handler.Seen.TryRead(out _));
        var left = Assert.Single((await _queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value);
        Assert.Equal("""{"documentId":"cn-drain-2"}""", left.Body.ToString());
    }

    [Fact]
    public async Task A_message_that_is_not_base64_goes_to_the_poison_queue_without_reaching_the_handler()
    {
        var handler = new RecordingQueueHandler();
        var poison = new RecordingQueueHandler();
        Start("IngestOrderEvent", _queueName, handler, FastSettings);
        Start("RecordPoisonOrderEvent", _queueName + "-poison", poison, FastSettings with { MessageEncoding = QueueMessageEncoding.None });

        var raw = TestStorage.Clients.GetQueueClient(_queueName, Azure.Storage.Queues.QueueMessageEncoding.None);
        await raw.SendMessageAsync("{not base64}");

        var poisoned = await poison.NextAsync();
        Assert.Equal("{not base64}", poisoned.MessageText);
        Assert.False(handler.Seen.TryRead(out _));
    }

    private QueueListener Start(string functionName, string queueName, IQueueFunctionHandler handler, QueueSettings settings, FunctionsHostingOptions? options = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString })
            .Build();
        var function = new QueueFunction(functionName, "message", queueName, "AzureWebJobsStorage");
        var queues = new StorageListenerQueueFactory(configuration);
        var listener = new QueueListener(
            function,
            settings,
            queues.Create(function, settings),
            handler,
            options ?? new FunctionsHostingOptions { MessageLease = TimeSpan.FromSeconds(5), MinPollingInterval = TimeSpan.FromMilliseconds(50) },
            TimeProvider.System,
            NullLogger.Instance);
        _listeners.Add(listener);
        listener.Start();
        return listener;
    }
}
