using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>Stored records → Xero's wire objects (Spec schemas CreditNote, Invoice, Allocation, Payment, Overpayment, BankTransaction, Contact).</summary>
internal static class XeroWireWriter
{
    public static JsonObject ContactRef(XeroTenantBook book, Guid contactId)
    {
        var contact = book.Contact(contactId);
        var node = new JsonObject { ["ContactID"] = contactId.ToString() };
        if (contact is not null)
        {
            node["Name"] = contact.Name;
            if (contact.ContactNumber is not null)
            {
                node["ContactNumber"] = contact.ContactNumber;
            }
        }

        return node;
    }

    public static JsonObject Contact(XeroContactRecord contact)
    {
        var node = new JsonObject
        {
            ["ContactID"] = contact.ContactId.ToString(),
            ["ContactStatus"] = contact.ContactStatus,
            ["Name"] = contact.Name,
            ["IsSupplier"] = contact.IsSupplier,
            ["IsCustomer"] = contact.IsCustomer,
            ["UpdatedDateUTC"] = XeroWire.MsDate(contact.UpdatedAt),
            ["HasValidationErrors"] = false,
        };
        if (contact.ContactNumber is not null)
        {
            node["ContactNumber"] = contact.ContactNumber;
        }

        if (contact.EmailAddress is not null)
        {
            node["EmailAddress"] = contact.EmailAddress;
        }

        return node;
    }

    public static JsonObject Line(XeroLineRecord line)
    {
        var node = new JsonObject
        {
            ["LineItemID"] = line.LineItemId.ToString(),
            ["Quantity"] = line.Quantity,
            ["UnitAmount"] = line.UnitAmount,
            ["TaxAmount"] = line.TaxAmount,
            ["LineAmount"] = line.LineAmount,
        };
        Optional(node, "Description", line.Description);
        Optional(node, "AccountCode", line.AccountCode);
        Optional(node, "TaxType", line.TaxType);
        Optional(node, "ItemCode", line.ItemCode);
        return node;
    }

    public static JsonObject InvoiceRef(XeroTenantBook book, Guid invoiceId)
    {
        var invoice = book.Invoice(invoiceId);
        var node = new JsonObject { ["InvoiceID"] = invoiceId.ToString() };
        if (invoice is not null)
        {
            node["InvoiceNumber"] = invoice.InvoiceNumber;
            node["Type"] = invoice.Type;
            node["CurrencyCode"] = invoice.CurrencyCode;
        }

        return node;
    }

    public static JsonObject Invoice(XeroTenantBook book, XeroInvoiceRecord invoice)
    {
        var node = new JsonObject
        {
            ["Type"] = invoice.Type,
            ["InvoiceID"] = invoice.InvoiceId.ToString(),
            ["InvoiceNumber"] = invoice.InvoiceNumber,
            ["Contact"] = ContactRef(book, invoice.ContactId),
            ["Date"] = XeroWire.MsDate(invoice.Date),
            ["DateString"] = XeroWire.DateString(invoice.Date),
            ["Status"] = invoice.Status,
            ["LineAmountTypes"] = invoice.LineAmountTypes,
            ["LineItems"] = XeroWire.ToArray(invoice.Lines.Select(Line)),
            ["Payments"] = XeroWire.ToArray(book.Payments.Where(p => p.InvoiceId == invoice.InvoiceId && p.Status != "DELETED").Select(p => PaymentRef(p))),
            ["SubTotal"] = invoice.SubTotal,
            ["TotalTax"] = invoice.TotalTax,
            ["Total"] = invoice.Total,
            ["AmountDue"] = invoice.AmountDue,
            ["AmountPaid"] = invoice.AmountPaid,
            ["AmountCredited"] = invoice.AmountCredited,
            ["CurrencyCode"] = invoice.CurrencyCode,
            ["UpdatedDateUTC"] = XeroWire.MsDate(invoice.UpdatedAt),
            ["HasErrors"] = false,
        };
        if (invoice.DueDate is { } due)
        {
            node["DueDate"] = XeroWire.MsDate(due);
        }

        if (invoice.FullyPaidOnDate is { } paid)
        {
            node["FullyPaidOnDate"] = XeroWire.MsDate(paid);
        }

        Optional(node, "Reference", invoice.Reference);
        return node;
    }

    public static JsonObject Allocation(XeroTenantBook book, XeroCreditRecord source, XeroAllocationRecord allocation)
    {
        var node = new JsonObject
        {
            ["AllocationID"] = allocation.AllocationId.ToString(),
            ["Amount"] = allocation.Amount,
            ["Date"] = XeroWire.MsDate(allocation.Date),
            ["Invoice"] = InvoiceRef(book, allocation.InvoiceId),
        };
        if (allocation.IsDeleted)
        {
            node["IsDeleted"] = true;
        }

        node[source is XeroCreditNoteRecord ? "CreditNote" : "Overpayment"] = source is XeroCreditNoteRecord note
            ? new JsonObject { ["CreditNoteID"] = note.CreditNoteId.ToString(), ["CreditNoteNumber"] = note.CreditNoteNumber, ["Type"] = note.Type }
            : new JsonObject { ["OverpaymentID"] = source.Id.ToString() };
        return node;
    }

    public static JsonObject CreditNote(XeroTenantBook book, XeroCreditNoteRecord note)
    {
        var node = new JsonObject
        {
            ["Type"] = note.Type,
            ["CreditNoteID"] = note.CreditNoteId.ToString(),
            ["Contact"] = ContactRef(book, note.ContactId),
            ["Date"] = XeroWire.MsDate(note.Date),
            ["DateString"] = XeroWire.DateString(note.Date),
            ["Status"] = note.Status,
            ["LineAmountTypes"] = note.LineAmountTypes,
            ["LineItems"] = XeroWire.ToArray(note.Lines.Select(Line)),
            ["SubTotal"] = note.SubTotal,
            ["TotalTax"] = note.TotalTax,
            ["Total"] = note.Total,
            ["UpdatedDateUTC"] = XeroWire.MsDate(note.UpdatedAt),
            ["CurrencyCode"] = note.CurrencyCode,
            ["CurrencyRate"] = 1m,
            ["RemainingCredit"] = note.RemainingCredit,
            ["Allocations"] = XeroWire.ToArray(note.LiveAllocations.Select(a => AllocationInCredit(book, a))),
            ["Payments"] = XeroWire.ToArray(note.PaymentIds.Select(book.Payment).OfType<XeroPaymentRecord>().Where(p => p.Status != "DELETED").Select(p => PaymentRef(p))),
            ["HasAttachments"] = false,
            ["HasErrors"] = false,
        };
        Optional(node, "CreditNoteNumber", note.CreditNoteNumber);
        Optional(node, "Reference", note.Reference);
        if (note.DueDate is { } due)
        {
            node["DueDate"] = XeroWire.MsDate(due);
        }

        if (note.FullyPaidOnDate is { } paid)
        {
            node["FullyPaidOnDate"] = XeroWire.MsDate(paid);
        }

        return node;
    }

    public static JsonObject Overpayment(XeroTenantBook book, XeroOverpaymentRecord overpayment)
    {
        return new JsonObject
        {
            ["Type"] = overpayment.Type,
            ["OverpaymentID"] = overpayment.OverpaymentId.ToString(),
            ["Contact"] = ContactRef(book, overpayment.ContactId),
            ["Date"] = XeroWire.MsDate(overpayment.Date),
            ["Status"] = overpayment.Status,
            ["LineAmountTypes"] = overpayment.LineAmountTypes,
            ["LineItems"] = XeroWire.ToArray(overpayment.Lines.Select(Line)),
            ["SubTotal"] = overpayment.SubTotal,
            ["TotalTax"] = overpayment.TotalTax,
            ["Total"] = overpayment.Total,
            ["UpdatedDateUTC"] = XeroWire.MsDate(overpayment.UpdatedAt),
            ["CurrencyCode"] = overpayment.CurrencyCode,
            ["CurrencyRate"] = 1m,
            ["RemainingCredit"] = overpayment.RemainingCredit,
            ["Allocations"] = XeroWire.ToArray(overpayment.LiveAllocations.Select(a => AllocationInCredit(book, a))),
            ["Payments"] = XeroWire.ToArray(overpayment.PaymentIds.Select(book.Payment).OfType<XeroPaymentRecord>().Where(p => p.Status != "DELETED").Select(p => PaymentRef(p))),
            ["HasAttachments"] = false,
        };
    }

    public static JsonObject Payment(XeroTenantBook book, XeroPaymentRecord payment)
    {
        var node = PaymentRef(payment);
        node["Status"] = payment.Status;
        node["PaymentType"] = payment.PaymentType;
        node["UpdatedDateUTC"] = XeroWire.MsDate(payment.UpdatedAt);
        node["IsReconciled"] = false;
        node["HasAccount"] = payment.AccountCode is not null || payment.AccountId is not null;
        node["HasValidationErrors"] = false;
        var account = new JsonObject();
        Optional(account, "Code", payment.AccountCode);
        Optional(account, "AccountID", payment.AccountId?.ToString());
        node["Account"] = account;
        if (payment.InvoiceId is { } invoiceId)
        {
            node["Invoice"] = InvoiceRef(book, invoiceId);
        }

        if (payment.CreditNoteId is { } creditNoteId && book.CreditNote(creditNoteId) is { } note)
        {
            node["CreditNote"] = new JsonObject { ["CreditNoteID"] = creditNoteId.ToString(), ["CreditNoteNumber"] = note.CreditNoteNumber, ["Type"] = note.Type };
        }

        if (payment.OverpaymentId is { } overpaymentId)
        {
            node["Overpayment"] = new JsonObject { ["OverpaymentID"] = overpaymentId.ToString() };
        }

        return node;
    }

    public static JsonObject BankTransaction(XeroTenantBook book, XeroBankTransactionRecord transaction)
    {
        var account = new JsonObject();
        Optional(account, "Code", transaction.BankAccountCode);
        Optional(account, "AccountID", transaction.BankAccountId?.ToString());
        var node = new JsonObject
        {
            ["Type"] = transaction.Type,
            ["BankTransactionID"] = transaction.BankTransactionId.ToString(),
            ["Contact"] = ContactRef(book, transaction.ContactId),
            ["BankAccount"] = account,
            ["Date"] = XeroWire.MsDate(transaction.Date),
            ["Status"] = transaction.Status,
            ["LineAmountTypes"] = transaction.LineAmountTypes,
            ["LineItems"] = XeroWire.ToArray(transaction.Lines.Select(Line)),
            ["SubTotal"] = transaction.SubTotal,
            ["TotalTax"] = transaction.TotalTax,
            ["Total"] = transaction.Total,
            ["CurrencyCode"] = transaction.CurrencyCode,
            ["IsReconciled"] = false,
            ["UpdatedDateUTC"] = XeroWire.MsDate(transaction.UpdatedAt),
            ["HasAttachments"] = false,
        };
        Optional(node, "Reference", transaction.Reference);
        Optional(node, "OverpaymentID", transaction.OverpaymentId?.ToString());
        return node;
    }

    private static JsonObject PaymentRef(XeroPaymentRecord payment)
    {
        var node = new JsonObject
        {
            ["PaymentID"] = payment.PaymentId.ToString(),
            ["Date"] = XeroWire.MsDate(payment.Date),
            ["Amount"] = payment.Amount,
            ["CurrencyRate"] = 1m,
        };
        Optional(node, "Reference", payment.Reference);
        return node;
    }

    private static JsonObject AllocationInCredit(XeroTenantBook book, XeroAllocationRecord allocation) => new()
    {
        ["AllocationID"] = allocation.AllocationId.ToString(),
        ["Amount"] = allocation.Amount,
        ["Date"] = XeroWire.MsDate(allocation.Date),
        ["Invoice"] = InvoiceRef(book, allocation.InvoiceId),
    };

    private static void Optional(JsonObject node, string name, string? value)
    {
        if (value is not null)
        {
            node[name] = value;
        }
    }
}
