using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using CreditFunctions.Diagnostics;

namespace CreditFunctions.Workflow.Runtime;

/// <summary>
/// The timer's work, every minute: visit every unfinished instance and tell it time has passed. The decider raises
/// the SLA alert once and recovers branches whose step message or call was lost; this class only walks and counts.
/// </summary>
public sealed partial class SyncSweeper(ActiveInstances active, SyncRunner runner, SyncMetrics metrics, IOptions<WorkflowOptions> options, ILogger<SyncSweeper> logger)
{
    public async Task<SweepSummary> SweepAsync(CancellationToken cancellationToken)
    {
        var visited = 0;
        var late = 0;
        var failed = 0;
        await Parallel.ForEachAsync(
            active.ListAsync(cancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.SweepConcurrency, CancellationToken = cancellationToken },
            async (key, ct) =>
            {
                Interlocked.Increment(ref visited);
                try
                {
                    if (await runner.TickAsync(key, ct))
                    {
                        Interlocked.Increment(ref late);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One broken instance must not stop the sweep of the others; it is visited again next minute.
                    Interlocked.Increment(ref failed);
                    TickFailed(logger, key.CreditNoteId, key.TenantId, e);
                }
            });
        metrics.DocumentsOverSla(late);
        var summary = new SweepSummary(visited, late, failed);
        Swept(logger, visited, late, failed);
        return summary;
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Sweep visited {Visited} unfinished instances: {Late} past their deadline, {Failed} could not be visited")]
    private static partial void Swept(ILogger logger, int visited, int late, int failed);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Credit note {CreditNoteId} of tenant {TenantId}: the sweep could not visit it")]
    private static partial void TickFailed(ILogger logger, string creditNoteId, string tenantId, Exception exception);
}

public sealed record SweepSummary(int Visited, int Late, int Failed);
