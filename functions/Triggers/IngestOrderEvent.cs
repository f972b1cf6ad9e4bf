using Azure.Storage.Queues.Models;
using CreditFunctions.Workflow.Runtime;
using Microsoft.Azure.Functions.Worker;

namespace CreditFunctions.Functions.Triggers;

/// <summary>Function <c>IngestOrderEvent</c> (queue <c>order-events</c>): the bulk feed, one event per message.</summary>
public sealed class IngestOrderEvent(BulkEventIngestion ingestion)
{
    public const string Queue = "order-events";

    // Invalid messages are recorded as rejected and completed; only storage failures throw, and those are retried.
    [Function(nameof(IngestOrderEvent))]
    public Task RunAsync([QueueTrigger(Queue)] QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return ingestion.IngestAsync(message.MessageId, message.MessageText, cancellationToken);
    }
}
