using CreditFunctions.Workflow.Runtime;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Workflow.Durable;

/// <summary>
/// Reaches a document's orchestration from outside (intake, the operator API, the timer): a signal to the running
/// instance, or a start when there is none (or it ended: failed, terminated). A start carries the last recorded state
/// and the inbox, read here (<see cref="SyncOpening"/>), so the instance decides in its first episode. Starting twice is harmless (the input is only the document's key) and a signal is idempotent
/// (the decider ignores what it already applied), so racing callers need no lock.
/// </summary>
public sealed class SyncSignals(SyncStateActivities state, IOptions<WorkflowOptions> options)
{
    /// <param name="client">The Durable client of the calling function (its <c>[DurableClient]</c> binding; the local engine's in the local host).</param>
    public async Task SendAsync(DurableTaskClient client, SyncInstanceKey key, SyncSignal signal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(signal);
        var id = SyncOrchestration.InstanceId(key.TenantId, key.CreditNoteId);
        var instance = await client.GetInstanceAsync(id, getInputsAndOutputs: false, cancellationToken);
        if (instance is null || instance.IsCompleted)
        {
            if (await TryStartAsync(client, key, id, signal.TraceParent, cancellationToken) && signal.Kind == SyncSignalKind.Inbox)
            {
                return; // a new execution reads the inbox first
            }
        }

        await client.RaiseEventAsync(id, SyncOrchestration.SignalEvent, signal, cancellationToken);
    }

    /// <summary>Whether the instance is running (or about to): false when it is missing or ended.</summary>
    public static async Task<bool> IsRunningAsync(DurableTaskClient client, SyncInstanceKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var instance = await client.GetInstanceAsync(SyncOrchestration.InstanceId(key.TenantId, key.CreditNoteId), getInputsAndOutputs: false, cancellationToken);
        return instance is not null && !instance.IsCompleted;
    }

    private async Task<bool> TryStartAsync(DurableTaskClient client, SyncInstanceKey key, string id, string? traceParent, CancellationToken cancellationToken)
    {
        var opening = await state.OpenAsync(new SyncDocumentRef(key.TenantId, key.CreditNoteId), cancellationToken);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                SyncOrchestration.Name,
                new SyncOrchestrationInput(key.TenantId, key.CreditNoteId, options.Value.Durable, Opening: opening, TraceParent: traceParent),
                // An instance that is pending, running or suspended refuses the start (the signal below reaches it);
                // only an ended one is replaced. Said explicitly: without dedupe statuses, SDK 1.22+ lets a start
                // replace a running instance (durabletask-dotnet #542, #646; Functions isolated: extension #3316).
                new StartOrchestrationOptions(id).WithDedupeStatuses(OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended),
                cancellationToken);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Another caller started it a moment ago (the Functions host refuses a second start of a running instance):
            // the signal below reaches that one.
            return false;
        }
    }
}
