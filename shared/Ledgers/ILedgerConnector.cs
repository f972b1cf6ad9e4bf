using CreditFunctions.Documents;

namespace CreditFunctions.Ledgers;

/// <summary>
/// The ledger port: what the workflow needs from any ledger. Shaped to fit all three (ledger-apis.md A4):
/// Xero creates a credit note and allocates with a second call; QuickBooks creates a CreditMemo and applies
/// it with a zero-amount Payment; MYOB has no credit-note resource (a negative sale) and no idempotency key,
/// so <see cref="FindCreditNoteAsync"/> (read-back by number) is what makes a retry safe there.
/// Every expected outcome is a value (<see cref="LedgerResult{T}"/>); adapters throw only for bugs.
/// </summary>
public interface ILedgerConnector
{
    LedgerKind Ledger { get; }

    LedgerCapabilities Capabilities { get; }

    /// <summary>Creates the credit note, approved (Xero AUTHORISED). <paramref name="key"/> is the durable write key.</summary>
    Task<LedgerResult<LedgerDocument>> CreateCreditNoteAsync(LedgerConnection connection, CreditNote note, LedgerWriteKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Creates several credit notes for one connection in as few calls as the ledger allows
    /// (<see cref="LedgerCapabilities.MaxCreateBatch"/> per call). One result per item, in input order; one bad document
    /// fails alone. A ledger without batches creates them one by one.
    /// </summary>
    Task<IReadOnlyList<LedgerResult<LedgerDocument>>> CreateCreditNotesAsync(LedgerConnection connection, IReadOnlyList<(CreditNote Note, LedgerWriteKey Key)> items, CancellationToken cancellationToken);

    /// <summary>Reads back by the document number; null when the ledger has no such document. Resolves ambiguous writes.</summary>
    Task<LedgerResult<LedgerDocument?>> FindCreditNoteAsync(LedgerConnection connection, CreditNote note, CancellationToken cancellationToken);

    /// <summary>Replaces the lines and amounts of an existing document (only where <see cref="LedgerCapabilities.CanUpdateApproved"/>).</summary>
    Task<LedgerResult<LedgerDocument>> UpdateCreditNoteAsync(LedgerConnection connection, string ledgerDocumentId, CreditNote note, LedgerWriteKey key, CancellationToken cancellationToken);

    Task<LedgerResult<LedgerDocument>> VoidCreditNoteAsync(LedgerConnection connection, string ledgerDocumentId, LedgerWriteKey key, CancellationToken cancellationToken);

    /// <summary>Applies credit to one invoice. Fails with <see cref="LedgerFailureKind.NotFound"/> while the invoice is not in the ledger.</summary>
    Task<LedgerResult<LedgerAllocation>> AllocateAsync(LedgerConnection connection, string ledgerDocumentId, CreditNote note, AllocationRequest allocation, LedgerWriteKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Takes one allocation off the document so it can be edited or voided (Xero X7/X8; QuickBooks: delete the
    /// zero-amount Payment, Q2; MYOB: delete the CreditSettlement, M3). An allocation that is already gone counts as
    /// removed. <paramref name="allocation"/> carries the ledger's id when known; without it the adapter finds the
    /// allocation on the document by invoice and amount.
    /// </summary>
    Task<LedgerResult<LedgerAllocation>> UnallocateAsync(LedgerConnection connection, string ledgerDocumentId, CreditNote note, LedgerAllocation allocation, LedgerWriteKey key, CancellationToken cancellationToken);
}

/// <summary>How a ledger differs, so the workflow can follow the documented per-ledger policy.</summary>
public sealed record LedgerCapabilities(
    bool HasIdempotencyKey,
    bool CanUpdateApproved,
    int MaxIdempotencyKeyLength)
{
    /// <summary>Credit notes one create call may carry (Xero 50, ledger-apis.md X3); 1 when the ledger has no batch create.</summary>
    public int MaxCreateBatch { get; init; } = 1;
}

/// <summary>A document as the ledger holds it after a write or a read-back.</summary>
public sealed record LedgerDocument(
    string LedgerDocumentId,
    string Number,
    string Status,
    decimal Total,
    decimal RemainingCredit,
    IReadOnlyList<LedgerAllocation> Allocations)
{
    /// <summary>
    /// From a read-back: whether the ledger's content (date, total, lines as far as the ledger shows them) is that of
    /// the credit note asked about, i.e. whether an update to that version landed. Null when the adapter cannot tell;
    /// then only the total is compared, which misses an amendment that keeps the total.
    /// </summary>
    public bool? MatchesNote { get; init; }
}

public sealed record LedgerAllocation(string? AllocationId, string InvoiceNumber, decimal Amount, DateOnly Date);
