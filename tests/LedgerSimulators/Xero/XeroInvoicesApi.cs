using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>
/// <c>GET /Invoices</c> with <c>InvoiceNumbers</c>, <c>IDs</c>, <c>Statuses</c>, <c>ContactIDs</c> and <c>where</c> (X19), and
/// <c>GET /Invoices/{InvoiceID or InvoiceNumber}</c>. <c>PUT</c>/<c>POST /Invoices</c> create (ACCREC or ACCPAY, DRAFT,
/// SUBMITTED or AUTHORISED; lines checked against the chart, X18 lock dates, ACCREC numbers unique); updating an
/// existing invoice is not simulated. Tests also seed invoices through the control API.
/// </summary>
internal static class XeroInvoicesApi
{
    private static readonly string[] CreatableStatuses = ["DRAFT", "SUBMITTED", "AUTHORISED"];

    public static XeroResponse Create(XeroApiRequest request)
    {
        if (!request.TryReadBody(out var body))
        {
            return XeroResponse.Validation("The request body could not be read as JSON.");
        }

        var elements = body.TryGetProperty("Invoices", out _) ? XeroWire.Array(body, "Invoices") : [body];
        var results = new List<JsonObject>();
        var failed = new List<JsonObject>();
        foreach (var element in elements)
        {
            var errors = new List<string>();
            var invoice = CreateOne(request, element, errors);
            if (invoice is not null)
            {
                results.Add(XeroWireWriter.Invoice(request.Book, invoice));
            }
            else
            {
                var failure = XeroValidation.Failed(JsonNode.Parse(element.GetRawText())!.AsObject(), errors);
                results.Add(failure);
                failed.Add(failure);
            }
        }

        if (failed.Count > 0 && request.SummarizeErrors)
        {
            return XeroResponse.Validation(failed);
        }

        return XeroResponse.Ok(XeroWire.Envelope(request.Now, "Invoices", XeroWire.ToArray(results)));
    }

    private static XeroInvoiceRecord? CreateOne(XeroApiRequest request, JsonElement element, List<string> errors)
    {
        var book = request.Book;
        var type = XeroWire.String(element, "Type");
        if (type is not ("ACCREC" or "ACCPAY"))
        {
            errors.Add("The invoice Type must be ACCREC or ACCPAY.");
            return null;
        }

        var status = XeroWire.String(element, "Status") ?? "DRAFT";
        if (!CreatableStatuses.Contains(status))
        {
            errors.Add($"An invoice cannot be created with the status {status}.");
        }

        var date = XeroWire.ReadDate(element, "Date", request.Today, errors);
        var lineAmountTypes = XeroWire.ReadLineAmountTypes(element, "Exclusive", errors);
        var lines = XeroWire.Array(element, "LineItems");
        var totals = XeroLineCalculator.Compute(lines, lineAmountTypes, errors);
        XeroChart.CheckLines(book, lines, errors);
        if (status == "AUTHORISED" && lines.Count == 0)
        {
            errors.Add("An invoice must have at least one line item to be approved.");
        }

        if (totals.Total < 0)
        {
            errors.Add("The total of an invoice cannot be negative.");
        }

        if (status == "AUTHORISED" && book.LockDateViolation(date) is { } locked)
        {
            errors.Add(locked);
        }

        var number = XeroWire.String(element, "InvoiceNumber");
        if (type == "ACCREC" && number is not null && book.Invoices.Exists(i => i.Type == "ACCREC" && i.Status is not ("DELETED" or "VOIDED") && string.Equals(i.InvoiceNumber, number, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add("Invoice # must be unique.");
        }

        if (errors.Count > 0)
        {
            return null;
        }

        var contactId = XeroContactResolver.Resolve(book, XeroWire.Object(element, "Contact"), request.Now, errors);
        if (contactId is null)
        {
            return null;
        }

        var invoice = new XeroInvoiceRecord
        {
            InvoiceNumber = number ?? (type == "ACCREC" ? NextNumber(book) : string.Empty),
            Type = type,
            ContactId = contactId.Value,
            Date = date,
            DueDate = XeroWire.TryParseDate(XeroWire.String(element, "DueDate"), out var due) ? due : null,
            Status = status,
            LineAmountTypes = lineAmountTypes,
            Lines = totals.Lines,
            CurrencyCode = XeroWire.String(element, "CurrencyCode") ?? book.BaseCurrency,
            SubTotal = totals.SubTotal,
            TotalTax = totals.TotalTax,
            Total = totals.Total,
            AmountDue = totals.Total,
            Reference = XeroWire.String(element, "Reference"),
            UpdatedAt = request.Now,
        };
        book.Invoices.Add(invoice);
        return invoice;
    }

    private static string NextNumber(XeroTenantBook book)
    {
        while (true)
        {
            var candidate = string.Create(CultureInfo.InvariantCulture, $"INV-{book.NextInvoiceNumber++:0000}");
            if (!book.Invoices.Exists(i => string.Equals(i.InvoiceNumber, candidate, StringComparison.OrdinalIgnoreCase)))
            {
                return candidate;
            }
        }
    }

    public static XeroResponse Get(XeroApiRequest request)
    {
        IEnumerable<XeroInvoiceRecord> invoices = request.Book.Invoices.Where(i => i.Status != "DELETED");
        if (List(request, "InvoiceNumbers") is { } numbers)
        {
            invoices = invoices.Where(i => numbers.Contains(i.InvoiceNumber, StringComparer.OrdinalIgnoreCase));
        }

        if (List(request, "IDs") is { } ids)
        {
            invoices = invoices.Where(i => ids.Contains(i.InvoiceId.ToString(), StringComparer.OrdinalIgnoreCase));
        }

        if (List(request, "Statuses") is { } statuses)
        {
            invoices = invoices.Where(i => statuses.Contains(i.Status, StringComparer.OrdinalIgnoreCase));
        }

        if (List(request, "ContactIDs") is { } contacts)
        {
            invoices = invoices.Where(i => contacts.Contains(i.ContactId.ToString(), StringComparer.OrdinalIgnoreCase));
        }

        return request.List("Invoices", invoices, i => i.UpdatedAt, i => XeroWireWriter.Invoice(request.Book, i));
    }

    public static XeroResponse GetOne(XeroApiRequest request, string idOrNumber)
    {
        var invoice = Guid.TryParse(idOrNumber, out var id)
            ? request.Book.Invoice(id)
            : request.Book.Invoices.Find(i => string.Equals(i.InvoiceNumber, idOrNumber, StringComparison.OrdinalIgnoreCase));
        return invoice is null ? XeroResponse.NotFound() : request.One("Invoices", XeroWireWriter.Invoice(request.Book, invoice));
    }

    /// <summary>Applies a credit or payment (negative: reverses it) to the invoice's AmountDue; PAID at zero.</summary>
    public static void Settle(XeroInvoiceRecord invoice, decimal amount, DateOnly date, DateTimeOffset now, bool credited)
    {
        invoice.AmountDue -= amount;
        if (credited)
        {
            invoice.AmountCredited += amount;
        }
        else
        {
            invoice.AmountPaid += amount;
        }

        if (invoice.AmountDue == 0m && invoice.Status == "AUTHORISED")
        {
            invoice.Status = "PAID";
            invoice.FullyPaidOnDate = date;
        }
        else if (invoice.AmountDue > 0m && invoice.Status == "PAID")
        {
            invoice.Status = "AUTHORISED";
            invoice.FullyPaidOnDate = null;
        }

        invoice.UpdatedAt = now;
    }

    private static string[]? List(XeroApiRequest request, string name) =>
        request.Query.GetValueOrDefault(name) is { Length: > 0 } text
            ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : null;
}
