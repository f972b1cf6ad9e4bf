using CreditFunctions.App.Hosting;
using CreditFunctions.Workflow.Runtime;

namespace CreditFunctions.App.Triggers;

/// <summary>
/// Function <c>RecordPoisonSyncStep</c> (queue <c>sync-steps-poison</c>): a step that failed every delivery marks its
/// branch failed with an alert, so it shows in the attention list and can be retried — never dropped silently.
/// </summary>
internal sealed class RecordPoisonSyncStep(SyncRunner runner) : IQueueFunctionHandler
{
    public const string Name = "RecordPoisonSyncStep";

    public async Task HandleAsync(QueueInvocation invocation, CancellationToken cancellationToken)
    {
        if (StepQueue.Parse(invocation.MessageText) is not { } step)
        {
            // Not ours to interpret; leaving it poisoned would loop. The message id is in the host's invocation log.
            return;
        }

        await runner.MarkPoisonedAsync(step, $"Step message {invocation.MessageId} failed every delivery attempt.", cancellationToken);
    }
}
