using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>
/// <c>/Payments</c> (X9, X10): PUT creates many, POST creates one, <c>POST /Payments/{id}</c> with
/// <c>{"Status":"DELETED"}</c> deletes (there is no HTTP DELETE). A payment targets an Invoice, a CreditNote
/// (cash refund, ARCREDITPAYMENT) or an Overpayment (AROVERPAYMENTPAYMENT) and may not exceed what is
/// outstanding: "Payment amount exceeds the amount outstanding on this document" (X10).
/// </summary>
internal static class XeroPaymentsApi
{
    public static XeroResponse Get(XeroApiRequest request) =>
        request.List("Payments", request.Book.Payments, p => p.UpdatedAt, p => XeroWireWriter.Payment(request.Book, p));

    public static XeroResponse GetOne(XeroApiRequest request, string id)
    {
        var payment = Guid.TryParse(id, out var paymentId) ? request.Book.Payment(paymentId) : null;
        return payment is null ? XeroResponse.NotFound() : request.One("Payments", XeroWireWriter.Payment(request.Book, payment));
    }

    public static XeroResponse Put(XeroApiRequest request)
    {
        if (!request.TryReadBody(out var body))
        {
            return XeroResponse.Validation("The request body could not be read as JSON.");
        }

        return Create(request, XeroWire.Array(body, "Payments"));
    }

    /// <summary>POST /Payments takes a single Payment object (Spec).</summary>
    public static XeroResponse PostOne(XeroApiRequest request)
    {
        if (!request.TryReadBody(out var body))
        {
            return XeroResponse.Validation("The request body could not be read as JSON.");
        }

        return Create(request, [body]);
    }

    public static XeroResponse Delete(XeroApiRequest request, string id)
    {
        var book = request.Book;
        var payment = Guid.TryParse(id, out var paymentId) ? book.Payment(paymentId) : null;
        if (payment is null)
        {
            return XeroResponse.NotFound();
        }

        if (!request.TryReadBody(out var body) || XeroWire.String(body, "Status") != "DELETED")
        {
            return XeroResponse.Validation("Only a Status of DELETED can be set on an existing payment.");
        }

        if (payment.Status == "DELETED")
        {
            return XeroResponse.Validation("This payment has already been deleted.");
        }

        if (book.LockDateViolation(payment.Date) is { } locked)
        {
            return XeroResponse.Validation(locked);
        }

        payment.Status = "DELETED";
        payment.UpdatedAt = request.Now;
        Restore(request, payment, -payment.Amount);
        return XeroResponse.Ok(XeroWire.Envelope(request.Now, "Payments", [XeroWireWriter.Payment(book, payment)]));
    }

    private static XeroResponse Create(XeroApiRequest request, IReadOnlyList<JsonElement> elements)
    {
        var results = new List<JsonObject>();
        var failed = new List<JsonObject>();
        foreach (var element in elements)
        {
            var errors = new List<string>();
            var payment = CreateOne(request, element, errors);
            if (payment is not null)
            {
                results.Add(XeroWireWriter.Payment(request.Book, payment));
            }
            else
            {
                var failure = XeroValidation.Failed(JsonNode.Parse(element.GetRawText())!.AsObject(), errors, "HasValidationErrors");
                results.Add(failure);
                failed.Add(failure);
            }
        }

        if (failed.Count > 0 && request.SummarizeErrors)
        {
            return XeroResponse.Validation(failed);
        }

        return XeroResponse.Ok(XeroWire.Envelope(request.Now, "Payments", XeroWire.ToArray(results)));
    }

    private static XeroPaymentRecord? CreateOne(XeroApiRequest request, JsonElement element, List<string> errors)
    {
        var book = request.Book;
        var amount = XeroWire.Decimal(element, "Amount");
        var date = XeroWire.ReadDate(element, "Date", request.Today, errors);
        var account = XeroWire.Object(element, "Account");
        var accountCode = account is { } a ? XeroWire.String(a, "Code") : null;
        var accountId = account is { } b ? XeroWire.Guid(b, "AccountID") : null;
        if (amount is null or <= 0)
        {
            errors.Add("Payment amount must be greater than zero.");
        }

        if (accountCode is null && accountId is null)
        {
            errors.Add("An Account (Code or AccountID) must be specified for the payment.");
        }
        else if (XeroChart.PaymentAccountError(book, accountCode, accountId) is { } accountError)
        {
            errors.Add(accountError);
        }

        var invoice = XeroWire.Object(element, "Invoice") is { } i && XeroWire.Guid(i, "InvoiceID") is { } invoiceId ? book.Invoice(invoiceId) : null;
        var creditNote = XeroWire.Object(element, "CreditNote") is { } c && XeroWire.Guid(c, "CreditNoteID") is { } creditNoteId ? book.CreditNote(creditNoteId) : null;
        var overpayment = XeroWire.Object(element, "Overpayment") is { } o && XeroWire.Guid(o, "OverpaymentID") is { } overpaymentId ? book.Overpayment(overpaymentId) : null;
        var targets = new object?[] { invoice, creditNote, overpayment }.Count(t => t is not null);
        if (targets != 1)
        {
            errors.Add("A payment must reference exactly one existing Invoice, CreditNote or Overpayment.");
        }

        if (errors.Count > 0)
        {
            return null;
        }

        var (status, outstanding, paymentType) = invoice is not null
            ? (invoice.Status, invoice.AmountDue, invoice.Type == "ACCREC" ? "ACCRECPAYMENT" : "ACCPAYPAYMENT")
            : creditNote is not null
                ? (creditNote.Status, creditNote.RemainingCredit, creditNote.Type == "ACCRECCREDIT" ? "ARCREDITPAYMENT" : "APCREDITPAYMENT")
                : (overpayment!.Status, overpayment.RemainingCredit, overpayment.Type == "RECEIVE-OVERPAYMENT" ? "AROVERPAYMENTPAYMENT" : "APOVERPAYMENTPAYMENT");
        if (status != "AUTHORISED")
        {
            errors.Add("Payments can only be made against AUTHORISED documents.");
        }
        else if (amount > outstanding)
        {
            errors.Add("Payment amount exceeds the amount outstanding on this document");
        }
        else if (book.LockDateViolation(date) is { } locked)
        {
            errors.Add(locked);
        }

        if (errors.Count > 0)
        {
            return null;
        }

        var payment = new XeroPaymentRecord
        {
            PaymentType = paymentType,
            InvoiceId = invoice?.InvoiceId,
            CreditNoteId = creditNote?.CreditNoteId,
            OverpaymentId = overpayment?.OverpaymentId,
            Amount = XeroWire.Money(amount!.Value),
            Date = date,
            AccountCode = accountCode,
            AccountId = accountId,
            Reference = XeroWire.String(element, "Reference"),
            UpdatedAt = request.Now,
        };
        book.Payments.Add(payment);
        Restore(request, payment, payment.Amount);
        return payment;
    }

    /// <summary>A payment on an invoice entered directly (the control API's bank reconciliation), under the API's rules.</summary>
    internal static XeroPaymentRecord? Record(XeroTenantBook book, XeroInvoiceRecord invoice, decimal amount, DateOnly date, string accountCode, string? reference, DateTimeOffset now, List<string> errors)
    {
        if (amount <= 0)
        {
            errors.Add("Payment amount must be greater than zero.");
        }
        else if (invoice.Status != "AUTHORISED")
        {
            errors.Add("Payments can only be made against AUTHORISED documents.");
        }
        else if (amount > invoice.AmountDue)
        {
            errors.Add("Payment amount exceeds the amount outstanding on this document");
        }
        else if (XeroChart.PaymentAccountError(book, accountCode, null) is { } accountError)
        {
            errors.Add(accountError);
        }
        else if (book.LockDateViolation(date) is { } locked)
        {
            errors.Add(locked);
        }

        if (errors.Count > 0)
        {
            return null;
        }

        var payment = new XeroPaymentRecord
        {
            PaymentType = invoice.Type == "ACCREC" ? "ACCRECPAYMENT" : "ACCPAYPAYMENT",
            InvoiceId = invoice.InvoiceId,
            Amount = XeroWire.Money(amount),
            Date = date,
            AccountCode = accountCode,
            Reference = reference,
            UpdatedAt = now,
        };
        book.Payments.Add(payment);
        XeroInvoicesApi.Settle(invoice, payment.Amount, date, now, credited: false);
        return payment;
    }

    // Applies (positive) or reverses (negative) the payment on its target.
    private static void Restore(XeroApiRequest request, XeroPaymentRecord payment, decimal amount)
    {
        var book = request.Book;
        if (payment.InvoiceId is { } invoiceId && book.Invoice(invoiceId) is { } invoice)
        {
            XeroInvoicesApi.Settle(invoice, amount, payment.Date, request.Now, credited: false);
        }

        XeroCreditRecord? credit = payment.CreditNoteId is { } creditNoteId ? book.CreditNote(creditNoteId)
            : payment.OverpaymentId is { } overpaymentId ? book.Overpayment(overpaymentId)
            : null;
        if (credit is not null)
        {
            if (amount > 0)
            {
                credit.PaymentIds.Add(payment.PaymentId);
            }

            credit.Apply(amount, payment.Date);
            credit.UpdatedAt = request.Now;
        }
    }
}
