using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Payments;

namespace CreditFunctions.IntegrationTests.Payments;

/// <summary>
/// A test double of a ledger's money adapter for pull mode only: the payments "made in the ledger" are a list the test
/// controls, and <see cref="PaymentsChangedSinceAsync"/> answers as the adapters do — the changes after the cursor,
/// oldest first, and the newest change time as the next cursor. Failures can be queued; every call's cursor is kept.
/// </summary>
internal sealed class FakeMoneyLedger(LedgerKind ledger) : IMoneyLedger
{
    private readonly Lock _gate = new();
    private readonly List<PulledPayment> _payments = [];
    private readonly Queue<LedgerFailure> _failures = new();
    private readonly List<DateTimeOffset?> _pulls = [];

    public LedgerKind Ledger { get; } = ledger;

    public bool HasNativeOverpayments => true;

    /// <summary>The <c>since</c> of every pull, in order.</summary>
    public IReadOnlyList<DateTimeOffset?> Pulls
    {
        get
        {
            lock (_gate)
            {
                return [.. _pulls];
            }
        }
    }

    /// <summary>A payment made or changed in the ledger: a later change of the same id replaces the earlier one, as the ledger shows only the latest.</summary>
    public void Change(PulledPayment payment)
    {
        lock (_gate)
        {
            _payments.RemoveAll(p => p.LedgerPaymentId == payment.LedgerPaymentId);
            _payments.Add(payment);
        }
    }

    public void FailNextPull(LedgerFailure failure)
    {
        lock (_gate)
        {
            _failures.Enqueue(failure);
        }
    }

    public Task<LedgerResult<PaymentChanges>> PaymentsChangedSinceAsync(LedgerConnection connection, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _pulls.Add(since);
            if (_failures.TryDequeue(out var failure))
            {
                return Task.FromResult(LedgerResult<PaymentChanges>.Fail(failure));
            }

            var changed = _payments.Where(p => since is null || p.UpdatedAt > since).OrderBy(p => p.UpdatedAt).ToList();
            var cursor = changed.Count > 0 ? changed[^1].UpdatedAt : since ?? DateTimeOffset.UnixEpoch;
            return Task.FromResult(LedgerResult<PaymentChanges>.Ok(new PaymentChanges(changed, cursor)));
        }
    }

    public Task<LedgerResult<LedgerInvoice?>> FindInvoiceAsync(LedgerConnection connection, CreditNoteKind kind, string invoiceNumber, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Pull mode only.");

    public Task<LedgerResult<IReadOnlyList<LedgerPayment>>> ListInvoicePaymentsAsync(LedgerConnection connection, LedgerInvoice invoice, LedgerWriteKey key, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Pull mode only.");

    public Task<LedgerResult<LedgerPayment>> CreatePaymentAsync(LedgerConnection connection, LedgerInvoice invoice, PaymentDocument payment, LedgerWriteKey key, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Pull mode only.");

    public Task<LedgerResult<LedgerPayment>> DeletePaymentAsync(LedgerConnection connection, string ledgerPaymentId, LedgerWriteKey key, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Pull mode only.");

    public Task<LedgerResult<DateOnly?>> ReadLockDateAsync(LedgerConnection connection, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Pull mode only.");

    public Task<LedgerResult<LedgerMoneyPosting>> RefundPaymentAsync(
        LedgerConnection connection, LedgerInvoice invoice, LedgerPayment payment, RefundDocument refund, bool periodClosed, LedgerWriteKey key, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Pull mode only.");

    public Task<LedgerResult<LedgerMoneyPosting>> PostOverpaymentAsync(LedgerConnection connection, LedgerInvoice? invoice, OverpaymentDocument overpayment, LedgerWriteKey key, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Pull mode only.");

    public Task<LedgerResult<LedgerMoneyPosting>> PostPrepaidCreditAsync(LedgerConnection connection, PrepaidCreditDocument credit, LedgerWriteKey key, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Pull mode only.");

    public Task<LedgerResult<LedgerMoneyPosting>> ApplyCreditAsync(
        LedgerConnection connection, MoneyDocument credit, LedgerMoneyPosting posted, LedgerInvoice invoice, CreditApplication application, LedgerWriteKey key, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Pull mode only.");

    public Task<LedgerResult<LedgerMoneyPosting>> RefundCreditBalanceAsync(
        LedgerConnection connection, MoneyDocument credit, LedgerMoneyPosting posted, RefundDocument refund, LedgerWriteKey key, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Pull mode only.");
}
