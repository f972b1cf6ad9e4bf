namespace CreditFunctions.LocalHost.Hosting;

/// <summary>
/// Business handler for one timer function. The timer only says "time has passed" (STYLE.md); a failed run
/// is not retried before the next occurrence (azure-platform.md §1.2 c), so handlers must tolerate gaps.
/// </summary>
public interface ITimerFunctionHandler
{
    Task RunAsync(TimerInvocation invocation, CancellationToken cancellationToken);
}
