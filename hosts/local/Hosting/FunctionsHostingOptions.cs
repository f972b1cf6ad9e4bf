namespace CreditFunctions.LocalHost.Hosting;

/// <summary>Configuration section <c>FunctionsHosting</c> (local host). Queue names, schedules and queue settings are NOT here: they come from host.json and functions.metadata.</summary>
public sealed class FunctionsHostingOptions
{
    public const string SectionName = "FunctionsHosting";

    /// <summary>
    /// Folder holding the Functions app's host.json and functions.metadata. Default: the local host's base directory
    /// (its build copies both there).
    /// </summary>
    public string? ManifestRoot { get; set; }

    /// <summary>
    /// Self-hosted mode only: prepended to every queue name from functions.metadata, so several app instances (test runs)
    /// can share one storage account without taking each other's messages. The Functions host never reads it. Default: none.
    /// </summary>
    public string QueueNamePrefix { get; set; } = "";

    /// <summary>Self-hosted mode only: run the queue listeners. Default true.</summary>
    public bool RunQueueListeners { get; set; } = true;

    /// <summary>Self-hosted mode only: run the timers. Default true.</summary>
    public bool RunTimers { get; set; } = true;

    /// <summary>
    /// How long a received message stays invisible while its handler runs; renewed every third of it, as the
    /// Functions queue listener keeps extending visibility (azure-platform.md §1.4). A crashed process's messages
    /// reappear after at most this. Default 00:01:00.
    /// </summary>
    public TimeSpan MessageLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Shortest wait between polls of an empty queue; doubles up to host.json maxPollingInterval. Default 00:00:00.100.</summary>
    public TimeSpan MinPollingInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// On shutdown, how long in-flight handlers may run before they are cancelled and abandoned (their messages are
    /// not deleted, so they come back). Default 00:00:20, under the host's default 30 s shutdown timeout.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
