using Azure.Storage.Queues.Models;
using CreditFunctions.Functions.Triggers;
using CreditFunctions.Workflow.Runtime;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CreditFunctions.LocalHost.Hosting;

/// <summary>
/// One handler per queue and timer function of functions.metadata, by function name (the consistency check looks both
/// ways); each hands its trigger to the Functions app's own function method.
/// </summary>
internal static class TriggersRegistration
{
    public static IServiceCollection AddTriggers(this IServiceCollection services) => services
        // Intake sends signals to the queue this host's DeliverSyncSignal listener reads (prefixed as the manifest says).
        .PostConfigureSignalQueue()
        .AddQueueFunctionHandler<IngestOrderEventHandler>(nameof(IngestOrderEvent))
        .AddQueueFunctionHandler<DeliverSyncSignalHandler>(nameof(DeliverSyncSignal))
        .AddQueueFunctionHandler<RecordPoisonOrderEventHandler>(nameof(RecordPoisonOrderEvent))
        .AddTimerFunctionHandler<SweepSyncsHandler>(nameof(SweepSyncs))
        .AddTimerFunctionHandler<PullLedgerPaymentsHandler>(nameof(PullLedgerPayments));

    private static IServiceCollection PostConfigureSignalQueue(this IServiceCollection services)
    {
        services.AddOptions<WorkflowOptions>().PostConfigure<FunctionManifest>((o, manifest) => o.SignalQueue = manifest.QueueNameOf(nameof(DeliverSyncSignal)));
        return services;
    }

    private static QueueMessage Message(QueueInvocation invocation) =>
        QueuesModelFactory.QueueMessage(
            invocation.MessageId, popReceipt: "", invocation.MessageText, invocation.DequeueCount, invocation.NextVisibleTime, invocation.InsertionTime, invocation.ExpirationTime);

    private sealed class IngestOrderEventHandler(IServiceProvider services) : IQueueFunctionHandler
    {
        public Task HandleAsync(QueueInvocation invocation, CancellationToken cancellationToken) =>
            services.GetRequiredService<IngestOrderEvent>().RunAsync(Message(invocation), cancellationToken);
    }

    private sealed class DeliverSyncSignalHandler(IServiceProvider services, DurableTaskClient durable) : IQueueFunctionHandler
    {
        public Task HandleAsync(QueueInvocation invocation, CancellationToken cancellationToken) =>
            services.GetRequiredService<DeliverSyncSignal>().RunAsync(Message(invocation), durable, cancellationToken);
    }

    private sealed class RecordPoisonOrderEventHandler(IServiceProvider services) : IQueueFunctionHandler
    {
        public Task HandleAsync(QueueInvocation invocation, CancellationToken cancellationToken) =>
            services.GetRequiredService<RecordPoisonOrderEvent>().RunAsync(Message(invocation), cancellationToken);
    }

    private sealed class SweepSyncsHandler(IServiceProvider services, DurableTaskClient durable) : ITimerFunctionHandler
    {
        public Task RunAsync(TimerInvocation invocation, CancellationToken cancellationToken) =>
            services.GetRequiredService<SweepSyncs>().RunAsync(new TimerInfo { IsPastDue = invocation.IsPastDue }, durable, cancellationToken);
    }

    private sealed class PullLedgerPaymentsHandler(IServiceProvider services) : ITimerFunctionHandler
    {
        public Task RunAsync(TimerInvocation invocation, CancellationToken cancellationToken) =>
            services.GetRequiredService<PullLedgerPayments>().RunAsync(new TimerInfo { IsPastDue = invocation.IsPastDue }, cancellationToken);
    }
}
