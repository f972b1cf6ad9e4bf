using CreditFunctions.Workflow.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace CreditFunctions.Payments.Workflow;

/// <summary>
/// Reaches a money document's orchestration from outside (the queued intake signal, the operator's retry): a signal to
/// the running instance, or a start — carrying its last recorded state — when there is none or it ended. A new
/// execution reads the inbox first, so an Inbox signal that starts one is not raised as well. Starting twice is refused
/// by the dedupe statuses and signals are idempotent (an event id is applied once), so racing callers need no lock.
/// </summary>
public sealed class MoneySignals(MoneyStore store, MoneySettings settings)
{
    public async Task SendAsync(DurableTaskClient client, MoneyInstanceKey key, SyncSignal signal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(signal);
        var instance = await client.GetInstanceAsync(key.InstanceId, getInputsAndOutputs: false, cancellationToken);
        if ((instance is null || instance.IsCompleted) && await TryStartAsync(client, key, cancellationToken) && signal.Kind == SyncSignalKind.Inbox)
        {
            return;
        }

        await client.RaiseEventAsync(key.InstanceId, MoneyOrchestration.SignalEvent, signal, cancellationToken);
    }

    private async Task<bool> TryStartAsync(DurableTaskClient client, MoneyInstanceKey key, CancellationToken cancellationToken)
    {
        var recorded = await store.LoadAsync(key, cancellationToken);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                MoneyOrchestration.Name,
                new MoneyOrchestrationInput(key.TenantId, key.Kind, key.DocumentId, settings, recorded is null ? null : MoneyJson.Serialize(recorded)),
                // Never replace a running instance (durabletask-dotnet #542, #646), as SyncSignals.
                new StartOrchestrationOptions(key.InstanceId).WithDedupeStatuses(OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended),
                cancellationToken);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return false; // another caller started it a moment ago: the signal reaches that one
        }
    }
}
