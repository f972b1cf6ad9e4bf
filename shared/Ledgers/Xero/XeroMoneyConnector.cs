using CreditFunctions.Documents;
using CreditFunctions.Payments;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.Xero;

/// <summary>
/// The Xero adapter behind <see cref="IMoneyLedger"/> (docs/xero.md "Money flows"). Payments are Payments (X10) whose
/// Reference carries the key's marker; overpayments are native RECEIVE-/SPEND-OVERPAYMENT bank transactions (X11);
/// customer credits and supplier deposits are RECEIVE/SPEND to a holding account that takes payments (X12). Every
/// write goes through <see cref="XeroKeyedWrites"/> (look before post, Idempotency-Key, read back after a lost answer)
/// and the per-tenant rate gate inside <see cref="XeroClient"/>.
/// </summary>
internal sealed class XeroMoneyConnector(
    XeroClient client,
    XeroKeyedWrites writes,
    XeroContactResolver contacts,
    XeroPaymentRefunds refunds,
    IOptions<XeroOptions> options) : IMoneyLedger
{
    /// <summary>Pages of GET /Payments hold 100 (X19).</summary>
    public const int PageSize = 100;

    private static readonly string[] Dead = ["DELETED", "VOIDED"];

    public LedgerKind Ledger => LedgerKind.Xero;

    public bool HasNativeOverpayments => true;

    public async Task<LedgerResult<LedgerInvoice?>> FindInvoiceAsync(LedgerConnection connection, CreditNoteKind kind, string invoiceNumber, CancellationToken cancellationToken)
    {
        var found = await client.FindInvoicesAsync(connection, invoiceNumber, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Failure!;
        }

        var invoice = found.Value!.Invoices.FirstOrDefault(i =>
            string.Equals(i.InvoiceNumber, invoiceNumber, StringComparison.Ordinal) && i.Type == InvoiceType(kind) && !Dead.Contains(i.Status));
        return LedgerResult<LedgerInvoice?>.Ok(invoice is null ? null : ToInvoice(invoice, kind));
    }

    public async Task<LedgerResult<IReadOnlyList<LedgerPayment>>> ListInvoicePaymentsAsync(LedgerConnection connection, LedgerInvoice invoice, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var found = await client.FindPaymentsAsync(connection, XeroClient.Where(OnInvoice(invoice), XeroClient.Equal("Status", "AUTHORISED")), cancellationToken);
        if (!found.Succeeded)
        {
            return found.Failure!;
        }

        IReadOnlyList<LedgerPayment> payments = [.. found.Value!.Payments.Where(p => p.Status != "DELETED").Select(p => ToPayment(p, key))];
        return LedgerResult<IReadOnlyList<LedgerPayment>>.Ok(payments);
    }

    public async Task<LedgerResult<LedgerPayment>> CreatePaymentAsync(LedgerConnection connection, LedgerInvoice invoice, PaymentDocument payment, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var wire = new XeroPayment
        {
            Invoice = new XeroInvoice { InvoiceID = invoice.LedgerInvoiceId },
            Account = new XeroAccount { Code = payment.BankAccountCode ?? options.Value.DefaultBankAccountCode },
            Date = XeroJson.FormatDate(payment.Date),
            Amount = payment.Amount,
            Reference = XeroMoneyMarker.Reference(payment.Reference ?? payment.Id, key),
        };
        var paid = await writes.PayAsync(connection, wire, OnInvoice(invoice), key, cancellationToken);
        return paid.Succeeded ? LedgerResult<LedgerPayment>.Ok(ToPayment(paid.Value!, key)) : await WhyRefusedAsync(connection, invoice, paid.Failure!, cancellationToken);
    }

    public async Task<LedgerResult<LedgerPayment>> DeletePaymentAsync(LedgerConnection connection, string ledgerPaymentId, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var deleted = await client.DeletePaymentAsync(connection, ledgerPaymentId, XeroIdempotencyKey.From(key), cancellationToken);
        if (deleted.Succeeded && deleted.Value!.Payments.FirstOrDefault() is { Status: "DELETED" } done)
        {
            return LedgerResult<LedgerPayment>.Ok(ToPayment(done, key));
        }

        // "This payment has already been deleted", a 404, or a lost answer: the payment itself tells whether it is gone.
        var current = await client.GetPaymentAsync(connection, ledgerPaymentId, cancellationToken);
        if (!current.Succeeded)
        {
            return current.Failure!.Kind == LedgerFailureKind.NotFound
                ? LedgerResult<LedgerPayment>.Ok(new LedgerPayment(ledgerPaymentId, 0m, default, null, null))
                : current.Failure;
        }

        return current.Value!.Payments.FirstOrDefault() is { Status: "DELETED" } gone
            ? LedgerResult<LedgerPayment>.Ok(ToPayment(gone, key))
            : deleted.Failure ?? new LedgerFailure(LedgerFailureKind.Ambiguous, "Xero did not confirm the payment's deletion.");
    }

    public async Task<LedgerResult<DateOnly?>> ReadLockDateAsync(LedgerConnection connection, CancellationToken cancellationToken)
    {
        var organisation = await client.GetOrganisationAsync(connection, cancellationToken);
        if (!organisation.Succeeded)
        {
            return organisation.Failure!;
        }

        var org = organisation.Value!.Organisations.FirstOrDefault();
        var locks = new[] { XeroJson.ParseDate(org?.PeriodLockDate), XeroJson.ParseDate(org?.EndOfYearLockDate) };
        return LedgerResult<DateOnly?>.Ok(locks.Max());
    }

    public async Task<LedgerResult<LedgerMoneyPosting>> RefundPaymentAsync(
        LedgerConnection connection, LedgerInvoice invoice, LedgerPayment payment, RefundDocument refund, bool periodClosed, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var posted = periodClosed
            ? await refunds.RefundInClosedPeriodAsync(connection, invoice, payment, refund, key, cancellationToken)
            : await refunds.RefundInOpenPeriodAsync(connection, invoice, payment, refund, key, cancellationToken);
        return posted.Succeeded ? posted : await WhyRefusedAsync(connection, invoice, posted.Failure!, cancellationToken);
    }

    public async Task<LedgerResult<LedgerMoneyPosting>> PostOverpaymentAsync(LedgerConnection connection, LedgerInvoice? invoice, OverpaymentDocument overpayment, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var contactId = invoice?.ContactId;
        if (contactId is null)
        {
            var contact = await contacts.ResolveAsync(connection, overpayment.Contact, cancellationToken);
            if (!contact.Succeeded)
            {
                return contact.Failure!;
            }

            contactId = contact.Value!;
        }

        // X11: the whole receipt is one RECEIVE-OVERPAYMENT; the part that settles the invoice is allocated from it, so the
        // bank shows the one deposit the customer made.
        var transaction = await writes.BankTransactionAsync(
            connection,
            OneLine(overpayment.Kind == CreditNoteKind.Receivable ? "RECEIVE-OVERPAYMENT" : "SPEND-OVERPAYMENT", contactId, overpayment.BankAccountCode, overpayment.Date,
                overpayment.Currency, $"Overpayment {overpayment.Id}", overpayment.Amount, null, XeroMoneyMarker.Reference(overpayment.Reference ?? overpayment.Id, key)),
            key,
            cancellationToken);
        if (!transaction.Succeeded)
        {
            return transaction.Failure!;
        }

        var overpaymentId = transaction.Value!.OverpaymentID;
        if (string.IsNullOrEmpty(overpaymentId))
        {
            return new LedgerFailure(LedgerFailureKind.Ambiguous, "Xero did not return the OverpaymentID of the RECEIVE-OVERPAYMENT (X11).");
        }

        var documents = new List<string> { $"BankTransaction {transaction.Value.BankTransactionID}", $"Overpayment {overpaymentId}" };
        if (invoice is not null && overpayment.AppliedToInvoice > 0m)
        {
            var allocation = new XeroAllocation { Invoice = new XeroInvoice { InvoiceID = invoice.LedgerInvoiceId }, Amount = overpayment.AppliedToInvoice, Date = XeroJson.FormatDate(overpayment.Date) };
            var allocated = await writes.AllocateOverpaymentAsync(connection, overpaymentId, allocation, XeroMoneyMarker.Step(key, "allocate"), cancellationToken);
            if (!allocated.Succeeded)
            {
                return await WhyRefusedAsync(connection, invoice, allocated.Failure!, cancellationToken);
            }

            documents.Add($"Allocation {allocated.Value!.AllocationID ?? "(to " + invoice.Number + ")"}");
        }

        return LedgerResult<LedgerMoneyPosting>.Ok(new LedgerMoneyPosting(transaction.Value.BankTransactionID!, overpaymentId, documents));
    }

    public async Task<LedgerResult<LedgerMoneyPosting>> PostPrepaidCreditAsync(LedgerConnection connection, PrepaidCreditDocument credit, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var contact = await contacts.ResolveAsync(connection, credit.Contact, cancellationToken);
        if (!contact.Succeeded)
        {
            return contact.Failure!;
        }

        var holding = HoldingAccount(credit);
        var transaction = await writes.BankTransactionAsync(
            connection,
            OneLine(credit.Kind == CreditNoteKind.Receivable ? "RECEIVE" : "SPEND", contact.Value!, credit.BankAccountCode, credit.Date, credit.Currency,
                $"{(credit.Kind == CreditNoteKind.Receivable ? "Customer credit" : "Supplier deposit")} {credit.Id}", credit.Amount, holding, XeroMoneyMarker.Reference(credit.Reference ?? credit.Id, key)),
            key,
            cancellationToken);
        return transaction.Succeeded
            ? LedgerResult<LedgerMoneyPosting>.Ok(new LedgerMoneyPosting(transaction.Value!.BankTransactionID!, holding, [$"BankTransaction {transaction.Value.BankTransactionID}"]))
            : transaction.Failure!;
    }

    public async Task<LedgerResult<LedgerMoneyPosting>> ApplyCreditAsync(
        LedgerConnection connection, MoneyDocument credit, LedgerMoneyPosting posted, LedgerInvoice invoice, CreditApplication application, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        if (credit is OverpaymentDocument)
        {
            var allocation = new XeroAllocation { Invoice = new XeroInvoice { InvoiceID = invoice.LedgerInvoiceId }, Amount = application.Amount, Date = XeroJson.FormatDate(application.Date) };
            var allocated = await writes.AllocateOverpaymentAsync(connection, posted.CreditId!, allocation, key, cancellationToken);
            return allocated.Succeeded
                ? LedgerResult<LedgerMoneyPosting>.Ok(new LedgerMoneyPosting(allocated.Value!.AllocationID ?? posted.CreditId!, posted.CreditId, [$"Allocation {allocated.Value.AllocationID} of Overpayment {posted.CreditId}"]))
                : await WhyRefusedAsync(connection, invoice, allocated.Failure!, cancellationToken);
        }

        // X12: a RECEIVE to the holding account is not an allocatable credit; applying it is a payment on the invoice
        // from that account (it has EnablePaymentsToAccount), which moves the money from the liability to the receivable.
        var wire = new XeroPayment
        {
            Invoice = new XeroInvoice { InvoiceID = invoice.LedgerInvoiceId },
            Account = new XeroAccount { Code = posted.CreditId ?? HoldingAccount(credit) },
            Date = XeroJson.FormatDate(application.Date),
            Amount = application.Amount,
            Reference = XeroMoneyMarker.Reference($"{credit.Id} applied", key),
        };
        var paid = await writes.PayAsync(connection, wire, OnInvoice(invoice), key, cancellationToken);
        return paid.Succeeded
            ? LedgerResult<LedgerMoneyPosting>.Ok(new LedgerMoneyPosting(paid.Value!.PaymentID!, posted.CreditId, [$"Payment {paid.Value.PaymentID}"]))
            : await WhyRefusedAsync(connection, invoice, paid.Failure!, cancellationToken);
    }

    public async Task<LedgerResult<LedgerMoneyPosting>> RefundCreditBalanceAsync(
        LedgerConnection connection, MoneyDocument credit, LedgerMoneyPosting posted, RefundDocument refund, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        if (credit is OverpaymentDocument)
        {
            // X9: a refund of an overpayment is a Payment whose target is the Overpayment (AROVERPAYMENTPAYMENT).
            var wire = new XeroPayment
            {
                Overpayment = new XeroOverpayment { OverpaymentID = posted.CreditId },
                Account = new XeroAccount { Code = refund.BankAccountCode ?? options.Value.DefaultBankAccountCode },
                Date = XeroJson.FormatDate(refund.Date),
                Amount = refund.Amount,
                Reference = XeroMoneyMarker.Reference(refund.Reference ?? refund.Id, key),
            };
            var paid = await writes.PayAsync(connection, wire, XeroClient.EqualGuid("Overpayment.OverpaymentID", posted.CreditId!), key, cancellationToken);
            return paid.Succeeded ? LedgerResult<LedgerMoneyPosting>.Ok(new LedgerMoneyPosting(paid.Value!.PaymentID!, posted.CreditId, [$"Payment {paid.Value.PaymentID}"])) : paid.Failure!;
        }

        // A customer credit held on the liability account goes back out as SPEND from the bank to that account (a
        // supplier deposit comes back as RECEIVE to the asset account): the mirror of how it came in (X12).
        var contact = await contacts.ResolveAsync(connection, credit.Contact, cancellationToken);
        if (!contact.Succeeded)
        {
            return contact.Failure!;
        }

        var transaction = await writes.BankTransactionAsync(
            connection,
            OneLine(credit.Kind == CreditNoteKind.Receivable ? "SPEND" : "RECEIVE", contact.Value!, refund.BankAccountCode, refund.Date, refund.Currency,
                $"Refund {refund.Id} of {credit.Id}", refund.Amount, posted.CreditId ?? HoldingAccount(credit), XeroMoneyMarker.Reference(refund.Reference ?? refund.Id, key)),
            key,
            cancellationToken);
        return transaction.Succeeded
            ? LedgerResult<LedgerMoneyPosting>.Ok(new LedgerMoneyPosting(transaction.Value!.BankTransactionID!, posted.CreditId, [$"BankTransaction {transaction.Value.BankTransactionID}"]))
            : transaction.Failure!;
    }

    public async Task<LedgerResult<PaymentChanges>> PaymentsChangedSinceAsync(LedgerConnection connection, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var changed = new List<PulledPayment>();
        var cursor = since ?? DateTimeOffset.UnixEpoch;
        for (var page = 1; ; page++)
        {
            var response = await client.PaymentsPageAsync(connection, page, since, cancellationToken);
            if (!response.Succeeded)
            {
                return response.Failure!;
            }

            var payments = response.Value!.Payments;
            foreach (var payment in payments)
            {
                var updatedAt = XeroJson.ParseInstant(payment.UpdatedDateUTC) ?? cursor;
                cursor = updatedAt > cursor ? updatedAt : cursor;

                // If-Modified-Since is inclusive: what changed exactly at the cursor was reported by the pull that set it.
                // Payments on credit notes and overpayments are refunds, not invoice payments; ours are the order system's already.
                if ((since is { } start && updatedAt <= start) || payment.Invoice?.InvoiceNumber is not { } number || XeroMoneyMarker.IsOurs(payment.Reference))
                {
                    continue;
                }

                changed.Add(new PulledPayment(
                    payment.PaymentID!, payment.Invoice.Type == "ACCPAY" ? CreditNoteKind.Payable : CreditNoteKind.Receivable, number, payment.Amount ?? 0m,
                    XeroJson.ParseDate(payment.Date) ?? default, payment.Invoice.CurrencyCode ?? "", payment.Reference, payment.Status == "DELETED", MadeByService: false, updatedAt));
            }

            if (payments.Count < PageSize)
            {
                break;
            }
        }

        return LedgerResult<PaymentChanges>.Ok(new PaymentChanges([.. changed.OrderBy(p => p.UpdatedAt)], cursor));
    }

    internal static string InvoiceType(CreditNoteKind kind) => kind == CreditNoteKind.Receivable ? "ACCREC" : "ACCPAY";

    internal static string OnInvoice(LedgerInvoice invoice) => XeroClient.EqualGuid("Invoice.InvoiceID", invoice.LedgerInvoiceId);

    internal XeroBankTransaction OneLine(string type, string contactId, string? bankAccountCode, DateOnly date, string currency, string description, decimal amount, string? accountCode, string reference) => new()
    {
        Type = type,
        Contact = new XeroContact { ContactID = contactId },
        BankAccount = new XeroAccount { Code = bankAccountCode ?? options.Value.DefaultBankAccountCode },
        Date = XeroJson.FormatDate(date),
        LineAmountTypes = "NoTax",
        CurrencyCode = currency,
        Reference = reference,
        LineItems = [new XeroLineItem { Description = description, Quantity = 1m, UnitAmount = amount, AccountCode = accountCode }],
    };

    private string HoldingAccount(MoneyDocument credit) =>
        (credit as PrepaidCreditDocument)?.HoldingAccountCode
        ?? (credit.Kind == CreditNoteKind.Receivable ? options.Value.CustomerCreditAccountCode : options.Value.SupplierDepositAccountCode);

    /// <summary>A refusal naming an invoice that is gone (deleted, voided, or never there) is NotFound, not Validation.</summary>
    private async Task<LedgerFailure> WhyRefusedAsync(LedgerConnection connection, LedgerInvoice invoice, LedgerFailure failure, CancellationToken cancellationToken)
    {
        if (failure.Kind is not (LedgerFailureKind.Validation or LedgerFailureKind.NotFound))
        {
            return failure;
        }

        var current = await client.GetInvoiceAsync(connection, invoice.LedgerInvoiceId, cancellationToken);
        var gone = current.Succeeded
            ? current.Value!.Invoices.FirstOrDefault() is not { } found || Dead.Contains(found.Status)
            : current.Failure!.Kind == LedgerFailureKind.NotFound;
        return gone ? new LedgerFailure(LedgerFailureKind.NotFound, $"Invoice {invoice.Number} is not in Xero (deleted, voided or never there). {failure.Message}") : failure;
    }

    private static LedgerInvoice ToInvoice(XeroInvoice invoice, CreditNoteKind kind) => new(
        invoice.InvoiceID!, invoice.InvoiceNumber!, kind, invoice.Status ?? "", invoice.Total ?? 0m, invoice.AmountDue ?? 0m,
        XeroJson.ParseDate(invoice.Date) ?? default, invoice.Contact?.ContactID);

    private static LedgerPayment ToPayment(XeroPayment payment, LedgerWriteKey key) => new(
        payment.PaymentID!, payment.Amount ?? 0m, XeroJson.ParseDate(payment.Date) ?? default, payment.Reference, payment.Account?.Code,
        XeroMoneyMarker.IsUnder(payment.Reference, key), XeroMoneyMarker.IsOurs(payment.Reference));
}
