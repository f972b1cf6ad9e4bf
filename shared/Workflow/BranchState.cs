using CreditFunctions.Ledgers;

namespace CreditFunctions.Workflow;

/// <summary>
/// The sync of one document to one ledger connection. Facts only (what the ledger holds, what is in flight,
/// when to try next); the next operation is derived by <see cref="SyncDecider.NextStep"/>.
/// </summary>
public sealed record BranchState
{
    public required string ConnectionId { get; init; }

    public required LedgerKind Ledger { get; init; }

    /// <summary>From <see cref="LedgerCapabilities.CanUpdateApproved"/>: an approved document may be updated in place.</summary>
    public bool CanUpdateApproved { get; init; }

    /// <summary>From <see cref="LedgerCapabilities.MaxIdempotencyKeyLength"/> (Xero 128: ledger-apis.md X13; QuickBooks 50: Q5).</summary>
    public int MaxKeyLength { get; init; } = LedgerWriteKeys.DefaultMaxLength;

    public BranchPhase Phase { get; init; } = BranchPhase.Active;

    /// <summary>The ledger's id of the current document (the one created by the latest generation); null before it exists.</summary>
    public string? LedgerDocumentId { get; init; }

    /// <summary>The version the current ledger document holds.</summary>
    public long? AppliedVersion { get; init; }

    /// <summary>The allocations this branch made on the current ledger document that are still there (while any are, Xero refuses to edit or void it: X7).</summary>
    public IReadOnlyList<PostedAllocation> PostedAllocations { get; init; } = [];

    /// <summary>The <see cref="PostedAllocation.Seq"/> the next allocation gets; never reused, so removal keys never repeat.</summary>
    public int NextAllocationSeq { get; init; } = 1;

    /// <summary>True when the current ledger document has been voided.</summary>
    public bool LedgerVoided { get; init; }

    /// <summary>1 for the first ledger document; +1 each time a document is voided to be recreated. Part of every key.</summary>
    public int Generation { get; init; } = 1;

    /// <summary>The last document voided to be replaced, so a read-back by number does not mistake it for the new one.</summary>
    public string? ReplacedLedgerDocumentId { get; init; }

    /// <summary>Set when a closed period made us re-date the document (ClosedPeriodPolicy.Redate).</summary>
    public DateOnly? RedatedTo { get; init; }

    /// <summary>The target's requested allocations and how far each got.</summary>
    public IReadOnlyList<AllocationState> Allocations { get; init; } = [];

    /// <summary>A write recorded as intended and not yet confirmed; while set, nothing new is posted.</summary>
    public PendingWrite? InFlight { get; init; }

    /// <summary>1 at first; +1 for each operator retry. Part of every key so a retried write is a new request.</summary>
    public int Round { get; init; } = 1;

    /// <summary>Attempts made (history, never reset): the first write opens attempt 1, each write after a failure opens the next.</summary>
    public int Attempts { get; init; }

    /// <summary>True between an attempt's first write and its next failure.</summary>
    public bool AttemptOpen { get; init; }

    /// <summary>Failures since the last success: drives the backoff.</summary>
    public int ConsecutiveFailures { get; init; }

    /// <summary>When the next step may run; null when the branch has nothing to do.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>
    /// Until when a step message (or a ledger call) for this branch is believed to be in flight. The sweep only
    /// re-enqueues a due branch once this has passed, so a legitimately running step is not doubled.
    /// </summary>
    public DateTimeOffset? LeaseUntil { get; init; }

    /// <summary>The last failure, in the ledger's words (safe to show).</summary>
    public string? LastError { get; init; }

    public LedgerFailureKind? LastErrorKind { get; init; }

    /// <summary>When the branch last reached the target (synced or voided).</summary>
    public DateTimeOffset? SyncedAt { get; init; }

    /// <summary>The daily-limit alert went out for this branch (cleared by the next success).</summary>
    public bool DailyLimitAlerted { get; init; }
}

public enum BranchPhase
{
    /// <summary>Has work (pending, in progress, or waiting to retry).</summary>
    Active,

    /// <summary>The ledger holds the target version with its allocations.</summary>
    Synced,

    /// <summary>The target is void and the ledger document is voided (or was never created).</summary>
    Voided,

    /// <summary>Needs attention: a permanent ledger error, a held closed period, a poisoned message.</summary>
    Failed,

    /// <summary>The connection lost its authorisation; resumes on <see cref="RestoreConnection"/>.</summary>
    Parked,
}
