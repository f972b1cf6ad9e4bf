using CreditFunctions.Ledgers;

namespace CreditFunctions.Workflow.Durable;

/// <summary>
/// The names and messages of the durable sync workflow (docs/workflow.md): one orchestration per tenant + credit note
/// (<see cref="InstanceId"/>), its activities, and the one external event it listens to (<see cref="SignalEvent"/>).
/// The Functions app and the local host register the same names.
/// </summary>
public static class SyncOrchestration
{
    public const string Name = "CreditNoteSync";
    public const string SignalEvent = "signal";

    public const string LoadStateActivity = "LoadSyncState";
    public const string ReadInboxActivity = "ReadSyncInbox";
    public const string RecordActivity = "RecordSyncProgress";
    public const string LedgerWriteActivity = "WriteToLedger";
    public const string LedgerReadBackActivity = "ReadBackFromLedger";

    /// <summary>Deterministic: a redelivered or amended document reaches the same instance. Ids are safe (DocumentLimits.IsSafeId), so '|' is free.</summary>
    public static string InstanceId(string tenantId, string creditNoteId) => "cn|" + tenantId + "|" + creditNoteId;
}

/// <summary>
/// Input of <see cref="SyncOrchestration.Name"/>. <paramref name="StateJson"/> carries the state across ContinueAsNew
/// (null on a first start: the instance loads its last recorded state, if any). <paramref name="Settings"/> are the
/// durations the orchestrator uses, passed in so tests can pass short ones (no orchestrator reads configuration).
/// </summary>
/// <paramref name="ClockOffset"/> carries how far the app's clock is ahead of the orchestration's (see <c>SyncLoop</c>).
/// <paramref name="TraceParent"/> is the W3C trace context of the event being synced (Diagnostics/SyncTracing.cs).
public sealed record SyncOrchestrationInput(
    string TenantId, string CreditNoteId, SyncSettings Settings, string? StateJson = null, TimeSpan ClockOffset = default, string? TraceParent = null);

/// <summary>Durations and limits of one orchestration (defaults in each property's comment).</summary>
public sealed record SyncSettings
{
    /// <summary>Handled messages before the instance continues as new, keeping its history short. Default 50.</summary>
    public int MaxMessagesPerExecution { get; init; } = 50;

    /// <summary>
    /// Attempts of a state activity that throws (storage unreachable) before the instance fails (the timer restarts it),
    /// and consecutive ledger calls that throw before their branch is marked poisoned. Default 5.
    /// </summary>
    public int ActivityAttempts { get; init; } = 5;

    /// <summary>Wait before an activity that threw runs again; doubles each time. Default 00:00:02.</summary>
    public TimeSpan ActivityRetryInterval { get; init; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// What reaches a running instance from outside: new events in its inbox, an operator's retry, a restored connection, the
/// timer. <paramref name="TraceParent"/>: the sender's W3C trace context; an inbox signal's becomes the trace the
/// instance's next ledger calls join.
/// </summary>
public sealed record SyncSignal(SyncSignalKind Kind, DateTimeOffset At, string? ConnectionId = null, string? TraceParent = null);

public enum SyncSignalKind
{
    /// <summary>Intake stored an event for the document: read the inbox.</summary>
    Inbox,

    /// <summary>An operator asked to run failed branches again.</summary>
    Retry,

    /// <summary>The connection works again: its parked branch resumes.</summary>
    Restore,

    /// <summary>The timer: time has passed (SLA), at <see cref="SyncSignal.At"/> by the app's clock.</summary>
    Tick,
}

/// <summary>The newest accepted event of a document (what every branch must reach), with the tenant's policy and connections now.</summary>
public sealed record InboxItem(DocumentTarget Target, SyncPolicy Policy, IReadOnlyList<BranchConnection> Connections, DateTimeOffset ReceivedAt);

/// <summary>One ledger write the orchestrator decided (<see cref="BranchStep.Write"/>) for a branch.</summary>
public sealed record LedgerWriteRequest(string TenantId, string CreditNoteId, string ConnectionId, LedgerKind Ledger, BranchStep.Write Write, string? TraceParent = null);

/// <summary>A read-back of the write in flight on a branch (<see cref="BranchStep.ReadBack"/>).</summary>
public sealed record LedgerReadBackRequest(
    string TenantId, string CreditNoteId, string ConnectionId, LedgerKind Ledger, LedgerWriteKey Key, long Version, DateOnly? Date, LedgerOperation Operation, string? TraceParent = null);

/// <summary>
/// A ledger call's outcome as a value: the ledger's id on success, else the classified failure; for a read-back,
/// the document found (null: none). <paramref name="Jitter"/> in [0, 1) spreads a retry (drawn in the activity, so
/// the orchestrator stays deterministic).
/// </summary>
/// <paramref name="At"/> is the app's clock when the call finished.
public sealed record LedgerCallResult(bool Succeeded, string? LedgerId, LedgerFailure? Failure, double Jitter, LedgerDocument? Found = null, DateTimeOffset At = default);

/// <summary>What <see cref="SyncOrchestration.RecordActivity"/> writes: the state for the status API, the alerts to publish, the latencies to report.</summary>
public sealed record SyncProgress(
    string TenantId, string CreditNoteId, string StateJson, IReadOnlyList<SyncAlert> Alerts, IReadOnlyList<SyncedBranch> Synced, string? TraceParent = null);

public sealed record SyncAlert(Alerts.AlertKind Kind, string? ConnectionId, string Message, DateTimeOffset At);

public sealed record SyncedBranch(LedgerKind Ledger, TimeSpan Latency);
