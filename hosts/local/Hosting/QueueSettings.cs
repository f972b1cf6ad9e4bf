namespace CreditFunctions.LocalHost.Hosting;

/// <summary>
/// host.json <c>extensions.queues</c>, read by both modes. Defaults are the queue extension's own
/// (azure-platform.md §1.4): maxPollingInterval 1 min, visibilityTimeout 0, batchSize 16 (max 32),
/// maxDequeueCount 5, newBatchThreshold batchSize/2, messageEncoding base64.
/// </summary>
public sealed record QueueSettings(
    int BatchSize,
    int NewBatchThreshold,
    TimeSpan VisibilityTimeout,
    int MaxDequeueCount,
    TimeSpan MaxPollingInterval,
    QueueMessageEncoding MessageEncoding)
{
    public static QueueSettings Default { get; } =
        new(16, 8, TimeSpan.Zero, 5, TimeSpan.FromMinutes(1), QueueMessageEncoding.Base64);

    /// <summary>Most invocations one function runs at once on one instance (azure-platform.md §1.4).</summary>
    public int MaxConcurrency => BatchSize + NewBatchThreshold;
}
