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

    /// <summary>
    /// Completes when the ledger would take one more call for <paramref name="connection"/> without pacing it (Xero: 60 a
    /// minute, X14), without taking it. A batch formed after it carries everything that queued meanwhile. Never fails:
    /// a limit that is still spent is reported by the call itself. Completes at once for a ledger without limits.
    /// </summary>
    Task WaitForCallSlotAsync(LedgerConnection connection, CancellationToken cancellationToken);

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

    /// <summary>
    /// Pays (part of) the credit out in cash (ledger-apis.md A4 "Refund a credit": MYOB Sale/CreditRefund, M3; Xero a
    /// Payment against the credit note, X9; QuickBooks a JournalEntry paid by a zero-amount Payment with the memo, Q2–Q4 —
    /// a RefundReceipt cannot consume a CreditMemo's credit, contract §6). Exactly once under <paramref name="key"/>:
    /// an adapter without an idempotency key looks for a refund made under it before paying. A ledger whose adapter
    /// does not refund yet answers <see cref="LedgerFailureKind.Validation"/>; the workflow does not call it yet (the
    /// order-event contract has no refunds).
    /// </summary>
    Task<LedgerResult<LedgerRefund>> RefundCreditAsync(LedgerConnection connection, string ledgerDocumentId, CreditNote note, CreditRefundRequest refund, LedgerWriteKey key, CancellationToken cancellationToken) =>
        Task.FromResult(LedgerResult<LedgerRefund>.Fail(new LedgerFailure(LedgerFailureKind.Validation, $"Cash refunds of credits are not supported for {Ledger} yet.")));
}

/// <summary>A cash refund of a credit: how much, on which day, paid from which bank account (the ledger's code; null for the adapter's default).</summary>
public sealed record CreditRefundRequest(decimal Amount, DateOnly Date, string? BankAccount = null, string? Memo = null);

/// <summary>A refund as the ledger recorded it.</summary>
public sealed record LedgerRefund(string RefundId, decimal Amount, DateOnly Date);

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
