namespace CreditFunctions.Workflow;

/// <summary>
/// An allocation this branch made in the ledger on its current document, as the ledger holds it. Kept apart from the
/// target's <see cref="AllocationState"/> list (which a new version replaces) because these must come off before the
/// document can change: Xero refuses to edit or void a credit note with an allocation (ledger-apis.md X7) and deletes
/// one allocation per call (X8). <paramref name="Seq"/> numbers the branch's allocations so each removal has its own key;
/// <paramref name="AllocationId"/> is the ledger's id (null while a write is in flight, or when a ledger has none).
/// </summary>
public sealed record PostedAllocation(int Seq, string? AllocationId, string InvoiceNumber, decimal Amount, DateOnly Date);
