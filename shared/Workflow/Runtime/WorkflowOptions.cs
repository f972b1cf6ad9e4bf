namespace CreditFunctions.Workflow.Runtime;

/// <summary>Configuration section <c>Workflow</c>: how the runner stores and moves workflow instances.</summary>
public sealed class WorkflowOptions
{
    public const string SectionName = "Workflow";

    /// <summary>Prefix for every table name; tests isolate runs with it. Default: none.</summary>
    public string TablePrefix { get; set; } = "";

    /// <summary>
    /// A ledger call that takes longer is abandoned and reported Ambiguous (read back before anything is posted
    /// again). Must stay well under <see cref="SyncDecider.StepLease"/>. Default 00:01:00.
    /// </summary>
    public TimeSpan LedgerCallTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Create calls one ledger connection may have running before further creates wait to share a call (a batch of up
    /// to the ledger's size, Xero 50): see <see cref="Ledgers.LedgerCreateBatcher"/>. Default 2.
    /// </summary>
    public int CreateCallsInFlightPerConnection { get; set; } = Ledgers.LedgerCreateBatcher.DefaultCallsInFlight;

    /// <summary>The orchestration's durations and limits (<see cref="Durable.SyncSettings"/>; defaults there).</summary>
    public Durable.SyncSettings Durable { get; set; } = new();

    /// <summary>
    /// The queue intake puts signals on for function <c>DeliverSyncSignal</c>. Default <c>sync-signals</c> (the
    /// function's trigger); the local host prefixes it with <c>FunctionsHosting:QueueNamePrefix</c>, as it does the listener.
    /// </summary>
    public string SignalQueue { get; set; } = CreditFunctions.Workflow.Durable.SyncSignalQueue.Name;

    /// <summary>How many instances the sweep ticks at once. Default 8.</summary>
    public int SweepConcurrency { get; set; } = 8;
}
