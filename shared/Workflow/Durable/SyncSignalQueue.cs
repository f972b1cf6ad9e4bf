using System.Text.Json;
using Azure.Storage.Queues;
using CreditFunctions.Payments;
using CreditFunctions.Payments.Workflow;
using CreditFunctions.Workflow.Runtime;
using Microsoft.DurableTask.Client;

namespace CreditFunctions.Workflow.Durable;

/// <summary>
/// The hop between intake and the engine: intake puts a signal on queue <see cref="Name"/> (one Storage request, sent
/// alongside the event's record), answers 202, and function <c>DeliverSyncSignal</c> hands it to the instance (or
/// starts it) through <see cref="SyncSignals"/>. The acknowledgement never waits on the engine, and a signal survives
/// a crash after the 202: it is a queue message until delivered (at least once; the orchestration ignores repeats).
/// Money documents' signals (docs/payments.md) ride on the same queue, marked with their kind, and are delivered
/// through <see cref="MoneySignals"/>.
/// </summary>
public sealed class SyncSignalQueue(QueueClient queue, SyncSignals signals, MoneySignals? money = null)
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

    /// <summary>Queues a signal for a money document's orchestration (<see cref="MoneyInstanceKey.InstanceId"/>).</summary>
    public async Task EnqueueAsync(MoneyInstanceKey key, SyncSignal signal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signal);
        await queue.SendMessageAsync(JsonSerializer.Serialize(new QueuedSignal(key.TenantId, key.DocumentId, signal, key.Kind), s_json), cancellationToken);
    }

    /// <summary>Delivers one queued signal. A malformed message throws (and ends in the poison queue): only intake writes here.</summary>
    public async Task DeliverAsync(string messageText, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var queued = JsonSerializer.Deserialize<QueuedSignal>(messageText, s_json)
            ?? throw new InvalidDataException("A sync signal message was empty.");
        if (queued.Money is { } kind)
        {
            var target = money ?? throw new InvalidOperationException("A money signal was queued but the money workflow is not registered.");
            await target.SendAsync(durable, new MoneyInstanceKey(queued.TenantId, kind, queued.CreditNoteId), queued.Signal, cancellationToken);
            return;
        }

        await signals.SendAsync(durable, new SyncInstanceKey(queued.TenantId, queued.CreditNoteId), queued.Signal, cancellationToken);
    }

    /// <param name="Money">Set for a money document (<paramref name="CreditNoteId"/> is then its id); absent for a credit note.</param>
    private sealed record QueuedSignal(string TenantId, string CreditNoteId, SyncSignal Signal, MoneyDocumentKind? Money = null);
}
