using System.Collections.Concurrent;
using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Payments;

namespace CreditFunctions.IntegrationTests.Payments.Workflow;

/// <summary>
/// An in-memory <see cref="IMoneyLedger"/> for the workflow's tests (the real adapters are tested against the simulators
/// on their own branches): invoices with an amount due, payments on them (ours carry the key they were made under),
/// credits and their applications. It records every call and can be told to lose the next answer (apply the write,
/// answer Ambiguous) or to fail the next write. Writes are idempotent under their key, as the port requires.
/// </summary>
internal sealed class FakeMoneyLedger : IMoneyLedger
{
    private readonly ConcurrentDictionary<string, LedgerInvoice> _invoices = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<(LedgerPayment Payment, string? Key)>> _payments = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LedgerMoneyPosting> _postings = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _calls = new();
    private readonly Lock _gate = new();
    private int _ids;

    public LedgerKind Ledger => LedgerKind.Xero;

    public bool HasNativeOverpayments => true;

    public DateOnly? LockDate { get; set; }

    /// <summary>The next write is applied and its answer lost (Ambiguous).</summary>
    public bool LoseNextAnswer { get; set; }

    /// <summary>The next write fails with this, without being applied.</summary>
    public LedgerFailure? FailNextWrite { get; set; }

    /// <summary>Every call, as "Method" or "Method:detail", in order.</summary>
    public IReadOnlyList<string> Calls => [.. _calls];

    public int CountOf(string method) => _calls.Count(c => c == method || c.StartsWith(method + ":", StringComparison.Ordinal));

    public IReadOnlyDictionary<string, LedgerMoneyPosting> Postings => _postings;

    public void Invoice(string number, decimal total, decimal? amountDue = null) =>
        _invoices[number] = new LedgerInvoice("inv-" + number, number, CreditNoteKind.Receivable, "AUTHORISED", total, amountDue ?? total, new DateOnly(2026, 11, 1), "cust_42");

    /// <summary>A payment entered in the ledger itself (bank reconciliation): not ours.</summary>
    public void PaymentEnteredInLedger(string invoiceNumber, string id, decimal amount, DateOnly date)
    {
        lock (_gate)
        {
            Pay(invoiceNumber, new LedgerPayment(id, amount, date, null, "090"), null);
        }
    }

    public IReadOnlyList<LedgerPayment> PaymentsOn(string invoiceNumber)
    {
        lock (_gate)
        {
            return _payments.TryGetValue(invoiceNumber, out var list) ? [.. list.Select(p => p.Payment)] : [];
        }
    }

    public LedgerInvoice? InvoiceNamed(string number) => _invoices.GetValueOrDefault(number);

    public Task<LedgerResult<LedgerInvoice?>> FindInvoiceAsync(LedgerConnection connection, CreditNoteKind kind, string invoiceNumber, CancellationToken cancellationToken)
    {
        _calls.Enqueue("FindInvoice:" + invoiceNumber);
        return Task.FromResult(LedgerResult<LedgerInvoice?>.Ok(_invoices.GetValueOrDefault(invoiceNumber)));
    }

    public Task<LedgerResult<IReadOnlyList<LedgerPayment>>> ListInvoicePaymentsAsync(LedgerConnection connection, LedgerInvoice invoice, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        _calls.Enqueue("ListInvoicePayments:" + invoice.Number);
        lock (_gate)
        {
            IReadOnlyList<LedgerPayment> list = _payments.TryGetValue(invoice.Number, out var payments)
                ? [.. payments.Select(p => p.Payment with { MadeUnderKey = p.Key == key.Value, MadeByService = p.Key is not null })]
                : [];
            return Task.FromResult(LedgerResult<IReadOnlyList<LedgerPayment>>.Ok(list));
        }
    }

    public Task<LedgerResult<LedgerPayment>> CreatePaymentAsync(LedgerConnection connection, LedgerInvoice invoice, PaymentDocument payment, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        _calls.Enqueue("CreatePayment:" + payment.Id);
        return Write(() =>
        {
            var existing = _payments.GetValueOrDefault(invoice.Number)?.FirstOrDefault(p => p.Key == key.Value).Payment;
            return existing ?? Pay(invoice.Number, new LedgerPayment("lp-" + Interlocked.Increment(ref _ids), payment.Amount, payment.Date, payment.Reference, payment.BankAccountCode), key.Value);
        });
    }

    public Task<LedgerResult<LedgerPayment>> DeletePaymentAsync(LedgerConnection connection, string ledgerPaymentId, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        _calls.Enqueue("DeletePayment:" + ledgerPaymentId);
        return Write(() =>
        {
            foreach (var (number, list) in _payments)
            {
                var index = list.FindIndex(p => p.Payment.LedgerPaymentId == ledgerPaymentId);
                if (index >= 0)
                {
                    var removed = list[index].Payment;
                    list.RemoveAt(index);
                    _invoices[number] = _invoices[number] with { AmountDue = _invoices[number].AmountDue + removed.Amount };
                    return removed;
                }
            }

            return new LedgerPayment(ledgerPaymentId, 0, default, null, null); // already gone counts as deleted
        });
    }

    public Task<LedgerResult<DateOnly?>> ReadLockDateAsync(LedgerConnection connection, CancellationToken cancellationToken)
    {
        _calls.Enqueue("ReadLockDate");
        return Task.FromResult(LedgerResult<DateOnly?>.Ok(LockDate));
    }

    public Task<LedgerResult<LedgerMoneyPosting>> RefundPaymentAsync(
        LedgerConnection connection, LedgerInvoice invoice, LedgerPayment payment, RefundDocument refund, bool periodClosed, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        _calls.Enqueue($"RefundPayment:{payment.LedgerPaymentId}:{(periodClosed ? "closed" : "open")}");
        return Post(key, id => new LedgerMoneyPosting(id, null, [$"ManualJournal {id}"]));
    }

    public Task<LedgerResult<LedgerMoneyPosting>> PostOverpaymentAsync(LedgerConnection connection, LedgerInvoice? invoice, OverpaymentDocument overpayment, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        _calls.Enqueue("PostOverpayment:" + overpayment.Id);
        return Post(key, id => new LedgerMoneyPosting(id, id, [$"Overpayment {id}"]));
    }

    public Task<LedgerResult<LedgerMoneyPosting>> PostPrepaidCreditAsync(LedgerConnection connection, PrepaidCreditDocument credit, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        _calls.Enqueue("PostPrepaidCredit:" + credit.Id);
        return Post(key, id => new LedgerMoneyPosting(id, id, [$"BankTransaction {id}"]));
    }

    public Task<LedgerResult<LedgerMoneyPosting>> ApplyCreditAsync(
        LedgerConnection connection, MoneyDocument credit, LedgerMoneyPosting posted, LedgerInvoice invoice, CreditApplication application, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        _calls.Enqueue($"ApplyCredit:{application.ApplicationId}:{posted.CreditId}:{invoice.Number}");
        return Post(key, id => new LedgerMoneyPosting(id, posted.CreditId, [$"Allocation {id}"]));
    }

    public Task<LedgerResult<LedgerMoneyPosting>> RefundCreditBalanceAsync(
        LedgerConnection connection, MoneyDocument credit, LedgerMoneyPosting posted, RefundDocument refund, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        _calls.Enqueue($"RefundCreditBalance:{posted.CreditId}");
        return Post(key, id => new LedgerMoneyPosting(id, null, [$"Refund {id}"]));
    }

    public Task<LedgerResult<PaymentChanges>> PaymentsChangedSinceAsync(LedgerConnection connection, DateTimeOffset? since, CancellationToken cancellationToken) =>
        Task.FromResult(LedgerResult<PaymentChanges>.Ok(new PaymentChanges([], since ?? default)));

    private LedgerPayment Pay(string invoiceNumber, LedgerPayment payment, string? key)
    {
        _payments.GetOrAdd(invoiceNumber, _ => []).Add((payment, key));
        if (_invoices.TryGetValue(invoiceNumber, out var invoice))
        {
            _invoices[invoiceNumber] = invoice with { AmountDue = invoice.AmountDue - payment.Amount };
        }

        return payment;
    }

    private Task<LedgerResult<LedgerMoneyPosting>> Post(LedgerWriteKey key, Func<string, LedgerMoneyPosting> make) =>
        Write(() => _postings.GetOrAdd(key.Value, _ => make("doc-" + Interlocked.Increment(ref _ids))));

    private Task<LedgerResult<T>> Write<T>(Func<T> apply)
    {
        if (FailNextWrite is { } failure)
        {
            FailNextWrite = null;
            return Task.FromResult(LedgerResult<T>.Fail(failure));
        }

        T value;
        lock (_gate)
        {
            value = apply();
        }

        if (LoseNextAnswer)
        {
            LoseNextAnswer = false;
            return Task.FromResult(LedgerResult<T>.Fail(new LedgerFailure(LedgerFailureKind.Ambiguous, "The answer was lost.")));
        }

        return Task.FromResult(LedgerResult<T>.Ok(value));
    }
}
