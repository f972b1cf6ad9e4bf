using Azure.Storage.Queues.Models;
using CreditFunctions.Workflow.Runtime;
using Microsoft.Azure.Functions.Worker;

namespace CreditFunctions.Functions.Triggers;

/// <summary>Function <c>RecordPoisonOrderEvent</c> (queue <c>order-events-poison</c>): record the bulk message as rejected, with an alert.</summary>
public sealed class RecordPoisonOrderEvent(BulkEventIngestion ingestion)
{
    public const string Queue = IngestOrderEvent.Queue + "-poison";

    [Function(nameof(RecordPoisonOrderEvent))]
    public Task RunAsync([QueueTrigger(Queue)] QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return ingestion.RecordPoisonedAsync(message.MessageId, message.MessageText, cancellationToken);
    }
}
