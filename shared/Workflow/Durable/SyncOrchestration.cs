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
/// <paramref name="Opening"/> is what the starter read for a (re)start — the recorded state and the inbox — so the first
/// episode decides at once, without an activity (null after ContinueAsNew, where <paramref name="StateJson"/> carries on).
/// <paramref name="TraceParent"/> is the W3C trace context of the event being synced (Diagnostics/SyncTracing.cs).
public sealed record SyncOrchestrationInput(
    string TenantId, string CreditNoteId, SyncSettings Settings, string? StateJson = null, TimeSpan ClockOffset = default, SyncOpening? Opening = null, string? TraceParent = null);

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

/// <summary>
/// What a starter reads before it (re)starts an instance (<see cref="SyncSignals"/>): the last recorded state and the
/// inbox's newest event, passed in the input so the orchestration needs no activity to begin.
/// </summary>
public sealed record SyncOpening(string StateJson, InboxItem? Inbox);

/// <summary>The newest accepted event of a document (what every branch must reach), with the tenant's policy and connections now.</summary>
public sealed record InboxItem(DocumentTarget Target, SyncPolicy Policy, IReadOnlyList<BranchConnection> Connections, DateTimeOffset ReceivedAt);

/// <summary>
/// One ledger write the orchestrator decided (<see cref="BranchStep.Write"/>) for a branch. <paramref name="RecordFirst"/>:
/// progress to record before the call (the state that says the write is under way), carried here instead of in a
/// record activity of its own — one engine round trip fewer a write. <paramref name="TraceParent"/>: the synced event's trace.
/// </summary>
public sealed record LedgerWriteRequest(
    string TenantId, string CreditNoteId, string ConnectionId, LedgerKind Ledger, BranchStep.Write Write, SyncProgress? RecordFirst = null, string? TraceParent = null);

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

/// <summary>
/// What <see cref="SyncOrchestration.RecordActivity"/> writes: the state for the status API, the alerts to publish, the
/// latencies to report, and the events decided since the last record, for the document's timeline. Null
/// <paramref name="Events"/>: recorded by an execution from before timelines. <paramref name="TraceParent"/>: the synced event's trace.
/// </summary>
public sealed record SyncProgress(
    string TenantId, string CreditNoteId, string StateJson, IReadOnlyList<SyncAlert> Alerts, IReadOnlyList<SyncedBranch> Synced, IReadOnlyList<SyncTimelineEvent>? Events = null, string? TraceParent = null);

/// <summary>
/// One decided event for the timeline: the event as JSON (<see cref="SyncStateJson.Serialize(SyncEvent)"/>) and, for a
/// write, the attempt it belongs to (the branch's <see cref="BranchState.Attempts"/> once the write was intended).
/// </summary>
public sealed record SyncTimelineEvent(string Event, int? Attempt = null);

public sealed record SyncAlert(Alerts.AlertKind Kind, string? ConnectionId, string Message, DateTimeOffset At);

public sealed record SyncedBranch(LedgerKind Ledger, TimeSpan Latency);
