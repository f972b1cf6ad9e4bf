using CreditFunctions.App.Hosting;
using CreditFunctions.Workflow.Runtime;

namespace CreditFunctions.App.Triggers;

/// <summary>Function <c>RecordPoisonOrderEvent</c> (queue <c>order-events-poison</c>): record the bulk message as rejected, with an alert.</summary>
internal sealed class RecordPoisonOrderEvent(BulkEventIngestion ingestion) : IQueueFunctionHandler
{
    public const string Name = "RecordPoisonOrderEvent";

    public Task HandleAsync(QueueInvocation invocation, CancellationToken cancellationToken) =>
        ingestion.RecordPoisonedAsync(invocation.MessageId, invocation.MessageText, cancellationToken);
}
