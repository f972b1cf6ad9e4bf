using CreditFunctions.App.Hosting;
using CreditFunctions.Workflow.Runtime;

namespace CreditFunctions.App.Triggers;

/// <summary>Function <c>RunSyncStep</c> (queue <c>sync-steps</c>): run the branch's next steps.</summary>
internal sealed class RunSyncStep(SyncRunner runner) : IQueueFunctionHandler
{
    public const string Name = "RunSyncStep";

    public Task HandleAsync(QueueInvocation invocation, CancellationToken cancellationToken) =>
        runner.RunStepAsync(
            StepQueue.Parse(invocation.MessageText) ?? throw new FormatException($"Message {invocation.MessageId} is not a step message."),
            cancellationToken);
}
