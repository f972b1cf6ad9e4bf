using CreditFunctions.Documents;
using CreditFunctions.Ledgers;

namespace CreditFunctions.Workflow;

/// <summary>
/// What the runner should do next for one branch (<see cref="SyncDecider.NextStep"/>): the runner only does
/// the I/O this names and reports the outcome back as a command.
/// </summary>
public abstract record BranchStep
{
    private BranchStep()
    {
    }

    /// <summary>Nothing to do: the branch is synced, voided, failed or parked. Drop the step message.</summary>
    public sealed record None : BranchStep;

    /// <summary>
    /// Not now: a retry is scheduled, or a call is in flight under its lease. Drop the message (or re-enqueue
    /// visible at <paramref name="At"/>); the sweep recovers the branch if nobody does.
    /// </summary>
    public sealed record NotYet(DateTimeOffset At) : BranchStep;

    /// <summary>
    /// A write under <paramref name="Key"/> may or may not have happened: call
    /// <see cref="ILedgerConnector.FindCreditNoteAsync"/> and report <see cref="CompleteReadBack"/>. Never post first.
    /// </summary>
    public sealed record ReadBack(LedgerOperation Operation, LedgerWriteKey Key, string? LedgerDocumentId) : BranchStep;

    /// <summary>
    /// Post <paramref name="Operation"/>: first <see cref="BeginWrite"/> (save its <see cref="LedgerWriteIntended"/>),
    /// then call the ledger with <paramref name="Key"/>, then <see cref="CompleteWrite"/>.
    /// <paramref name="Date"/> replaces the document's (or the allocation's) date when not null (a re-dated write).
    /// <paramref name="LedgerDocumentId"/> is the document to update, void or allocate from;
    /// <paramref name="Allocation"/> the allocation to make; <paramref name="Posted"/> the ledger allocation to remove
    /// (<see cref="LedgerOperation.Unallocate"/>).
    /// </summary>
    public sealed record Write(
        LedgerOperation Operation,
        LedgerWriteKey Key,
        long Version,
        int? AllocationIndex,
        AllocationRequest? Allocation,
        DateOnly? Date,
        string? LedgerDocumentId,
        PostedAllocation? Posted = null) : BranchStep;
}
