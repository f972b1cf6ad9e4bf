namespace CreditFunctions.LocalHost.Hosting.Durable;

/// <summary>
/// Section <c>DurableTask</c>: the task hub of the local engine. The defaults are host.json's
/// <c>extensions.durableTask</c> values, so the local host and the Functions app behave alike (a test checks they agree).
/// </summary>
public sealed class LocalDurableEngineOptions
{
    public const string SectionName = "DurableTask";

    /// <summary>Task hub name (tables, queues and blob containers start with it). Default <c>CreditFunctions</c>.</summary>
    public string HubName { get; set; } = "CreditFunctions";

    /// <summary>Control-queue partitions. Default 4.</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>Longest wait between queue polls when idle (a started orchestration in this process wakes the poller at once). Default 00:00:01.</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a dequeued activity message stays hidden: after a crash, the wait before another worker runs it. Default 00:00:30.</summary>
    public TimeSpan WorkItemQueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The same for orchestration (control-queue) messages. Default 00:00:30.</summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Activities one process runs at once. Default 32.</summary>
    public int MaxConcurrentActivities { get; set; } = 32;

    /// <summary>Orchestration episodes one process runs at once. Default 16.</summary>
    public int MaxConcurrentOrchestrations { get; set; } = 16;
}
