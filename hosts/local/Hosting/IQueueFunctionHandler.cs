namespace CreditFunctions.LocalHost.Hosting;

/// <summary>
/// Business handler for one queue function, the same in both modes. Returning means the message is done
/// (deleted); throwing fails the invocation, so the message is retried after host.json
/// <c>visibilityTimeout</c> and poisoned after <c>maxDequeueCount</c> (azure-platform.md §1.4).
/// Delivery is at least once: handlers must be idempotent.
/// </summary>
public interface IQueueFunctionHandler
{
    Task HandleAsync(QueueInvocation invocation, CancellationToken cancellationToken);
}
