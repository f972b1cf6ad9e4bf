using Microsoft.Extensions.Logging;

namespace CreditFunctions.LocalHost.Hosting;

/// <summary>Hosting log events, ids 5000-5099. Never logs message bodies (they carry documents).</summary>
internal static partial class HostingLog
{
    [LoggerMessage(5000, LogLevel.Information, "Local host: {FunctionCount} functions from {ManifestRoot} (host.json, functions.metadata)")]
    public static partial void ManifestLoaded(ILogger logger, int functionCount, string manifestRoot);

    [LoggerMessage(5002, LogLevel.Warning, "Invocation {FunctionName} ({InvocationId}) rejected: {Reason}")]
    public static partial void InvocationRejected(ILogger logger, string functionName, string? invocationId, string reason);

    [LoggerMessage(5010, LogLevel.Information, "Queue listener {FunctionName} started on {QueueName} (batch {BatchSize}, max concurrency {MaxConcurrency})")]
    public static partial void ListenerStarted(ILogger logger, string functionName, string queueName, int batchSize, int maxConcurrency);

    [LoggerMessage(5011, LogLevel.Information, "Queue listener {FunctionName} stopped; {Abandoned} in-flight messages abandoned to reappear")]
    public static partial void ListenerStopped(ILogger logger, string functionName, int abandoned);

    [LoggerMessage(5012, LogLevel.Warning, "Message {MessageId} on {QueueName} failed in {FunctionName} (dequeue {DequeueCount}); released for {RetryAfter}")]
    public static partial void MessageReleased(ILogger logger, string messageId, string queueName, string functionName, long dequeueCount, TimeSpan retryAfter, Exception exception);

    [LoggerMessage(5013, LogLevel.Error, "Message {MessageId} on {QueueName} failed in {FunctionName} {DequeueCount} times; moved to {PoisonQueueName}")]
    public static partial void MessagePoisoned(ILogger logger, string messageId, string queueName, string functionName, long dequeueCount, string poisonQueueName, Exception exception);

    [LoggerMessage(5014, LogLevel.Warning, "Queue listener {FunctionName} could not reach {QueueName}; retrying")]
    public static partial void ReceiveFailed(ILogger logger, string functionName, string queueName, Exception exception);

    [LoggerMessage(5015, LogLevel.Warning, "Could not settle message {MessageId} on {QueueName}; it will reappear when its lease ends")]
    public static partial void SettleFailed(ILogger logger, string messageId, string queueName, Exception exception);

    [LoggerMessage(5016, LogLevel.Warning, "Could not extend the lease of message {MessageId} on {QueueName}")]
    public static partial void LeaseRenewalFailed(ILogger logger, string messageId, string queueName, Exception exception);

    [LoggerMessage(5020, LogLevel.Information, "Timer {FunctionName} armed for {Due} ({Schedule})")]
    public static partial void TimerArmed(ILogger logger, string functionName, DateTimeOffset due, string schedule);

    [LoggerMessage(5021, LogLevel.Error, "Timer {FunctionName} run for {Due} failed; next run at the next occurrence")]
    public static partial void TimerFailed(ILogger logger, string functionName, DateTimeOffset due, Exception exception);
}
