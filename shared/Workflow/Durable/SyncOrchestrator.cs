using CreditFunctions.Ledgers;
using Microsoft.DurableTask;

namespace CreditFunctions.Workflow.Durable;

/// <summary>
/// The orchestration of one credit note (docs/workflow.md): it only sequences. The rules — what a branch writes next,
/// what an outcome means, when to retry, the SLA — are <see cref="SyncDecider"/>'s pure functions; this class asks
/// them, calls the activities they name, waits on durable timers and signals, and feeds every outcome back as a
/// command. Deterministic: time is <see cref="TaskOrchestrationContext.CurrentUtcDateTime"/>, randomness arrives in
/// activity results, and no I/O happens here. One instance per document lives as long as the document (it waits for
/// amendments, retries and reconnects), continuing as new every <see cref="SyncSettings.MaxMessagesPerExecution"/>
/// handled messages while nothing is in flight.
/// </summary>
public static class SyncOrchestrator
{
    public static async Task<string> RunAsync(TaskOrchestrationContext context, SyncOrchestrationInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        if (input.StateJson is { } json)
        {
            return await new SyncLoop(context, input, SyncStateJson.Deserialize(json)).RunAsync(opened: null);
        }

        var opening = input.Opening
            ?? throw new InvalidOperationException($"Orchestration {context.InstanceId} started without its opening (SyncSignals starts instances).");
        return await new SyncLoop(context, input with { Opening = null }, SyncStateJson.Deserialize(opening.StateJson)).RunAsync(opened: opening);
    }

    internal static TaskOptions Retrying(SyncSettings settings) =>
        TaskOptions.FromRetryPolicy(new RetryPolicy(settings.ActivityAttempts, settings.ActivityRetryInterval, backoffCoefficient: 2));
}

/// <summary>Names one document's instance in activity inputs.</summary>
public sealed record SyncDocumentRef(string TenantId, string CreditNoteId);
