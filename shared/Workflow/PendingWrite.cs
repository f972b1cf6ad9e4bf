using CreditFunctions.Ledgers;

namespace CreditFunctions.Workflow;

/// <summary>
/// A ledger write recorded before the call (<see cref="LedgerWriteIntended"/>) and not yet confirmed.
/// While it exists the branch posts nothing new: if the call is lost (crash, timeout, lost response) the next
/// step reads back first.
/// </summary>
public sealed record PendingWrite(
    LedgerOperation Operation,
    LedgerWriteKey Key,
    long Version,
    int? AllocationIndex,
    DateOnly? Date,
    DateTimeOffset IntendedAt,
    bool CallEnded = false);

/// <summary>The ledger operations a branch performs (the writes of <see cref="ILedgerConnector"/>).</summary>
public enum LedgerOperation
{
    CreateCreditNote,
    UpdateCreditNote,
    VoidCreditNote,
    Allocate,
}
