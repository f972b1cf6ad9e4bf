using CreditFunctions.Workflow.Durable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using CreditFunctions.Diagnostics;

using Microsoft.DurableTask.Client;
using System.Collections.Concurrent;
using static CreditFunctions.Diagnostics.TelemetryNames;

namespace CreditFunctions.Workflow.Runtime;

/// <summary>
/// The timer's work, every minute: visit every unfinished document. One whose orchestration is missing or ended (a
/// start that never landed, an instance that failed) is started again from its recorded state; one past its deadline
/// without an SLA alert is told the time (the decider raises the alert once; the orchestration's own durable timer
/// normally beats us to it); a finished one leaves the index. This class only walks, signals and counts.
/// </summary>
public sealed partial class SyncSweeper(
    ActiveInstances active, SyncStore store, SyncSignals signals, SyncMetrics metrics, TimeProvider time, IOptions<WorkflowOptions> options, ILogger<SyncSweeper> logger)
{
    public async Task<SweepSummary> SweepAsync(DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var visited = 0;
        var late = 0;
        var failed = 0;
        var found = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            active.ListAsync(cancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.SweepConcurrency, CancellationToken = cancellationToken },
            async (key, ct) =>
            {
                Interlocked.Increment(ref visited);
                using var scope = logger.BeginDocument(key.TenantId, key.CreditNoteId);
                try
                {
                    var (isLate, state) = await VisitAsync(durable, key, ct);
                    found.AddOrUpdate(state, 1, (_, n) => n + 1);
                    if (isLate)
                    {
                        Interlocked.Increment(ref late);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One broken instance must not stop the sweep of the others; it is visited again next minute.
                    Interlocked.Increment(ref failed);
                    found.AddOrUpdate(InstanceState.Unvisited, 1, (_, n) => n + 1);
                    TickFailed(logger, key.CreditNoteId, key.TenantId, e);
                }
            });
        metrics.DocumentsOverSla(late);
        metrics.Instances(found);
        var summary = new SweepSummary(visited, late, failed);
        Swept(logger, visited, late, failed);
        return summary;
    }

    /// <summary>
    /// How long an accepted document may wait for its queued signal before the timer starts its orchestration itself:
    /// the queue's retries (5 deliveries, 30 s visibility) end well inside it.
    /// </summary>
    public static readonly TimeSpan SignalGrace = SyncDecider.StepLease;

    /// <summary>How long past its retry time a branch may wait before the timer nudges its orchestration.</summary>
    public static readonly TimeSpan OverdueAfter = TimeSpan.FromMinutes(1);

    /// <summary>One document's visit; true when it is late and unfinished.</summary>
    public async Task<bool> TickAsync(DurableTaskClient durable, SyncInstanceKey key, CancellationToken cancellationToken) =>
        (await VisitAsync(durable, key, cancellationToken)).Late;

    /// <summary>One document's visit: whether it is late and unfinished, and what was found of its orchestration (<see cref="InstanceState"/>).</summary>
    private async Task<(bool Late, string State)> VisitAsync(DurableTaskClient durable, SyncInstanceKey key, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var loaded = await store.LoadAsync(key, cancellationToken);
        if (loaded is null || !loaded.State.Exists)
        {
            // Not recorded by an orchestration yet. No event either: the intake batch failed, or is still landing (the
            // index row goes out beside it), so only a row older than a lease is an orphan.
            if (await store.NewestEventAsync(key, cancellationToken) is not { } newest)
            {
                await active.RemoveOrphanAsync(key, now, SyncDecider.StepLease, cancellationToken);
                return (false, InstanceState.Completed);
            }

            if (now - newest.ReceivedAt < SignalGrace)
            {
                // Its signal is still on the queue (a backlog): starting it here would only double the work, as the
                // delivery then signals the instance we started.
                return (false, InstanceState.Queued);
            }

            if (!await SyncSignals.IsRunningAsync(durable, key, cancellationToken))
            {
                await RestartAsync(durable, key, now, cancellationToken);
                return (false, InstanceState.Restarted);
            }

            return (false, InstanceState.Running);
        }

        if (loaded.State.IsComplete)
        {
            await active.RemoveAsync(key, cancellationToken);
            return (false, InstanceState.Completed);
        }

        var state = InstanceState.Running;
        if (!await SyncSignals.IsRunningAsync(durable, key, cancellationToken))
        {
            await RestartAsync(durable, key, now, cancellationToken);
            state = InstanceState.Restarted;
        }

        // Told the time when the document is late without its alert, or when a branch's retry is overdue by the app's
        // clock (its durable timer should have fired by now): the orchestration decides what that means.
        var late = now >= loaded.State.Deadline;
        var overdue = loaded.State.Branches.Any(b => b.Phase == BranchPhase.Active && b.NextAttemptAt + OverdueAfter <= now);
        if ((late && loaded.State.SlaBreachedAt is null) || overdue)
        {
            await signals.SendAsync(durable, key, new SyncSignal(SyncSignalKind.Tick, now), cancellationToken);
        }

        return (late, state);
    }

    private async Task RestartAsync(DurableTaskClient durable, SyncInstanceKey key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Restarted(logger, key.CreditNoteId, key.TenantId);
        await signals.SendAsync(durable, key, new SyncSignal(SyncSignalKind.Inbox, now), cancellationToken);
    }

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Credit note {CreditNoteId} of tenant {TenantId}: no running orchestration; started again from its recorded state")]
    private static partial void Restarted(ILogger logger, string creditNoteId, string tenantId);

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Sweep visited {Visited} unfinished instances: {Late} past their deadline, {Failed} could not be visited")]
    private static partial void Swept(ILogger logger, int visited, int late, int failed);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Credit note {CreditNoteId} of tenant {TenantId}: the sweep could not visit it")]
    private static partial void TickFailed(ILogger logger, string creditNoteId, string tenantId, Exception exception);
}

public sealed record SweepSummary(int Visited, int Late, int Failed);
