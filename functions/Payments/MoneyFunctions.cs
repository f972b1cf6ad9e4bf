using CreditFunctions.Payments.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace CreditFunctions.Functions.Payments;

/// <summary>
/// The money workflow as functions (docs/payments.md "Workflow"): the orchestrator of one money document and its
/// activities, each translating its trigger into one call of <see cref="MoneyOrchestrator"/> or <see cref="MoneyActivities"/>.
/// </summary>
public sealed class MoneyFunctions(MoneyActivities activities)
{
    [Function(MoneyOrchestration.Name)]
    public static Task<string> OrchestrateAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return MoneyOrchestrator.RunAsync(context, context.GetInput<MoneyOrchestrationInput>()
            ?? throw new InvalidOperationException($"Orchestration {context.InstanceId} started without its input."));
    }

    [Function(MoneyOrchestration.ReadInboxActivity)]
    public Task<MoneyInbox?> ReadInboxAsync([ActivityTrigger] MoneyDocumentRef document, CancellationToken cancellationToken) =>
        activities.ReadInboxAsync(document, cancellationToken);

    [Function(MoneyOrchestration.RecordActivity)]
    public Task<DateTimeOffset> RecordAsync([ActivityTrigger] MoneyProgress progress, CancellationToken cancellationToken) =>
        activities.RecordAsync(progress, cancellationToken);

    [Function(MoneyOrchestration.StepActivity)]
    public Task<MoneyStepResult> StepAsync([ActivityTrigger] MoneyStepRequest request, CancellationToken cancellationToken) =>
        activities.StepAsync(request, cancellationToken);
}
