using CreditFunctions.Tenants;
using CreditFunctions.Workflow.Runtime;

namespace CreditFunctions.Workflow.Durable;

/// <summary>
/// The state the status API shows: what the orchestration last recorded, or — for a document accepted a moment ago
/// whose orchestration has not recorded yet — the state its first event leads to (pending on every connection),
/// derived with the decider from the recorded event. Null when the document was never accepted.
/// </summary>
public sealed class SyncStatusReader(SyncStore store, ITenantDirectory tenants, SyncStateActivities activities)
{
    public async Task<SyncState?> LoadAsync(SyncInstanceKey key, CancellationToken cancellationToken)
    {
        if (await store.LoadAsync(key, cancellationToken) is { State.Exists: true } loaded)
        {
            return loaded.State;
        }

        if (tenants.Find(key.TenantId) is not { } tenant || await store.NewestEventAsync(key, cancellationToken) is not { } newest)
        {
            return null;
        }

        var accept = new AcceptEvent(key.TenantId, key.CreditNoteId, newest.Target, SyncPolicy.From(tenant), activities.Connections(tenant), newest.ReceivedAt);
        return SyncDecider.EvolveAll(SyncState.Initial, SyncDecider.Decide(SyncState.Initial, accept));
    }
}
