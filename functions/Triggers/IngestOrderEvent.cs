using CreditFunctions.App.Hosting;
using CreditFunctions.Workflow.Runtime;

namespace CreditFunctions.App.Triggers;

/// <summary>Function <c>IngestOrderEvent</c> (queue <c>order-events</c>): the bulk feed, one event per message.</summary>
internal sealed class IngestOrderEvent(BulkEventIngestion ingestion) : IQueueFunctionHandler
{
    public const string Name = "IngestOrderEvent";

    // Invalid messages are recorded as rejected and completed; only storage failures throw, and those are retried.
    public Task HandleAsync(QueueInvocation invocation, CancellationToken cancellationToken) =>
        ingestion.IngestAsync(invocation.MessageId, invocation.MessageText, cancellationToken);
}
