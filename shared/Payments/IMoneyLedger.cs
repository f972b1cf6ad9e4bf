using CreditFunctions.Ledgers;

namespace CreditFunctions.Payments;

/// <summary>
/// The ledger port of the money flows (docs/payments.md): what the payment, refund, overpayment and credit
/// orchestrations need from any ledger, shaped to fit Xero, QuickBooks and MYOB (ledger-apis.md A4).
/// <para>
/// <b>Every write is exactly once under its <see cref="LedgerWriteKey"/>.</b> Activities run at least once, so a write
/// method may be called again after a crash or a lost answer: the adapter sends the ledger's own idempotency key where
/// it has one (Xero Idempotency-Key, QuickBooks requestid) <b>and</b> looks for what it made under the key before
/// posting (a reference or document number derived from the key), returning what it finds instead of posting twice. A
/// multi-document flow (a journal, then an unapply, then a write-off) derives one key per document from the flow's key
/// and looks each up, so a flow cut short resumes where it stopped.
/// </para>
/// Expected outcomes are values (<see cref="LedgerResult{T}"/>): <see cref="LedgerFailureKind.NotFound"/> while a
/// referenced invoice is not in the ledger yet, <see cref="LedgerFailureKind.Validation"/> with the ledger's words for a
/// refusal, and the transport kinds as for credit notes. Adapters throw only for bugs.
/// </summary>
public interface IMoneyLedger
{
    LedgerKind Ledger { get; }

    /// <summary>How the ledger does overpayments (docs/payments.md): natively, or as Ostendo's invoice + credit note.</summary>
    bool HasNativeOverpayments { get; }

    /// <summary>The invoice (receivable) or bill (payable) by its number as the ledger holds it now; null while it is not there.</summary>
    Task<LedgerResult<LedgerInvoice?>> FindInvoiceAsync(LedgerConnection connection, Documents.CreditNoteKind kind, string invoiceNumber, CancellationToken cancellationToken);

    /// <summary>
    /// The live (not deleted or voided) payments on <paramref name="invoice"/>: ours and those entered in the ledger (bank
    /// reconciliation), so a payment can be looked for before it is posted. The one made under <paramref name="key"/>, if
    /// any, has <see cref="LedgerPayment.MadeUnderKey"/> set.
    /// </summary>
    Task<LedgerResult<IReadOnlyList<LedgerPayment>>> ListInvoicePaymentsAsync(LedgerConnection connection, LedgerInvoice invoice, LedgerWriteKey key, CancellationToken cancellationToken);

    /// <summary>Pays <paramref name="payment"/> against <paramref name="invoice"/> (Xero Payment X10; QuickBooks Payment Q2; MYOB CustomerPayment/SupplierPayment M3).</summary>
    Task<LedgerResult<LedgerPayment>> CreatePaymentAsync(LedgerConnection connection, LedgerInvoice invoice, PaymentDocument payment, LedgerWriteKey key, CancellationToken cancellationToken);

    /// <summary>Deletes or voids a payment (Xero Status DELETED; QuickBooks delete; MYOB DELETE). One already gone counts as deleted.</summary>
    Task<LedgerResult<LedgerPayment>> DeletePaymentAsync(LedgerConnection connection, string ledgerPaymentId, LedgerWriteKey key, CancellationToken cancellationToken);

    /// <summary>The last day of the ledger's closed (locked) period; null when nothing is locked (Xero PeriodLockDate X18, QuickBooks BookCloseDate Q8).</summary>
    Task<LedgerResult<DateOnly?>> ReadLockDateAsync(LedgerConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Ordway's refund of a payment (docs/payments.md): with <paramref name="periodClosed"/> false, a journal mirroring
    /// the refund (customer on the AR line), the payment taken off the invoice (it reopens) and applied to the journal;
    /// with it true, the journal only (the payment stays applied). Then, when <see cref="RefundDocument.WriteOff"/> is set,
    /// a write-off credit applied to the invoice. Each ledger's own documents for this are in its page.
    /// </summary>
    Task<LedgerResult<LedgerMoneyPosting>> RefundPaymentAsync(
        LedgerConnection connection, LedgerInvoice invoice, LedgerPayment payment, RefundDocument refund, bool periodClosed, LedgerWriteKey key, CancellationToken cancellationToken);

    /// <summary>
    /// An overpayment: native (Xero RECEIVE-OVERPAYMENT with the invoice paid from it; QuickBooks a Payment with
    /// UnappliedAmt) or Ostendo's pattern (an overpayment invoice and an offsetting credit note on the payment date, one
    /// payment across the original and the overpayment invoice). <see cref="LedgerMoneyPosting.CreditId"/> is the credit
    /// that later applications and refunds use. <paramref name="invoice"/> is null when nothing is applied at once.
    /// </summary>
    Task<LedgerResult<LedgerMoneyPosting>> PostOverpaymentAsync(LedgerConnection connection, LedgerInvoice? invoice, OverpaymentDocument overpayment, LedgerWriteKey key, CancellationToken cancellationToken);

    /// <summary>A customer credit or supplier deposit held on its liability or asset account (Xero RECEIVE/SPEND to that account, X12).</summary>
    Task<LedgerResult<LedgerMoneyPosting>> PostPrepaidCreditAsync(LedgerConnection connection, PrepaidCreditDocument credit, LedgerWriteKey key, CancellationToken cancellationToken);

    /// <summary>Applies part of a credit posted earlier (<paramref name="posted"/>: an overpayment, customer credit or supplier deposit) to an invoice.</summary>
    Task<LedgerResult<LedgerMoneyPosting>> ApplyCreditAsync(
        LedgerConnection connection, MoneyDocument credit, LedgerMoneyPosting posted, LedgerInvoice invoice, CreditApplication application, LedgerWriteKey key, CancellationToken cancellationToken);

    /// <summary>Pays out part of a credit posted earlier (an overpayment or customer credit) in cash.</summary>
    Task<LedgerResult<LedgerMoneyPosting>> RefundCreditBalanceAsync(
        LedgerConnection connection, MoneyDocument credit, LedgerMoneyPosting posted, RefundDocument refund, LedgerWriteKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Payments changed in the ledger since <paramref name="since"/> (null: the ledger's earliest the adapter supports),
    /// for pull mode: Xero GET /Payments with If-Modified-Since (it has no payment webhooks, X20), QuickBooks CDC (Q10),
    /// MYOB <c>$filter</c> on LastModified (M8). Paged inside; <see cref="PaymentChanges.Cursor"/> is where the next pull starts.
    /// </summary>
    Task<LedgerResult<PaymentChanges>> PaymentsChangedSinceAsync(LedgerConnection connection, DateTimeOffset? since, CancellationToken cancellationToken);
}

/// <summary>An invoice or bill as the ledger holds it: what a payment or credit may still settle is <paramref name="AmountDue"/>.</summary>
public sealed record LedgerInvoice(string LedgerInvoiceId, string Number, Documents.CreditNoteKind Kind, string Status, decimal Total, decimal AmountDue, DateOnly Date, string? ContactId);

/// <summary>
/// A payment on an invoice as the ledger holds it. <paramref name="MadeUnderKey"/>: made by this service under the key
/// asked about. <paramref name="MadeByService"/>: made by this service under any key (pull mode skips those).
/// </summary>
public sealed record LedgerPayment(
    string LedgerPaymentId, decimal Amount, DateOnly Date, string? Reference, string? BankAccountCode, bool MadeUnderKey = false, bool MadeByService = false);

/// <summary>
/// What a money flow left in the ledger: <paramref name="LedgerId"/> the main document, <paramref name="CreditId"/> the
/// credit later applications and refunds use (null when none), <paramref name="Documents"/> every document written, as
/// "Type id" lines for the status API.
/// </summary>
public sealed record LedgerMoneyPosting(string LedgerId, string? CreditId, IReadOnlyList<string> Documents);

/// <summary>One pull: the payments changed, oldest first, and the cursor the next pull starts from.</summary>
public sealed record PaymentChanges(IReadOnlyList<PulledPayment> Payments, DateTimeOffset Cursor);

/// <summary>A payment made or changed in the ledger, for the order system (pull mode).</summary>
public sealed record PulledPayment(
    string LedgerPaymentId, Documents.CreditNoteKind Kind, string InvoiceNumber, decimal Amount, DateOnly Date, string Currency,
    string? Reference, bool Deleted, bool MadeByService, DateTimeOffset UpdatedAt);
