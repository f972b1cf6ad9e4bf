using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CreditFunctions.Documents;
using CreditFunctions.Payments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.Myob;

/// <summary>
/// The MYOB adapter behind <see cref="IMoneyLedger"/> (docs/myob.md "Money flows"). MYOB has no idempotency key (M6), so
/// every document this adapter writes carries a marker derived from its write key and is looked up by it before it is
/// posted and after any unknown outcome: payments, bank transactions, settlements and refunds by their Memo
/// (<c>CreditFunctions {key}</c>), sales and bills by their Number (a 13-character hash of the key, contract §2) with
/// the marker in their JournalMemo. A multi-document flow derives one key per document, so a flow cut short resumes
/// where it stopped. MYOB has no native overpayments (contract §5): Ostendo's invoice + offsetting credit note pattern
/// (ledger-apis.md A4, §B1).
/// </summary>
internal sealed partial class MyobMoneyConnector(
    MyobClient client,
    MyobCardResolver cards,
    MyobReferences references,
    IOptions<MyobOptions> options,
    ILogger<MyobMoneyConnector> logger) : IMoneyLedger
{
    /// <summary>What every memo this service writes starts with: how pull mode tells ours from payments entered in MYOB.</summary>
    public const string MarkerPrefix = "CreditFunctions ";

    private readonly MyobOptions _options = options.Value;

    public LedgerKind Ledger => LedgerKind.Myob;

    /// <summary>Contract §5: a CustomerPayment has no unapplied amount, so MYOB has no native overpayment.</summary>
    public bool HasNativeOverpayments => false;

    public async Task<LedgerResult<LedgerInvoice?>> FindInvoiceAsync(LedgerConnection connection, CreditNoteKind kind, string invoiceNumber, CancellationToken cancellationToken)
    {
        var found = await client.ListAsync<MyobSale>(connection, MyobCreditNoteMapper.TargetRoute(kind), $"Number eq {MyobJson.Quote(invoiceNumber)}", cancellationToken);
        if (!found.Succeeded)
        {
            return found.Failure!;
        }

        // A credit (negative sale) may share the number space: only a positive document is an invoice or bill (M2).
        var invoice = found.Value!.FirstOrDefault(s => string.Equals(s.Number, invoiceNumber, StringComparison.OrdinalIgnoreCase) && s.TotalAmount > 0m);
        return LedgerResult<LedgerInvoice?>.Ok(invoice is null ? null : ToInvoice(invoice, kind));
    }

    public async Task<LedgerResult<IReadOnlyList<LedgerPayment>>> ListInvoicePaymentsAsync(LedgerConnection connection, LedgerInvoice invoice, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var filter = invoice.ContactId is { } card ? $"{CardField(invoice.Kind)}/UID eq guid'{card}'" : null;
        var payments = await client.ListAsync<MyobPayment>(connection, PaymentRoute(invoice.Kind), filter, cancellationToken);
        if (!payments.Succeeded)
        {
            return payments.Failure!;
        }

        var marker = Marker(key);
        return LedgerResult<IReadOnlyList<LedgerPayment>>.Ok([.. payments.Value!
            .SelectMany(p => LinesOf(p).Where(l => string.Equals(LineUid(l), invoice.LedgerInvoiceId, StringComparison.OrdinalIgnoreCase)).Select(l => ToPayment(p, l.AmountApplied, marker)))]);
    }

    public async Task<LedgerResult<LedgerPayment>> CreatePaymentAsync(LedgerConnection connection, LedgerInvoice invoice, PaymentDocument payment, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        if (invoice.ContactId is not { } card)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"Invoice {invoice.Number} has no card in MYOB; a payment cannot be applied to it.");
        }

        var bank = await AccountUidAsync(connection, payment.BankAccountCode ?? DefaultBank, "bank account", cancellationToken);
        if (!bank.Succeeded)
        {
            return bank.Failure!;
        }

        var posted = await EnsurePaymentAsync(
            connection, invoice.Kind, Marker(key), payment.Reference ?? Number("CF", key), bank.Value!, card, payment.Date, [(invoice.LedgerInvoiceId, payment.Amount)], cancellationToken);
        return posted.Succeeded ? LedgerResult<LedgerPayment>.Ok(ToPayment(posted.Value!, payment.Amount, Marker(key))) : posted.Failure!;
    }

    /// <summary>DELETE on the payment (contract §8: payments are return, create and delete); a payment already gone counts as deleted.</summary>
    public async Task<LedgerResult<LedgerPayment>> DeletePaymentAsync(LedgerConnection connection, string ledgerPaymentId, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        foreach (var kind in new[] { CreditNoteKind.Receivable, CreditNoteKind.Payable })
        {
            var read = await client.GetAsync<MyobPayment>(connection, $"{PaymentRoute(kind)}/{Uri.EscapeDataString(ledgerPaymentId)}", null, cancellationToken);
            if (read.Failure is { Kind: LedgerFailureKind.NotFound })
            {
                continue;
            }

            if (!read.Succeeded)
            {
                return read.Failure!;
            }

            var payment = read.Value!.Value!;
            var deleted = await client.DeleteAsync(connection, PaymentRoute(kind), ledgerPaymentId, cancellationToken);
            if (deleted is not null and not { Kind: LedgerFailureKind.NotFound })
            {
                return deleted.Kind == LedgerFailureKind.PeriodLocked
                    ? deleted with { Message = $"{deleted.Message} The payment is dated in the locked period; MYOB will not delete it until the period is opened." }
                    : deleted;
            }

            return LedgerResult<LedgerPayment>.Ok(ToPayment(payment, AmountOf(payment), Marker(key)));
        }

        return LedgerResult<LedgerPayment>.Ok(new LedgerPayment(ledgerPaymentId, 0m, default, null, null));
    }

    /// <summary>Company/Preferences System.LockPeriodPriorTo (contract §7). MYOB refuses the date itself too (contract §10), so it is the last locked day.</summary>
    public async Task<LedgerResult<DateOnly?>> ReadLockDateAsync(LedgerConnection connection, CancellationToken cancellationToken)
    {
        var read = await client.GetAsync<MyobPreferences>(connection, "Company/Preferences", null, cancellationToken);
        return read.Succeeded ? LedgerResult<DateOnly?>.Ok(MyobJson.ParseDate(read.Value!.Value?.System?.LockPeriodPriorTo)) : read.Failure!;
    }

    /// <summary>
    /// Ordway's refund of a payment with MYOB's documents (MYOB's API has no journal with a card on the AR line, so the
    /// customer's side is a sale): a refund invoice for the refunded amount and its offsetting credit note, both to
    /// <see cref="MyobOptions.OverpaymentAccount"/>, and a CreditRefund paying the credit note out. Open period: on the
    /// payment date, with the payment deleted and posted again across the invoice (less the refund) and the refund invoice,
    /// so the invoice reopens by the refund. Closed period: on the refund date, with the payment left alone, so the refund
    /// invoice is the customer's debt the journal would leave. Then the write-off: a credit note to its account settled
    /// against the reopened invoice (open) or the refund invoice (closed).
    /// </summary>
    public async Task<LedgerResult<LedgerMoneyPosting>> RefundPaymentAsync(
        LedgerConnection connection, LedgerInvoice invoice, LedgerPayment payment, RefundDocument refund, bool periodClosed, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        if (invoice.Kind != CreditNoteKind.Receivable)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, "Refunds of supplier payments are not supported for MYOB yet (docs/myob.md).");
        }

        if (invoice.ContactId is not { } card)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"Invoice {invoice.Number} has no card in MYOB.");
        }

        if (refund.Amount <= 0m || refund.Amount > payment.Amount)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"A refund of {refund.Amount:0.00} is more than the payment it refunds ({payment.Amount:0.00}).");
        }

        var carrierAccount = await AccountUidAsync(connection, _options.OverpaymentAccount, "overpayment account (Myob:OverpaymentAccount)", cancellationToken);
        var bank = carrierAccount.Succeeded ? await AccountUidAsync(connection, refund.BankAccountCode ?? payment.BankAccountCode ?? DefaultBank, "bank account", cancellationToken) : carrierAccount;
        if (!bank.Succeeded)
        {
            return bank.Failure!;
        }

        var documents = new List<string>();
        var carrierDate = periodClosed ? refund.Date : payment.Date;
        var carrier = await EnsureCarrierAsync(connection, CreditNoteKind.Receivable, Sub(key, "refund-invoice"), "RI", "RC", card, carrierDate, refund.Amount, carrierAccount.Value!, documents, cancellationToken);
        if (!carrier.Succeeded)
        {
            return carrier.Failure!;
        }

        if (!periodClosed)
        {
            // The re-posted payment is looked for first: when it is there, the original was deleted by an earlier attempt.
            var repost = Sub(key, "payment");
            var existing = await PaymentByMemoAsync(connection, CreditNoteKind.Receivable, Marker(repost), cancellationToken);
            if (!existing.Succeeded)
            {
                return existing.Failure!;
            }

            if (existing.Value is null)
            {
                var removed = await RemoveOriginalAsync(connection, invoice, payment, cancellationToken);
                if (removed is not null)
                {
                    return removed;
                }

                var bankOfPayment = await AccountUidAsync(connection, payment.BankAccountCode ?? DefaultBank, "bank account", cancellationToken);
                if (!bankOfPayment.Succeeded)
                {
                    return bankOfPayment.Failure!;
                }

                List<(string, decimal)> lines = payment.Amount > refund.Amount
                    ? [(invoice.LedgerInvoiceId, payment.Amount - refund.Amount), (carrier.Value.Invoice, refund.Amount)]
                    : [(carrier.Value.Invoice, refund.Amount)];
                var reposted = await EnsurePaymentAsync(
                    connection, CreditNoteKind.Receivable, Marker(repost), payment.Reference ?? Number("RP", key), bankOfPayment.Value!, card, payment.Date, lines, cancellationToken);
                if (!reposted.Succeeded)
                {
                    return reposted.Failure!;
                }

                documents.Add($"Sale/CustomerPayment {payment.LedgerPaymentId} deleted");
                documents.Add($"Sale/CustomerPayment {reposted.Value!.UID}");
            }
            else
            {
                documents.Add($"Sale/CustomerPayment {existing.Value.UID}");
            }
        }

        var paidOut = await EnsureCreditRefundAsync(connection, Marker(Sub(key, "refund")), carrier.Value.Credit, card, bank.Value!, refund.Amount, refund.Date, cancellationToken);
        if (!paidOut.Succeeded)
        {
            return paidOut.Failure!;
        }

        documents.Add($"Sale/CreditRefund {paidOut.Value}");
        if (refund.WriteOff is { } writeOff)
        {
            var target = periodClosed ? carrier.Value.Invoice : invoice.LedgerInvoiceId;
            var written = await WriteOffAsync(connection, key, writeOff, card, target, refund.Date, documents, cancellationToken);
            if (written is not null)
            {
                return written;
            }
        }

        return LedgerResult<LedgerMoneyPosting>.Ok(new LedgerMoneyPosting(paidOut.Value!, null, documents));
    }

    /// <summary>
    /// Ostendo's pattern (ledger-apis.md §B1, A4: MYOB has no unapplied payment, contract §5): an overpayment invoice for
    /// the excess and its offsetting credit note on the payment date, both to <see cref="MyobOptions.OverpaymentAccount"/>,
    /// and one payment across the original invoice and the overpayment invoice. The credit note is the credit.
    /// </summary>
    public async Task<LedgerResult<LedgerMoneyPosting>> PostOverpaymentAsync(LedgerConnection connection, LedgerInvoice? invoice, OverpaymentDocument overpayment, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        if (overpayment.Credit <= 0m || overpayment.AppliedToInvoice < 0m)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"Overpayment {overpayment.Id} leaves no credit ({overpayment.Credit:0.00}); it is a payment.");
        }

        if (invoice is not null && overpayment.AppliedToInvoice > invoice.AmountDue)
        {
            // Refused before any document is made, unless an earlier attempt already paid it (then the invoice reads paid).
            var made = await PaymentByMemoAsync(connection, overpayment.Kind, Marker(Sub(key, "payment")), cancellationToken);
            if (!made.Succeeded)
            {
                return made.Failure!;
            }

            if (made.Value is null)
            {
                return new LedgerFailure(LedgerFailureKind.Validation, $"{overpayment.AppliedToInvoice:0.00} applied to {invoice.Number} is more than its amount due ({invoice.AmountDue:0.00}).");
            }
        }

        var card = invoice?.ContactId is { } known ? LedgerResult<string>.Ok(known) : await cards.ResolveAsync(connection, overpayment.Kind, overpayment.Contact, cancellationToken);
        if (!card.Succeeded)
        {
            return card.Failure!;
        }

        var carrierAccount = await AccountUidAsync(connection, _options.OverpaymentAccount, "overpayment account (Myob:OverpaymentAccount)", cancellationToken);
        var bank = carrierAccount.Succeeded ? await AccountUidAsync(connection, overpayment.BankAccountCode ?? DefaultBank, "bank account", cancellationToken) : carrierAccount;
        if (!bank.Succeeded)
        {
            return bank.Failure!;
        }

        var documents = new List<string>();
        var carrier = await EnsureCarrierAsync(connection, overpayment.Kind, Sub(key, "overpayment-invoice"), "OI", "OC", card.Value!, overpayment.Date, overpayment.Credit, carrierAccount.Value!, documents, cancellationToken);
        if (!carrier.Succeeded)
        {
            return carrier.Failure!;
        }

        List<(string, decimal)> lines = invoice is not null && overpayment.AppliedToInvoice > 0m
            ? [(invoice.LedgerInvoiceId, overpayment.AppliedToInvoice), (carrier.Value.Invoice, overpayment.Credit)]
            : [(carrier.Value.Invoice, overpayment.Credit)];
        var paid = await EnsurePaymentAsync(
            connection, overpayment.Kind, Marker(Sub(key, "payment")), overpayment.Reference ?? Number("OP", key), bank.Value!, card.Value!, overpayment.Date, lines, cancellationToken);
        if (!paid.Succeeded)
        {
            return paid.Failure!;
        }

        documents.Add($"{PaymentRoute(overpayment.Kind)} {paid.Value!.UID}");
        return LedgerResult<LedgerMoneyPosting>.Ok(new LedgerMoneyPosting(paid.Value.UID!, carrier.Value.Credit, documents));
    }

    /// <summary>
    /// Cin7's Money Received / Money Spent (ledger-apis.md §B1): a ReceiveMoneyTxn into the bank with its line on the
    /// liability account (a customer credit), or a SpendMoneyTxn out of the bank with its line on the asset account (a
    /// supplier deposit), the card as the contact (SDK Contracts/Version2/Banking).
    /// </summary>
    public async Task<LedgerResult<LedgerMoneyPosting>> PostPrepaidCreditAsync(LedgerConnection connection, PrepaidCreditDocument credit, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var receive = credit.Kind == CreditNoteKind.Receivable;
        var posted = await EnsureBankTxnAsync(
            connection, receive, Marker(key), credit.Reference ?? Number(receive ? "CC" : "SD", key), credit.BankAccountCode, HoldingAccount(credit), credit.Kind, credit.Contact, credit.Date, credit.Amount, cancellationToken);
        return posted.Succeeded
            ? LedgerResult<LedgerMoneyPosting>.Ok(new LedgerMoneyPosting(posted.Value!, posted.Value, [$"{BankTxnRoute(receive)} {posted.Value}"]))
            : posted.Failure!;
    }

    /// <summary>
    /// An overpayment's credit note is settled against the invoice (CreditSettlement / DebitSettlement, M3). A customer
    /// credit or supplier deposit is moved off its holding account by a credit note (a negative sale or bill) whose line is
    /// that account, settled against the invoice: the holding account is debited (credited) and the invoice paid, as
    /// Xero's payment from the liability account does (X12).
    /// </summary>
    public async Task<LedgerResult<LedgerMoneyPosting>> ApplyCreditAsync(
        LedgerConnection connection, MoneyDocument credit, LedgerMoneyPosting posted, LedgerInvoice invoice, CreditApplication application, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        if (invoice.ContactId is not { } card)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"Invoice {invoice.Number} has no card in MYOB.");
        }

        if (invoice.Kind != credit.Kind)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"A {credit.Kind} credit cannot be applied to {invoice.Kind} document {invoice.Number}.");
        }

        var settlementMemo = Marker(Sub(key, "settlement"));
        var existing = await SettlementByMemoAsync(connection, credit.Kind, settlementMemo, cancellationToken);
        if (!existing.Succeeded)
        {
            return existing.Failure!;
        }

        var documents = new List<string>();
        string creditUid;
        switch (credit)
        {
            case OverpaymentDocument when posted.CreditId is { } overpaymentCredit:
                creditUid = overpaymentCredit;
                break;
            case PrepaidCreditDocument prepaid:
                if (existing.Value is null && application.Amount > invoice.AmountDue)
                {
                    return new LedgerFailure(LedgerFailureKind.Validation, $"{application.Amount:0.00} is more than {invoice.Number}'s amount due ({invoice.AmountDue:0.00}).");
                }

                var holding = await AccountUidAsync(connection, HoldingAccount(prepaid), "holding account", cancellationToken);
                if (!holding.Succeeded)
                {
                    return holding.Failure!;
                }

                var note = await EnsureSaleAsync(connection, credit.Kind, Number("CA", key), Marker(Sub(key, "credit")), card, application.Date, -application.Amount, holding.Value!, null, cancellationToken);
                if (!note.Succeeded)
                {
                    return note.Failure!;
                }

                creditUid = note.Value!.UID!;
                documents.Add($"{MyobCreditNoteMapper.DocumentRoute(credit.Kind)} {creditUid}");
                break;
            default:
                return new LedgerFailure(LedgerFailureKind.Validation, $"{credit.DocumentKind} {credit.Id} has no credit in MYOB to apply.");
        }

        var settled = existing.Value;
        if (settled is null)
        {
            var made = await EnsureSettlementAsync(connection, credit.Kind, settlementMemo, creditUid, card, invoice.LedgerInvoiceId, application.Amount, application.Date, cancellationToken);
            if (!made.Succeeded)
            {
                return made.Failure!;
            }

            settled = made.Value!;
        }

        documents.Add($"{MyobCreditNoteMapper.SettlementRoute(credit.Kind)} {settled}");
        return LedgerResult<LedgerMoneyPosting>.Ok(new LedgerMoneyPosting(settled, creditUid, documents));
    }

    /// <summary>
    /// An overpayment's credit note is paid out by Sale/CreditRefund (M3). A customer credit by a SpendMoneyTxn out of the
    /// bank with its line on the liability account; a supplier deposit returned by a ReceiveMoneyTxn into the bank with its
    /// line on the asset account. A supplier's overpayment refund (Purchase/DebitRefund) is not wired.
    /// </summary>
    public async Task<LedgerResult<LedgerMoneyPosting>> RefundCreditBalanceAsync(
        LedgerConnection connection, MoneyDocument credit, LedgerMoneyPosting posted, RefundDocument refund, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        switch (credit)
        {
            case OverpaymentDocument { Kind: CreditNoteKind.Receivable } when posted.CreditId is { } creditUid:
            {
                var card = await cards.ResolveAsync(connection, credit.Kind, credit.Contact, cancellationToken);
                var bank = card.Succeeded ? await AccountUidAsync(connection, refund.BankAccountCode ?? DefaultBank, "bank account", cancellationToken) : LedgerResult<string>.Fail(card.Failure!);
                if (!bank.Succeeded)
                {
                    return bank.Failure!;
                }

                var paid = await EnsureCreditRefundAsync(connection, Marker(key), creditUid, card.Value!, bank.Value!, refund.Amount, refund.Date, cancellationToken);
                return paid.Succeeded ? LedgerResult<LedgerMoneyPosting>.Ok(new LedgerMoneyPosting(paid.Value!, creditUid, [$"Sale/CreditRefund {paid.Value}"])) : paid.Failure!;
            }

            case PrepaidCreditDocument prepaid:
            {
                // The money goes the other way from the one that made the credit.
                var receive = prepaid.Kind == CreditNoteKind.Payable;
                var txn = await EnsureBankTxnAsync(
                    connection, receive, Marker(key), refund.Reference ?? Number("CR", key), refund.BankAccountCode ?? prepaid.BankAccountCode, HoldingAccount(prepaid), prepaid.Kind, prepaid.Contact, refund.Date, refund.Amount, cancellationToken);
                return txn.Succeeded ? LedgerResult<LedgerMoneyPosting>.Ok(new LedgerMoneyPosting(txn.Value!, posted.CreditId, [$"{BankTxnRoute(receive)} {txn.Value}"])) : txn.Failure!;
            }

            default:
                return new LedgerFailure(LedgerFailureKind.Validation, $"Refunding the credit of {credit.DocumentKind} {credit.Id} ({credit.Kind}) is not supported for MYOB (docs/myob.md).");
        }
    }

    /// <summary>
    /// CustomerPayments and SupplierPayments whose LastModified is after <paramref name="since"/> (M8: no webhooks; OData
    /// <c>$filter</c> on LastModified, contract §8), every page. One pulled payment per invoice line. MYOB keeps no record
    /// of a deleted payment, so none is reported deleted (docs/myob.md).
    /// </summary>
    public async Task<LedgerResult<PaymentChanges>> PaymentsChangedSinceAsync(LedgerConnection connection, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var filter = since is { } from ? $"LastModified gt datetime'{from.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture)}'" : null;
        var pulled = new List<PulledPayment>();
        var cursor = since ?? DateTimeOffset.UnixEpoch;
        foreach (var kind in new[] { CreditNoteKind.Receivable, CreditNoteKind.Payable })
        {
            var page = await client.ListAsync<MyobPayment>(connection, PaymentRoute(kind), filter, cancellationToken);
            if (!page.Succeeded)
            {
                return page.Failure!;
            }

            foreach (var payment in page.Value!)
            {
                var updated = ParseTimestamp(payment.LastModified) ?? cursor;
                cursor = updated > cursor ? updated : cursor;
                foreach (var line in LinesOf(payment))
                {
                    pulled.Add(new PulledPayment(
                        payment.UID ?? "",
                        kind,
                        line.Number ?? line.Purchase?.Number ?? "",
                        line.AmountApplied,
                        MyobJson.ParseDate(payment.Date) ?? default,
                        _options.Currency,
                        payment.ReceiptNumber ?? payment.PaymentNumber,
                        Deleted: false,
                        MadeByService: IsOurs(payment.Memo),
                        updated));
                }
            }
        }

        LogPulled(logger, connection.ConnectionId, pulled.Count);
        return LedgerResult<PaymentChanges>.Ok(new PaymentChanges([.. pulled.OrderBy(p => p.UpdatedAt)], cursor));
    }

    private string DefaultBank => _options.PaymentAccount is { Length: > 0 } bank ? bank : _options.RefundAccount;

    private string HoldingAccount(PrepaidCreditDocument credit) =>
        credit.HoldingAccountCode ?? (credit.Kind == CreditNoteKind.Receivable ? _options.CustomerCreditAccount : _options.SupplierDepositAccount);

    /// <summary>The refund or overpayment invoice and its offsetting credit note (both <paramref name="amount"/>, both to the carrier account).</summary>
    private async Task<LedgerResult<(string Invoice, string Credit)>> EnsureCarrierAsync(
        LedgerConnection connection, CreditNoteKind kind, LedgerWriteKey key, string invoicePrefix, string creditPrefix, string card, DateOnly date, decimal amount, string accountUid, List<string> documents, CancellationToken cancellationToken)
    {
        var invoice = await EnsureSaleAsync(connection, kind, Number(invoicePrefix, key), Marker(Sub(key, "invoice")), card, date, amount, accountUid, null, cancellationToken);
        if (!invoice.Succeeded)
        {
            return invoice.Failure!;
        }

        var credit = await EnsureSaleAsync(connection, kind, Number(creditPrefix, key), Marker(Sub(key, "credit")), card, date, -amount, accountUid, null, cancellationToken);
        if (!credit.Succeeded)
        {
            return credit.Failure!;
        }

        var route = MyobCreditNoteMapper.DocumentRoute(kind);
        documents.Add($"{route} {invoice.Value!.UID}");
        documents.Add($"{route} {credit.Value!.UID}");
        return LedgerResult<(string, string)>.Ok((invoice.Value.UID!, credit.Value.UID!));
    }

    /// <summary>Ordway's write-off: a credit note to the write-off account, settled against <paramref name="targetUid"/>. Null when done.</summary>
    private async Task<LedgerFailure?> WriteOffAsync(
        LedgerConnection connection, LedgerWriteKey key, WriteOff writeOff, string card, string targetUid, DateOnly date, List<string> documents, CancellationToken cancellationToken)
    {
        var memo = Marker(Sub(key, "write-off-settlement"));
        var existing = await SettlementByMemoAsync(connection, CreditNoteKind.Receivable, memo, cancellationToken);
        if (!existing.Succeeded)
        {
            return existing.Failure!;
        }

        var account = await AccountUidAsync(connection, writeOff.AccountCode, "write-off account", cancellationToken);
        if (!account.Succeeded)
        {
            return account.Failure!;
        }

        var note = await EnsureSaleAsync(connection, CreditNoteKind.Receivable, Number("WO", key), Marker(Sub(key, "write-off")), card, date, -writeOff.Amount, account.Value!, writeOff.TaxType, cancellationToken);
        if (!note.Succeeded)
        {
            return note.Failure!;
        }

        documents.Add($"Sale/Invoice/Service {note.Value!.UID}");
        var settled = existing.Value;
        if (settled is null)
        {
            var made = await EnsureSettlementAsync(connection, CreditNoteKind.Receivable, memo, note.Value.UID!, card, targetUid, writeOff.Amount, date, cancellationToken);
            if (!made.Succeeded)
            {
                return made.Failure!;
            }

            settled = made.Value;
        }

        documents.Add($"Sale/CreditSettlement {settled}");
        return null;
    }

    /// <summary>Deletes the payment being refunded (open period). One that spans other invoices is refused: it could not be posted again faithfully.</summary>
    private async Task<LedgerFailure?> RemoveOriginalAsync(LedgerConnection connection, LedgerInvoice invoice, LedgerPayment payment, CancellationToken cancellationToken)
    {
        var read = await client.GetAsync<MyobPayment>(connection, $"{PaymentRoute(invoice.Kind)}/{Uri.EscapeDataString(payment.LedgerPaymentId)}", null, cancellationToken);
        if (read.Failure is { Kind: LedgerFailureKind.NotFound })
        {
            return null; // deleted by an earlier attempt whose re-post did not land
        }

        if (!read.Succeeded)
        {
            return read.Failure!;
        }

        if (LinesOf(read.Value!.Value!).Any(l => !string.Equals(LineUid(l), invoice.LedgerInvoiceId, StringComparison.OrdinalIgnoreCase)))
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"Payment {payment.LedgerPaymentId} also pays other invoices; MYOB cannot take part of it off {invoice.Number}, so an operator must refund it by hand.");
        }

        var deleted = await client.DeleteAsync(connection, PaymentRoute(invoice.Kind), payment.LedgerPaymentId, cancellationToken);
        return deleted is null or { Kind: LedgerFailureKind.NotFound } ? null : deleted;
    }

    /// <summary>A sale or bill numbered <paramref name="number"/> with one line; the one already there under <paramref name="memo"/> when a retry finds it.</summary>
    private async Task<LedgerResult<MyobSale>> EnsureSaleAsync(
        LedgerConnection connection, CreditNoteKind kind, string number, string memo, string card, DateOnly date, decimal signedAmount, string accountUid, string? taxType, CancellationToken cancellationToken)
    {
        var route = MyobCreditNoteMapper.DocumentRoute(kind);
        var found = await SaleByNumberAsync(connection, route, number, memo, cancellationToken);
        if (!found.Succeeded || found.Value is not null)
        {
            return found.Succeeded ? LedgerResult<MyobSale>.Ok(found.Value!) : found.Failure!;
        }

        var taxCodes = await references.TaxCodesAsync(connection, cancellationToken);
        if (!taxCodes.Succeeded)
        {
            return taxCodes.Failure!;
        }

        var code = taxType is null ? _options.NoTaxCode : _options.TaxCodes.GetValueOrDefault(taxType, taxType);
        if (!taxCodes.Value!.TryGetValue(code, out var taxUid))
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"Tax code {code} is not in the MYOB company file; map it (Myob:TaxCodes).");
        }

        var link = MyobLink.To(card);
        var sale = new MyobSale
        {
            Number = number,
            Date = MyobJson.FormatDate(date),
            Customer = kind == CreditNoteKind.Receivable ? link : null,
            Supplier = kind == CreditNoteKind.Payable ? link : null,
            IsTaxInclusive = true,
            JournalMemo = memo,
            Lines = [new MyobSaleLine { Type = "Transaction", Description = memo, Total = signedAmount, Account = MyobLink.To(accountUid), TaxCode = MyobLink.To(taxUid) }],
        };
        var created = await client.CreateAsync<MyobSale>(connection, route, sale, cancellationToken);
        if (created.Succeeded)
        {
            return LedgerResult<MyobSale>.Ok(created.Value!.Value ?? sale with { UID = MyobReply<MyobSale>.UidFrom(created.Value.Location) });
        }

        return await AfterFailureAsync(connection, created.Failure!, date, () => SaleByNumberAsync(connection, route, number, memo, cancellationToken), cancellationToken);
    }

    private async Task<LedgerResult<MyobSale?>> SaleByNumberAsync(LedgerConnection connection, string route, string number, string memo, CancellationToken cancellationToken)
    {
        var found = await client.ListAsync<MyobSale>(connection, route, $"Number eq {MyobJson.Quote(number)}", cancellationToken);
        if (!found.Succeeded)
        {
            return found.Failure!;
        }

        var sale = found.Value!.FirstOrDefault(s => string.Equals(s.Number, number, StringComparison.OrdinalIgnoreCase));
        if (sale is not null && !string.Equals(sale.JournalMemo, memo, StringComparison.Ordinal))
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"MYOB already has a document numbered {number} that this service did not post for this flow (its memo is not ours); an operator must decide.");
        }

        return LedgerResult<MyobSale?>.Ok(sale);
    }

    /// <summary>A payment applying <paramref name="lines"/>; the one already there under <paramref name="memo"/> when a retry finds it.</summary>
    private async Task<LedgerResult<MyobPayment>> EnsurePaymentAsync(
        LedgerConnection connection, CreditNoteKind kind, string memo, string number, string bankUid, string card, DateOnly date, IReadOnlyList<(string Uid, decimal Amount)> lines, CancellationToken cancellationToken)
    {
        var found = await PaymentByMemoAsync(connection, kind, memo, cancellationToken);
        if (!found.Succeeded || found.Value is not null)
        {
            return found.Succeeded ? LedgerResult<MyobPayment>.Ok(found.Value!) : found.Failure!;
        }

        if (number.Length > MyobCreditNoteMapper.MaxNumberLength)
        {
            number = Number("CF", new LedgerWriteKey(memo));
        }

        var receivable = kind == CreditNoteKind.Receivable;
        var total = lines.Sum(l => l.Amount);
        var payment = new MyobPayment
        {
            DepositTo = receivable ? "Account" : null,
            PayFrom = receivable ? null : "Account",
            Account = MyobLink.To(bankUid),
            Customer = receivable ? MyobLink.To(card) : null,
            Supplier = receivable ? null : MyobLink.To(card),
            ReceiptNumber = receivable ? number : null,
            PaymentNumber = receivable ? null : number,
            Date = MyobJson.FormatDate(date),
            AmountReceived = receivable ? total : null,
            AmountPaid = receivable ? null : total,
            Memo = memo,
            Invoices = receivable ? [.. lines.Select(l => new MyobPaymentLine { UID = l.Uid, Type = "Invoice", AmountApplied = l.Amount })] : null,
            Lines = receivable ? null : [.. lines.Select(l => new MyobPaymentLine { Type = "Bill", Purchase = MyobLink.To(l.Uid), AmountApplied = l.Amount })],
        };
        var created = await client.CreateAsync<MyobPayment>(connection, PaymentRoute(kind), payment, cancellationToken);
        if (created.Succeeded)
        {
            return LedgerResult<MyobPayment>.Ok(created.Value!.Value ?? payment with { UID = MyobReply<MyobPayment>.UidFrom(created.Value.Location) });
        }

        var failure = created.Failure!;
        if (failure is { Kind: LedgerFailureKind.Validation } && failure.Message.Contains("(NotFound)", StringComparison.Ordinal))
        {
            // Contract §10: 400 NotFound / 150 for a referenced record that does not exist: the invoice is not in MYOB (any more).
            return failure with { Kind = LedgerFailureKind.NotFound };
        }

        return await AfterFailureAsync(connection, failure, date, () => PaymentByMemoAsync(connection, kind, memo, cancellationToken), cancellationToken);
    }

    private async Task<LedgerResult<MyobPayment?>> PaymentByMemoAsync(LedgerConnection connection, CreditNoteKind kind, string memo, CancellationToken cancellationToken)
    {
        var found = await client.ListAsync<MyobPayment>(connection, PaymentRoute(kind), $"Memo eq {MyobJson.Quote(memo)}", cancellationToken);
        return found.Succeeded ? LedgerResult<MyobPayment?>.Ok(found.Value!.FirstOrDefault(p => p.Memo == memo)) : found.Failure!;
    }

    private async Task<LedgerResult<string>> EnsureSettlementAsync(
        LedgerConnection connection, CreditNoteKind kind, string memo, string creditUid, string card, string invoiceUid, decimal amount, DateOnly date, CancellationToken cancellationToken)
    {
        var settlement = MyobCreditNoteMapper.ToSettlement(kind, creditUid, card, invoiceUid, amount, date, memo);
        var created = await client.CreateAsync<MyobSettlement>(connection, MyobCreditNoteMapper.SettlementRoute(kind), settlement, cancellationToken);
        if (created.Succeeded)
        {
            return LedgerResult<string>.Ok(created.Value!.Value?.UID ?? MyobReply<MyobSettlement>.UidFrom(created.Value.Location) ?? "");
        }

        return await AfterFailureAsync(connection, created.Failure!, date, () => SettlementByMemoAsync(connection, kind, memo, cancellationToken), cancellationToken);
    }

    private async Task<LedgerResult<string?>> SettlementByMemoAsync(LedgerConnection connection, CreditNoteKind kind, string memo, CancellationToken cancellationToken)
    {
        var found = await client.ListAsync<MyobSettlement>(connection, MyobCreditNoteMapper.SettlementRoute(kind), $"Memo eq {MyobJson.Quote(memo)}", cancellationToken);
        return found.Succeeded ? LedgerResult<string?>.Ok(found.Value!.FirstOrDefault(s => s.Memo == memo)?.UID) : found.Failure!;
    }

    private async Task<LedgerResult<string>> EnsureCreditRefundAsync(
        LedgerConnection connection, string memo, string creditUid, string card, string bankUid, decimal amount, DateOnly date, CancellationToken cancellationToken)
    {
        var found = await CreditRefundByMemoAsync(connection, memo, cancellationToken);
        if (!found.Succeeded || found.Value is not null)
        {
            return found.Succeeded ? LedgerResult<string>.Ok(found.Value!) : found.Failure!;
        }

        var created = await client.CreateAsync<MyobCreditRefund>(
            connection,
            "Sale/CreditRefund",
            new MyobCreditRefund { Account = MyobLink.To(bankUid), Invoice = MyobLink.To(creditUid), Customer = MyobLink.To(card), Date = MyobJson.FormatDate(date), Amount = amount, Memo = memo },
            cancellationToken);
        if (created.Succeeded)
        {
            return LedgerResult<string>.Ok(created.Value!.Value?.UID ?? MyobReply<MyobCreditRefund>.UidFrom(created.Value.Location) ?? "");
        }

        return await AfterFailureAsync(connection, created.Failure!, date, () => CreditRefundByMemoAsync(connection, memo, cancellationToken), cancellationToken);
    }

    private async Task<LedgerResult<string?>> CreditRefundByMemoAsync(LedgerConnection connection, string memo, CancellationToken cancellationToken)
    {
        var found = await client.ListAsync<MyobCreditRefund>(connection, "Sale/CreditRefund", $"Memo eq {MyobJson.Quote(memo)}", cancellationToken);
        return found.Succeeded ? LedgerResult<string?>.Ok(found.Value!.FirstOrDefault(r => r.Memo == memo)?.UID) : found.Failure!;
    }

    /// <summary>A receive (spend) money transaction of <paramref name="amount"/> into (out of) the bank, its one line on the holding account; its UID.</summary>
    private async Task<LedgerResult<string>> EnsureBankTxnAsync(
        LedgerConnection connection, bool receive, string memo, string number, string? bankCode, string holdingCode, CreditNoteKind kind, CreditNoteContact contact, DateOnly date, decimal amount, CancellationToken cancellationToken)
    {
        var found = await BankTxnByMemoAsync(connection, receive, memo, cancellationToken);
        if (!found.Succeeded || found.Value is not null)
        {
            return found.Succeeded ? LedgerResult<string>.Ok(found.Value!) : found.Failure!;
        }

        var bank = await AccountUidAsync(connection, bankCode ?? DefaultBank, "bank account", cancellationToken);
        var holding = bank.Succeeded ? await AccountUidAsync(connection, holdingCode, kind == CreditNoteKind.Receivable ? "customer credit account (Myob:CustomerCreditAccount)" : "supplier deposit account (Myob:SupplierDepositAccount)", cancellationToken) : bank;
        var taxCodes = holding.Succeeded ? await references.TaxCodesAsync(connection, cancellationToken) : LedgerResult<IReadOnlyDictionary<string, string>>.Fail(holding.Failure!);
        if (!taxCodes.Succeeded)
        {
            return taxCodes.Failure!;
        }

        if (!taxCodes.Value!.TryGetValue(_options.NoTaxCode, out var noTax))
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"Tax code {_options.NoTaxCode} (Myob:NoTaxCode) is not in the MYOB company file.");
        }

        var card = await cards.ResolveAsync(connection, kind, contact, cancellationToken);
        if (!card.Succeeded)
        {
            return card.Failure!;
        }

        if (number.Length > MyobCreditNoteMapper.MaxNumberLength)
        {
            number = Number(receive ? "CC" : "SD", new LedgerWriteKey(memo));
        }

        var txn = new MyobBankTxn
        {
            DepositTo = receive ? "Account" : null,
            PayFrom = receive ? null : "Account",
            Account = MyobLink.To(bank.Value!),
            Contact = MyobLink.To(card.Value!),
            ReceiptNumber = receive ? number : null,
            PaymentNumber = receive ? null : number,
            Date = MyobJson.FormatDate(date),
            AmountReceived = receive ? amount : null,
            AmountPaid = receive ? null : amount,
            IsTaxInclusive = true,
            Memo = memo,
            Lines = [new MyobBankTxnLine { Account = MyobLink.To(holding.Value!), TaxCode = MyobLink.To(noTax), Amount = amount, Memo = memo }],
        };
        var created = await client.CreateAsync<MyobBankTxn>(connection, BankTxnRoute(receive), txn, cancellationToken);
        if (created.Succeeded)
        {
            return LedgerResult<string>.Ok(created.Value!.Value?.UID ?? MyobReply<MyobBankTxn>.UidFrom(created.Value.Location) ?? "");
        }

        return await AfterFailureAsync(connection, created.Failure!, date, () => BankTxnByMemoAsync(connection, receive, memo, cancellationToken), cancellationToken);
    }

    private async Task<LedgerResult<string?>> BankTxnByMemoAsync(LedgerConnection connection, bool receive, string memo, CancellationToken cancellationToken)
    {
        var found = await client.ListAsync<MyobBankTxn>(connection, BankTxnRoute(receive), $"Memo eq {MyobJson.Quote(memo)}", cancellationToken);
        return found.Succeeded ? LedgerResult<string?>.Ok(found.Value!.FirstOrDefault(t => t.Memo == memo)?.UID) : found.Failure!;
    }

    /// <summary>
    /// After a failed write: a locked period gets its first open day; a lost answer or a 5xx that may follow a commit
    /// (contract §10) is resolved by looking the write up by its marker; anything else is returned as it is.
    /// </summary>
    private async Task<LedgerResult<T>> AfterFailureAsync<T>(LedgerConnection connection, LedgerFailure failure, DateOnly date, Func<Task<LedgerResult<T?>>> lookUp, CancellationToken cancellationToken)
        where T : class
    {
        if (failure.Kind == LedgerFailureKind.PeriodLocked)
        {
            var firstOpen = await references.FirstOpenDayAsync(connection, date, cancellationToken);
            return firstOpen is null ? failure : failure with { FirstOpenDay = firstOpen, Message = $"{failure.Message} First open day: {firstOpen.Value:yyyy-MM-dd}." };
        }

        if (failure.Kind != LedgerFailureKind.Ambiguous && failure is not { Kind: LedgerFailureKind.Transient, HttpStatus: >= 500 })
        {
            return failure;
        }

        var after = await lookUp();
        return after is { Succeeded: true, Value: { } landed } ? LedgerResult<T>.Ok(landed) : failure with { Kind = LedgerFailureKind.Ambiguous };
    }

    /// <summary>An account's UID by its order-system code (mapped by Myob:AccountCodes) or DisplayID; refused when missing or a header.</summary>
    private async Task<LedgerResult<string>> AccountUidAsync(LedgerConnection connection, string code, string what, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"No {what} is configured for MYOB.");
        }

        var accounts = await references.AccountsAsync(connection, cancellationToken);
        if (!accounts.Succeeded)
        {
            return accounts.Failure!;
        }

        var displayId = _options.AccountCodes.GetValueOrDefault(code, code);
        if (!accounts.Value!.TryGetValue(displayId, out var account))
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"Account {displayId} ({what}) is not in the MYOB company file; add it or map the code (Myob:AccountCodes).");
        }

        return account.IsHeader
            ? new LedgerFailure(LedgerFailureKind.Validation, $"Account {displayId} ({what}) is a header account in MYOB and cannot take postings (contract §7).")
            : LedgerResult<string>.Ok(account.Uid);
    }

    private static LedgerInvoice ToInvoice(MyobSale sale, CreditNoteKind kind) => new(
        sale.UID ?? "",
        sale.Number ?? "",
        kind,
        sale.Status ?? "",
        sale.TotalAmount ?? 0m,
        sale.BalanceDueAmount ?? 0m,
        MyobJson.ParseDate(sale.Date) ?? default,
        (sale.Customer ?? sale.Supplier)?.UID);

    private static LedgerPayment ToPayment(MyobPayment payment, decimal amount, string marker) => new(
        payment.UID ?? "",
        amount,
        MyobJson.ParseDate(payment.Date) ?? default,
        payment.ReceiptNumber ?? payment.PaymentNumber,
        payment.Account?.DisplayID,
        MadeUnderKey: string.Equals(payment.Memo, marker, StringComparison.Ordinal),
        MadeByService: IsOurs(payment.Memo));

    private static List<MyobPaymentLine> LinesOf(MyobPayment payment) => payment.Invoices ?? payment.Lines ?? [];

    private static string? LineUid(MyobPaymentLine line) => line.UID ?? line.Purchase?.UID;

    private static decimal AmountOf(MyobPayment payment) => payment.AmountReceived ?? payment.AmountPaid ?? LinesOf(payment).Sum(l => l.AmountApplied);

    private static bool IsOurs(string? memo) => memo?.StartsWith(MarkerPrefix, StringComparison.Ordinal) == true;

    private static DateTimeOffset? ParseTimestamp(string? value) =>
        DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? new DateTimeOffset(at, TimeSpan.Zero)
            : null;

    private static string PaymentRoute(CreditNoteKind kind) => kind == CreditNoteKind.Receivable ? "Sale/CustomerPayment" : "Purchase/SupplierPayment";

    private static string BankTxnRoute(bool receive) => receive ? "Banking/ReceiveMoneyTxn" : "Banking/SpendMoneyTxn";

    private static string CardField(CreditNoteKind kind) => kind == CreditNoteKind.Receivable ? "Customer" : "Supplier";

    /// <summary>The memo marker of a write: <c>CreditFunctions {key}</c>.</summary>
    internal static string Marker(LedgerWriteKey key) => MarkerPrefix + key.Value;

    private static LedgerWriteKey Sub(LedgerWriteKey key, string document) => new($"{key.Value}:{document}");

    /// <summary>A document number from the key: a two-letter prefix and 11 hex digits of its SHA-256, 13 characters (contract §2, §5).</summary>
    internal static string Number(string prefix, LedgerWriteKey key) =>
        prefix + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key.Value)))[..(MyobCreditNoteMapper.MaxNumberLength - prefix.Length)];

    [LoggerMessage(EventId = 4231, Level = LogLevel.Information, Message = "MYOB pull for connection {ConnectionId}: {Count} payment lines changed")]
    private static partial void LogPulled(ILogger logger, string connectionId, int count);
}
