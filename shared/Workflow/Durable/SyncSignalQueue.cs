using System.Text.Json;
using Azure.Storage.Queues;
using CreditFunctions.Workflow.Runtime;
using Microsoft.DurableTask.Client;

namespace CreditFunctions.Workflow.Durable;

/// <summary>
/// The hop between intake and the engine: intake puts a signal on queue <see cref="Name"/> (one Storage request, sent
/// alongside the event's record), answers 202, and function <c>DeliverSyncSignal</c> hands it to the instance (or
/// starts it) through <see cref="SyncSignals"/>. The acknowledgement never waits on the engine, and a signal survives
/// a crash after the 202: it is a queue message until delivered (at least once; the orchestration ignores repeats).
/// </summary>
public sealed class SyncSignalQueue(QueueClient queue, SyncSignals signals)
{
    /// <summary>The queue function's queue (its <c>[QueueTrigger]</c>); tests and the local host may prefix it.</summary>
    public const string Name = "sync-signals";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    internal QueueClient Queue => queue;

    public async Task EnqueueAsync(SyncInstanceKey key, SyncSignal signal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signal);
        await queue.SendMessageAsync(JsonSerializer.Serialize(new QueuedSignal(key.TenantId, key.CreditNoteId, signal), s_json), cancellationToken);
    }

    /// <summary>Delivers one queued signal. A malformed message throws (and ends in the poison queue): only intake writes here.</summary>
    public async Task DeliverAsync(string messageText, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var queued = JsonSerializer.Deserialize<QueuedSignal>(messageText, s_json)
            ?? throw new InvalidDataException("A sync signal message was empty.");
        await signals.SendAsync(durable, new SyncInstanceKey(queued.TenantId, queued.CreditNoteId), queued.Signal, cancellationToken);
    }

    private sealed record QueuedSignal(string TenantId, string CreditNoteId, SyncSignal Signal);
}
