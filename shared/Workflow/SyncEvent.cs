using System.Text.Json.Serialization;
using CreditFunctions.Alerts;
using CreditFunctions.Ledgers;

namespace CreditFunctions.Workflow;

/// <summary>
/// What happened to one workflow instance: the only input of <see cref="SyncDecider.Evolve"/>. A closed
/// hierarchy; each event carries the time it happened (<see cref="At"/>). Serialisable (type discriminator
/// <c>$type</c>) so the runner may keep an audit trail.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(SyncStarted), "started")]
[JsonDerivedType(typeof(VersionAccepted), "versionAccepted")]
[JsonDerivedType(typeof(BranchAdded), "branchAdded")]
[JsonDerivedType(typeof(LedgerWriteIntended), "writeIntended")]
[JsonDerivedType(typeof(LedgerWriteSucceeded), "writeSucceeded")]
[JsonDerivedType(typeof(LedgerWriteFailed), "writeFailed")]
[JsonDerivedType(typeof(ReadBackMissed), "readBackMissed")]
[JsonDerivedType(typeof(ReadBackFailed), "readBackFailed")]
[JsonDerivedType(typeof(DocumentRedated), "redated")]
[JsonDerivedType(typeof(BranchHeld), "held")]
[JsonDerivedType(typeof(BranchSynced), "synced")]
[JsonDerivedType(typeof(BranchVoided), "voided")]
[JsonDerivedType(typeof(BranchResumed), "resumed")]
[JsonDerivedType(typeof(StepRecovered), "stepRecovered")]
[JsonDerivedType(typeof(AlertRaised), "alert")]
public abstract record SyncEvent(DateTimeOffset At);

/// <summary>The instance was created by its first event.</summary>
public sealed record SyncStarted(string TenantId, string CreditNoteId, IReadOnlyList<BranchConnection> Connections, DateTimeOffset At) : SyncEvent(At);

/// <summary>
/// <paramref name="Target"/> is now what every branch must reach, under the tenant's <paramref name="Policy"/>;
/// <paramref name="Deadline"/> is the document's SLA deadline. Synced and failed branches become active again;
/// parked ones wait for their connection; voided ones stay voided.
/// </summary>
public sealed record VersionAccepted(DocumentTarget Target, SyncPolicy Policy, DateTimeOffset Deadline, DateTimeOffset At) : SyncEvent(At);

/// <summary>A connection the tenant added after the instance started.</summary>
public sealed record BranchAdded(BranchConnection Connection, DateTimeOffset At) : SyncEvent(At);

/// <summary>Recorded (and saved) before the ledger call: the exactly-once protocol's first half.</summary>
public sealed record LedgerWriteIntended(
    string ConnectionId, LedgerOperation Operation, long Version, int? AllocationIndex, DateOnly? Date, LedgerWriteKey Key, DateTimeOffset At) : SyncEvent(At);

/// <summary>
/// The write under <paramref name="Key"/> is in the ledger: <paramref name="LedgerId"/> is the document id
/// (create, update, void) or the allocation id. <paramref name="ViaReadBack"/> when a read-back proved it.
/// </summary>
public sealed record LedgerWriteSucceeded(string ConnectionId, LedgerWriteKey Key, string? LedgerId, bool ViaReadBack, DateTimeOffset At) : SyncEvent(At);

/// <summary>
/// The write under <paramref name="Key"/> failed. <paramref name="RetryAt"/> null means it is not retried
/// (a <see cref="BranchHeld"/> follows). An <see cref="LedgerFailureKind.Ambiguous"/> failure keeps the write in
/// flight, to be read back; every other kind means the ledger did not apply it.
/// </summary>
public sealed record LedgerWriteFailed(
    string ConnectionId, LedgerWriteKey Key, LedgerFailureKind Kind, string Message, DateTimeOffset? RetryAt, DateTimeOffset At) : SyncEvent(At);

/// <summary>A read-back found no trace of the write in flight: it did not happen and is posted again (same key).</summary>
public sealed record ReadBackMissed(string ConnectionId, LedgerWriteKey Key, DateTimeOffset At) : SyncEvent(At);

/// <summary>The read-back itself failed; the write stays unconfirmed. <paramref name="RetryAt"/> null: not retried.</summary>
public sealed record ReadBackFailed(
    string ConnectionId, LedgerWriteKey Key, LedgerFailureKind Kind, string Message, DateTimeOffset? RetryAt, DateTimeOffset At) : SyncEvent(At);

/// <summary>
/// A closed period: the branch posts the document (or, with <paramref name="AllocationIndex"/>, that allocation)
/// dated <paramref name="Date"/> instead (ClosedPeriodPolicy.Redate; ledger-apis.md X18).
/// </summary>
public sealed record DocumentRedated(string ConnectionId, int? AllocationIndex, DateOnly Date, DateTimeOffset At) : SyncEvent(At);

/// <summary>The branch stops until an operator or a reconnection moves it (<see cref="BranchPhase.Failed"/> or <see cref="BranchPhase.Parked"/>).</summary>
public sealed record BranchHeld(string ConnectionId, BranchPhase Phase, string Reason, DateTimeOffset At) : SyncEvent(At);

/// <summary>The ledger holds <paramref name="Version"/> with its allocations.</summary>
public sealed record BranchSynced(string ConnectionId, long Version, DateTimeOffset At) : SyncEvent(At);

/// <summary>The ledger document is voided, or (<paramref name="WithoutCall"/>) was never created so nothing was sent.</summary>
public sealed record BranchVoided(string ConnectionId, bool WithoutCall, DateTimeOffset At) : SyncEvent(At);

/// <summary>A failed or parked branch runs again; <paramref name="NewRound"/> (an operator retry) gives its writes new keys.</summary>
public sealed record BranchResumed(string ConnectionId, bool NewRound, DateTimeOffset At) : SyncEvent(At);

/// <summary>The sweep found the branch due with no step in flight (a lost message, a crashed call): the runner re-enqueues it.</summary>
public sealed record StepRecovered(string ConnectionId, DateTimeOffset At) : SyncEvent(At);

/// <summary>
/// An operator must hear about this. <paramref name="ConnectionId"/> is null for document-level alerts (SLA).
/// The alert layer may dedupe across documents (e.g. one ConnectionLost per connection).
/// </summary>
public sealed record AlertRaised(AlertKind Kind, string? ConnectionId, string Message, DateTimeOffset At) : SyncEvent(At);
