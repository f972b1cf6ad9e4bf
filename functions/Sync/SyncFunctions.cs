using CreditFunctions.Workflow.Durable;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace CreditFunctions.Functions.Sync;

/// <summary>
/// The durable sync workflow as functions (docs/workflow.md): the orchestrator of one credit note and its activities,
/// each translating its trigger into one call of <see cref="SyncOrchestrator"/>, <see cref="LedgerActivities"/> or
/// <see cref="SyncStateActivities"/>.
/// </summary>
public sealed class SyncFunctions(LedgerActivities ledger, SyncStateActivities state)
{
    [Function(SyncOrchestration.Name)]
    public static Task<string> OrchestrateAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SyncOrchestrator.RunAsync(context, context.GetInput<SyncOrchestrationInput>()
            ?? throw new InvalidOperationException($"Orchestration {context.InstanceId} started without its input."));
    }

    [Function(SyncOrchestration.ReadInboxActivity)]
    public Task<InboxItem?> ReadInboxAsync([ActivityTrigger] SyncDocumentRef document, CancellationToken cancellationToken) =>
        state.ReadInboxAsync(document, cancellationToken);

    [Function(SyncOrchestration.RecordActivity)]
    public Task<DateTimeOffset> RecordAsync([ActivityTrigger] SyncProgress progress, CancellationToken cancellationToken) =>
        state.RecordAsync(progress, cancellationToken);

    [Function(SyncOrchestration.LedgerWriteActivity)]
    public Task<LedgerCallResult> WriteAsync([ActivityTrigger] LedgerWriteRequest request, CancellationToken cancellationToken) =>
        ledger.WriteAsync(request, cancellationToken);

    [Function(SyncOrchestration.LedgerReadBackActivity)]
    public Task<LedgerCallResult> ReadBackAsync([ActivityTrigger] LedgerReadBackRequest request, CancellationToken cancellationToken) =>
        ledger.ReadBackAsync(request, cancellationToken);
}
