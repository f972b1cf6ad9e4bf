using CreditFunctions.Ledgers;

namespace CreditFunctions.Workflow;

/// <summary>
/// The status of one credit note as the contract shows it (GET /api/tenants/{tenantId}/credit-notes/{id},
/// contracts/order-events.md "Status"). Built by <see cref="From"/>; the API serialises it as is
/// (states via <see cref="Wire(SyncStatusState)"/>).
/// </summary>
public sealed record SyncStatusView(
    string Id,
    long Version,
    SyncStatusState State,
    DateTimeOffset AcceptedAt,
    DateTimeOffset Deadline,
    bool Late,
    IReadOnlyList<BranchStatusView> Ledgers)
{
    /// <summary>True when an operator should look at it (the attention list): failed, including a lost connection.</summary>
    public bool NeedsAttention => State == SyncStatusState.Failed;

    /// <summary>
    /// Document state: failed if any branch is failed or parked; voided if all are voided; synced if all are
    /// synced; syncing if any has a write under way or is retrying; pending otherwise. Late: past the deadline
    /// and not finished, or finished after it (or after its SLA alert).
    /// </summary>
    public static SyncStatusView From(SyncState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.Exists)
        {
            throw new InvalidOperationException("No status before the first event.");
        }

        var ledgers = state.Branches.Select(Branch).ToArray();
        var documentState =
            ledgers.Any(l => l.State == SyncStatusState.Failed) ? SyncStatusState.Failed
            : ledgers.Length > 0 && ledgers.All(l => l.State == SyncStatusState.Voided) ? SyncStatusState.Voided
            : ledgers.Length > 0 && ledgers.All(l => l.State is SyncStatusState.Synced or SyncStatusState.Voided) ? SyncStatusState.Synced
            : ledgers.Any(l => l.State == SyncStatusState.Syncing) ? SyncStatusState.Syncing
            : SyncStatusState.Pending;
        var finishedAt = state.IsComplete ? state.Branches.Max(b => b.SyncedAt) : null;
        // A breach stays on the record until a new version starts a new deadline: the orchestration's clock, which stamps
        // the finish, and the app's clock, which decided the breach, need not agree (tests move the app's).
        var late = (finishedAt ?? now) > state.Deadline || state.SlaBreachedAt is not null;
        return new SyncStatusView(state.CreditNoteId, state.Target!.Version, documentState, state.AcceptedAt, state.Deadline, late, ledgers);
    }

    /// <summary>The contract's spelling of a state.</summary>
    public static string Wire(SyncStatusState state) => state switch
    {
        SyncStatusState.Pending => "pending",
        SyncStatusState.Syncing => "syncing",
        SyncStatusState.Synced => "synced",
        SyncStatusState.Failed => "failed",
        SyncStatusState.Voided => "voided",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown state."),
    };

    /// <summary>The contract's spelling of an allocation state.</summary>
    public static string Wire(AllocationStatus status) => status switch
    {
        AllocationStatus.Pending => "pending",
        AllocationStatus.Allocated => "allocated",
        AllocationStatus.Waiting => "waiting",
        AllocationStatus.Failed => "failed",
        AllocationStatus.Skipped => "skipped",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown allocation state."),
    };

    /// <summary>The contract's spelling of a ledger (<c>xero</c>, <c>myob</c>, <c>quickbooks</c>).</summary>
    public static string Wire(LedgerKind ledger) => ledger.ToString().ToLowerInvariant();

    private static BranchStatusView Branch(BranchState branch)
    {
        var state = branch.Phase switch
        {
            BranchPhase.Synced => SyncStatusState.Synced,
            BranchPhase.Voided => SyncStatusState.Voided,
            BranchPhase.Failed or BranchPhase.Parked => SyncStatusState.Failed,
            _ when branch.InFlight is not null || branch.ConsecutiveFailures > 0 || branch.Attempts > 0
                || branch.Allocations.Any(a => a.Status == AllocationStatus.Waiting) => SyncStatusState.Syncing,
            _ => SyncStatusState.Pending,
        };
        return new BranchStatusView(
            branch.Ledger, branch.ConnectionId, state, branch.Phase == BranchPhase.Parked, branch.LedgerDocumentId,
            branch.Phase is BranchPhase.Synced or BranchPhase.Voided ? branch.SyncedAt : null,
            branch.Allocations.Select(a => new AllocationStatusView(a.Request.InvoiceNumber, a.Request.Amount, a.Status, a.LastError)).ToArray(),
            branch.Attempts, branch.LastError, branch.Phase == BranchPhase.Active ? branch.NextAttemptAt : null);
    }
}

/// <summary>
/// One ledger's part of <see cref="SyncStatusView"/>. <see cref="NeedsReconnecting"/> marks a parked branch
/// (shown failed with "connection needs reconnecting"). <see cref="NextAttemptAt"/> shows when a retry is due.
/// </summary>
public sealed record BranchStatusView(
    LedgerKind Ledger,
    string ConnectionId,
    SyncStatusState State,
    bool NeedsReconnecting,
    string? LedgerDocumentId,
    DateTimeOffset? SyncedAt,
    IReadOnlyList<AllocationStatusView> Allocations,
    int Attempts,
    string? LastError,
    DateTimeOffset? NextAttemptAt);

public sealed record AllocationStatusView(string InvoiceNumber, decimal Amount, AllocationStatus State, string? LastError);

public enum SyncStatusState
{
    Pending,
    Syncing,
    Synced,
    Failed,
    Voided,
}
