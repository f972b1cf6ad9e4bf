using CreditFunctions.Documents;
using CreditFunctions.Payments;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.Xero;

/// <summary>
/// Ordway's refund of a payment with Xero's own documents (docs/xero.md "Money flows"). Xero takes no manual journal
/// on Accounts Receivable and no SPEND coded to it; money goes back to a customer only as a Payment on a credit note or
/// an overpayment (X9, X11). So:
/// <list type="bullet">
/// <item>Open period: the payment is deleted (the invoice reopens, X10), the receipt is recorded again as a
/// RECEIVE-OVERPAYMENT on its own date and account, the refund is a Payment out of that overpayment on the refund date,
/// and what was not refunded is allocated back to the invoice.</item>
/// <item>Closed period: the payment stays. In the open period a credit note for the refund (on the clearing account)
/// is paid out in cash, and an invoice for the same amount (same account) carries what the customer owes again, as
/// Ordway's journal entry does on its AR line; the clearing account nets to zero.</item>
/// </list>
/// Then a write-off, when given, is a credit note to its account allocated to the reopened (or new) invoice. Each
/// document has its own key derived from the flow's, so a flow cut short resumes where it stopped.
/// </summary>
internal sealed class XeroPaymentRefunds(XeroClient client, XeroKeyedWrites writes, IOptions<XeroOptions> options)
{
    public async Task<LedgerResult<LedgerMoneyPosting>> RefundInOpenPeriodAsync(
        LedgerConnection connection, LedgerInvoice invoice, LedgerPayment payment, RefundDocument refund, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        if (invoice.ContactId is not { } contactId)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"Invoice {invoice.Number} has no contact in Xero's answer; the refund cannot name the customer.");
        }

        if (refund.Amount > payment.Amount)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"The refund ({refund.Amount}) is more than the payment it refunds ({payment.Amount}).");
        }

        var documents = new List<string>();
        var unapplied = await DeleteOnceAsync(connection, payment.LedgerPaymentId, XeroMoneyMarker.Step(key, "unapply"), cancellationToken);
        if (unapplied is not null)
        {
            return unapplied;
        }

        documents.Add($"Payment {payment.LedgerPaymentId} deleted");
        var overpaymentType = invoice.Kind == CreditNoteKind.Receivable ? "RECEIVE-OVERPAYMENT" : "SPEND-OVERPAYMENT";
        var receiptKey = XeroMoneyMarker.Step(key, "receipt");
        var receipt = await writes.BankTransactionAsync(
            connection,
            new XeroBankTransaction
            {
                Type = overpaymentType,
                Contact = new XeroContact { ContactID = contactId },
                BankAccount = new XeroAccount { Code = payment.BankAccountCode ?? options.Value.DefaultBankAccountCode },
                Date = XeroJson.FormatDate(payment.Date),
                LineAmountTypes = "NoTax",
                Reference = XeroMoneyMarker.Reference($"Receipt of {invoice.Number} before refund {refund.Id}", receiptKey),
                LineItems = [new XeroLineItem { Description = $"Payment {payment.Reference ?? payment.LedgerPaymentId} on {invoice.Number}, refunded by {refund.Id}", Quantity = 1m, UnitAmount = payment.Amount }],
            },
            receiptKey,
            cancellationToken);
        if (!receipt.Succeeded)
        {
            return receipt.Failure!;
        }

        var overpaymentId = receipt.Value!.OverpaymentID!;
        documents.Add($"Overpayment {overpaymentId}");
        var refundKey = XeroMoneyMarker.Step(key, "refund");
        var paidOut = await writes.PayAsync(
            connection,
            new XeroPayment
            {
                Overpayment = new XeroOverpayment { OverpaymentID = overpaymentId },
                Account = new XeroAccount { Code = refund.BankAccountCode ?? payment.BankAccountCode ?? options.Value.DefaultBankAccountCode },
                Date = XeroJson.FormatDate(refund.Date),
                Amount = refund.Amount,
                Reference = XeroMoneyMarker.Reference(refund.Reference ?? refund.Id, refundKey),
            },
            XeroClient.EqualGuid("Overpayment.OverpaymentID", overpaymentId),
            refundKey,
            cancellationToken);
        if (!paidOut.Succeeded)
        {
            return paidOut.Failure!;
        }

        documents.Add($"Payment {paidOut.Value!.PaymentID}");
        var remainder = payment.Amount - refund.Amount;
        if (remainder > 0m)
        {
            var allocation = new XeroAllocation { Invoice = new XeroInvoice { InvoiceID = invoice.LedgerInvoiceId }, Amount = remainder, Date = XeroJson.FormatDate(refund.Date) };
            var reapplied = await writes.AllocateOverpaymentAsync(connection, overpaymentId, allocation, XeroMoneyMarker.Step(key, "reapply"), cancellationToken);
            if (!reapplied.Succeeded)
            {
                return reapplied.Failure!;
            }

            documents.Add($"Allocation {reapplied.Value!.AllocationID} of Overpayment {overpaymentId}");
        }

        var writeOff = await WriteOffAsync(connection, invoice.LedgerInvoiceId, contactId, invoice.Kind, refund, key, documents, cancellationToken);
        return writeOff is null ? LedgerResult<LedgerMoneyPosting>.Ok(new LedgerMoneyPosting(receipt.Value.BankTransactionID!, null, documents)) : writeOff;
    }

    public async Task<LedgerResult<LedgerMoneyPosting>> RefundInClosedPeriodAsync(
        LedgerConnection connection, LedgerInvoice invoice, LedgerPayment payment, RefundDocument refund, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        if (invoice.ContactId is not { } contactId)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"Invoice {invoice.Number} has no contact in Xero's answer; the refund cannot name the customer.");
        }

        var documents = new List<string>();
        var clearing = options.Value.RefundClearingAccountCode;
        var creditKey = XeroMoneyMarker.Step(key, "credit");
        var credit = await writes.CreditNoteAsync(
            connection,
            OneLineNote(invoice.Kind, XeroMoneyMarker.Number(creditKey), contactId, refund, refund.Amount, clearing, null, $"Refund {refund.Id} of payment {payment.Reference ?? payment.LedgerPaymentId} on {invoice.Number}"),
            creditKey,
            cancellationToken);
        if (!credit.Succeeded)
        {
            return credit.Failure!;
        }

        documents.Add($"CreditNote {credit.Value!.CreditNoteID}");
        var refundKey = XeroMoneyMarker.Step(key, "refund");
        var paidOut = await writes.PayAsync(
            connection,
            new XeroPayment
            {
                CreditNote = new XeroCreditNote { CreditNoteID = credit.Value.CreditNoteID },
                Account = new XeroAccount { Code = refund.BankAccountCode ?? payment.BankAccountCode ?? options.Value.DefaultBankAccountCode },
                Date = XeroJson.FormatDate(refund.Date),
                Amount = refund.Amount,
                Reference = XeroMoneyMarker.Reference(refund.Reference ?? refund.Id, refundKey),
            },
            XeroClient.EqualGuid("CreditNote.CreditNoteID", credit.Value.CreditNoteID!),
            refundKey,
            cancellationToken);
        if (!paidOut.Succeeded)
        {
            return paidOut.Failure!;
        }

        documents.Add($"Payment {paidOut.Value!.PaymentID}");
        var receivableKey = XeroMoneyMarker.Step(key, "receivable");
        var receivable = await writes.InvoiceAsync(
            connection,
            new XeroInvoice
            {
                Type = XeroMoneyConnector.InvoiceType(invoice.Kind),
                InvoiceNumber = XeroMoneyMarker.Number(receivableKey),
                Contact = new XeroContact { ContactID = contactId },
                Date = XeroJson.FormatDate(refund.Date),
                DueDate = XeroJson.FormatDate(refund.Date),
                Status = "AUTHORISED",
                LineAmountTypes = "NoTax",
                CurrencyCode = refund.Currency,
                Reference = $"Refund {refund.Id} of {invoice.Number}",
                LineItems = [new XeroLineItem { Description = $"Refunded payment on {invoice.Number} (closed period)", Quantity = 1m, UnitAmount = refund.Amount, AccountCode = clearing }],
            },
            receivableKey,
            cancellationToken);
        if (!receivable.Succeeded)
        {
            return receivable.Failure!;
        }

        documents.Add($"Invoice {receivable.Value!.InvoiceID}");
        var writeOff = await WriteOffAsync(connection, receivable.Value.InvoiceID!, contactId, invoice.Kind, refund, key, documents, cancellationToken);
        return writeOff is null ? LedgerResult<LedgerMoneyPosting>.Ok(new LedgerMoneyPosting(credit.Value.CreditNoteID!, null, documents)) : writeOff;
    }

    /// <summary>Null when the payment is deleted (now or before); else the failure.</summary>
    private async Task<LedgerFailure?> DeleteOnceAsync(LedgerConnection connection, string paymentId, LedgerWriteKey key, CancellationToken cancellationToken)
    {
        var current = await client.GetPaymentAsync(connection, paymentId, cancellationToken);
        if (!current.Succeeded)
        {
            return current.Failure;
        }

        if (current.Value!.Payments.FirstOrDefault() is { Status: "DELETED" })
        {
            return null;
        }

        var deleted = await client.DeletePaymentAsync(connection, paymentId, XeroIdempotencyKey.From(key), cancellationToken);
        if (deleted.Succeeded)
        {
            return null;
        }

        if (deleted.Failure!.Kind != LedgerFailureKind.Ambiguous)
        {
            return deleted.Failure;
        }

        var after = await client.GetPaymentAsync(connection, paymentId, cancellationToken);
        return after.Succeeded && after.Value!.Payments.FirstOrDefault() is { Status: "DELETED" } ? null : deleted.Failure;
    }

    /// <summary>Null when there is no write-off or it is in place; else the failure. Adds its documents to <paramref name="documents"/>.</summary>
    private async Task<LedgerFailure?> WriteOffAsync(
        LedgerConnection connection, string invoiceId, string contactId, CreditNoteKind kind, RefundDocument refund, LedgerWriteKey key, List<string> documents, CancellationToken cancellationToken)
    {
        if (refund.WriteOff is not { Amount: > 0m } writeOff)
        {
            return null;
        }

        var noteKey = XeroMoneyMarker.Step(key, "writeoff");
        var note = await writes.CreditNoteAsync(
            connection, OneLineNote(kind, XeroMoneyMarker.Number(noteKey), contactId, refund, writeOff.Amount, writeOff.AccountCode, writeOff.TaxType, $"Write-off with refund {refund.Id}"), noteKey, cancellationToken);
        if (!note.Succeeded)
        {
            return note.Failure;
        }

        documents.Add($"CreditNote {note.Value!.CreditNoteID}");
        var allocation = new XeroAllocation { Invoice = new XeroInvoice { InvoiceID = invoiceId }, Amount = note.Value.Total ?? writeOff.Amount, Date = XeroJson.FormatDate(refund.Date) };
        var allocated = await writes.AllocateCreditNoteAsync(connection, note.Value, allocation, XeroMoneyMarker.Step(key, "writeoff-allocate"), cancellationToken);
        if (!allocated.Succeeded)
        {
            return allocated.Failure;
        }

        documents.Add($"Allocation {allocated.Value!.AllocationID} of CreditNote {note.Value.CreditNoteID}");
        return null;
    }

    private static XeroCreditNote OneLineNote(CreditNoteKind kind, string number, string contactId, RefundDocument refund, decimal amount, string accountCode, string? taxType, string description) => new()
    {
        Type = kind == CreditNoteKind.Receivable ? "ACCRECCREDIT" : "ACCPAYCREDIT",
        CreditNoteNumber = number,
        Status = "AUTHORISED",
        Contact = new XeroContact { ContactID = contactId },
        Date = XeroJson.FormatDate(refund.Date),
        // A write-off with a tax type is stated inclusive, so the note's total is the amount written off.
        LineAmountTypes = taxType is null ? "NoTax" : "Inclusive",
        CurrencyCode = refund.Currency,
        Reference = refund.Reference ?? refund.Id,
        LineItems = [new XeroLineItem { Description = description, Quantity = 1m, UnitAmount = amount, AccountCode = accountCode, TaxType = taxType }],
    };
}
