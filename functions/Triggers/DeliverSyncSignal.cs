using Azure.Storage.Queues.Models;
using CreditFunctions.Workflow.Durable;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace CreditFunctions.Functions.Triggers;

/// <summary>
/// Function <c>DeliverSyncSignal</c> (queue <c>sync-signals</c>): hands a signal intake queued to its document's
/// orchestration, or starts it. A failure (engine or storage unreachable) throws and the message is retried, up to
/// host.json's maxDequeueCount; the timer restarts instances a lost signal left unstarted.
/// </summary>
public sealed class DeliverSyncSignal(SyncSignalQueue signals)
{
    [Function(nameof(DeliverSyncSignal))]
    public Task RunAsync([QueueTrigger(SyncSignalQueue.Name)] QueueMessage message, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return signals.DeliverAsync(message.MessageText, durable, cancellationToken);
    }
}
