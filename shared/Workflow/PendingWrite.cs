using CreditFunctions.Ledgers;

namespace CreditFunctions.Workflow;

/// <summary>
/// A ledger write recorded before the call (<see cref="LedgerWriteIntended"/>) and not yet confirmed.
/// While it exists the branch posts nothing new: if the call is lost (crash, timeout, lost response) the next
/// step reads back first. <see cref="Allocation"/> is the ledger allocation an <see cref="LedgerOperation.Allocate"/>
/// makes or an <see cref="LedgerOperation.Unallocate"/> removes, captured when the write is intended, so its outcome can
/// be recorded even after a new version replaced the target's list.
/// </summary>
public sealed record PendingWrite(
    LedgerOperation Operation,
    LedgerWriteKey Key,
    long Version,
    int? AllocationIndex,
    DateOnly? Date,
    DateTimeOffset IntendedAt,
    bool CallEnded = false,
    PostedAllocation? Allocation = null);

/// <summary>The ledger operations a branch performs (the writes of <see cref="ILedgerConnector"/>).</summary>
public enum LedgerOperation
{
    CreateCreditNote,
    UpdateCreditNote,
    VoidCreditNote,
    Allocate,

    /// <summary>Removes one allocation the branch made (ledger-apis.md X8), before the document is updated or voided (X7).</summary>
    Unallocate,
}
