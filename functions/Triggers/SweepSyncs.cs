using CreditFunctions.App.Hosting;
using CreditFunctions.Workflow.Runtime;

namespace CreditFunctions.App.Triggers;

/// <summary>Function <c>SweepSyncs</c> (timer, every minute): time has passed for every unfinished instance.</summary>
internal sealed class SweepSyncs(SyncSweeper sweeper) : ITimerFunctionHandler
{
    public const string Name = "SweepSyncs";

    public Task RunAsync(TimerInvocation invocation, CancellationToken cancellationToken) => sweeper.SweepAsync(cancellationToken);
}
