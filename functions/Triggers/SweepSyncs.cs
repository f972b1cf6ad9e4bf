using CreditFunctions.Workflow.Runtime;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace CreditFunctions.Functions.Triggers;

/// <summary>
/// Function <c>SweepSyncs</c> (timer, every minute): SLA alerts for late documents, and a restart for any document
/// whose orchestration stopped (docs/workflow.md "The timer").
/// </summary>
public sealed class SweepSyncs(SyncSweeper sweeper)
{
    /// <summary>NCRONTAB with seconds: at second 0 of every minute.</summary>
    public const string Schedule = "0 */1 * * * *";

    [Function(nameof(SweepSyncs))]
    public Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        sweeper.SweepAsync(durable, cancellationToken);
}
