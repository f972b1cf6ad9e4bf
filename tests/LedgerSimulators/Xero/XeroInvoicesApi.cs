namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>
/// <c>GET /Invoices</c> with <c>InvoiceNumbers</c>, <c>IDs</c>, <c>Statuses</c>, <c>ContactIDs</c> and <c>where</c> (X19), and
/// <c>GET /Invoices/{InvoiceID or InvoiceNumber}</c>. Invoices themselves are seeded through the control API.
/// </summary>
internal static class XeroInvoicesApi
{
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
