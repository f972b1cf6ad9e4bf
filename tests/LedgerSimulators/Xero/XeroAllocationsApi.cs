using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>
/// <c>PUT /CreditNotes/{id}/Allocations</c> (X5) and <c>PUT /Overpayments/{id}/Allocations</c> (X11);
/// <c>DELETE …/Allocations/{AllocationID}</c> returns the allocation with IsDeleted true (X8).
/// Validation messages are Xero's where known (X7); the others are the simulator's wording (docs/xero-simulator.md).
/// Allocating spends the credit's RemainingCredit and the invoice's AmountDue; either becomes PAID at zero.
/// </summary>
internal static class XeroAllocationsApi
{
    public static XeroResponse Allocate(XeroApiRequest request, XeroCreditRecord? source)
    {
        if (source is null)
        {
            return XeroResponse.NotFound();
        }

        if (!request.TryReadBody(out var body))
        {
            return XeroResponse.Validation("The request body could not be read as JSON.");
        }

        var results = new List<JsonObject>();
        var failed = new List<JsonObject>();
        foreach (var element in XeroWire.Array(body, "Allocations"))
        {
            var errors = new List<string>();
            var allocation = AllocateOne(request, source, element, errors);
            if (allocation is not null)
            {
                results.Add(XeroWireWriter.Allocation(request.Book, source, allocation));
            }
            else
            {
                var failure = JsonNode.Parse(element.GetRawText())!.AsObject();
                failure["ValidationErrors"] = XeroValidation.Errors(errors);
                failure["StatusAttributeString"] = "ERROR";
                results.Add(failure);
                failed.Add(failure);
            }
        }

        // X4/X5: summarizeErrors applies here too.
        if (failed.Count > 0 && request.SummarizeErrors)
        {
            return XeroResponse.Validation(failed);
        }

        return XeroResponse.Ok(XeroWire.Envelope(request.Now, "Allocations", XeroWire.ToArray(results)));
    }

    public static XeroResponse Delete(XeroApiRequest request, XeroCreditRecord? source, string allocationId)
    {
        var allocation = source is null || !Guid.TryParse(allocationId, out var id) ? null : source.Allocations.Find(a => a.AllocationId == id && !a.IsDeleted);
        if (source is null || allocation is null)
        {
            return XeroResponse.NotFound();
        }

        if (request.Book.LockDateViolation(allocation.Date) is { } locked)
        {
            return XeroResponse.Validation(locked);
        }

        allocation.IsDeleted = true;
        source.Apply(-allocation.Amount, allocation.Date);
        source.UpdatedAt = request.Now;
        if (request.Book.Invoice(allocation.InvoiceId) is { } invoice)
        {
            XeroInvoicesApi.Settle(invoice, -allocation.Amount, allocation.Date, request.Now, credited: true);
        }

        // X8: the response is the Allocation itself (Spec: 200 → Allocation), IsDeleted true.
        return XeroResponse.Ok(XeroWireWriter.Allocation(request.Book, source, allocation));
    }

    private static XeroAllocationRecord? AllocateOne(XeroApiRequest request, XeroCreditRecord source, JsonElement element, List<string> errors)
    {
        var book = request.Book;
        var noun = source is XeroCreditNoteRecord ? "Credit Note" : "Overpayment";
        var amount = XeroWire.Decimal(element, "Amount");
        var invoiceId = XeroWire.Object(element, "Invoice") is { } invoiceRef ? XeroWire.Guid(invoiceRef, "InvoiceID") : null;
        var date = XeroWire.ReadDate(element, "Date", request.Today, errors);
        if (amount is null or <= 0)
        {
            errors.Add("Amount must be greater than zero.");
        }

        if (invoiceId is null)
        {
            errors.Add("Invoice.InvoiceID must be specified.");
        }

        if (errors.Count > 0)
        {
            return null;
        }

        var invoice = book.Invoice(invoiceId!.Value);
        if (invoice is null)
        {
            errors.Add("Invoice could not be found.");
            return null;
        }

        if (source.Status != "AUTHORISED")
        {
            errors.Add($"{noun} must be AUTHORISED before it can be allocated.");
        }
        else if (invoice.Status == "PAID" || invoice.AmountDue == 0m)
        {
            errors.Add("The invoice you are trying to allocate to has already been paid off");
        }
        else if (invoice.Type != source.AllocatableInvoiceType || invoice.Status != "AUTHORISED")
        {
            errors.Add($"{noun} cannot be allocated to an incorrect invoice type");
        }
        else if (invoice.ContactId != source.ContactId)
        {
            errors.Add($"The contact on the invoice must be the same as the contact on the {noun.ToLowerInvariant()}.");
        }
        else if (amount > invoice.AmountDue || amount > source.RemainingCredit)
        {
            errors.Add($"{noun} cannot be allocated as amount is greater than amount outstanding");
        }
        else if (book.LockDateViolation(date) is { } locked)
        {
            errors.Add(locked);
        }

        if (errors.Count > 0)
        {
            return null;
        }

        var allocation = new XeroAllocationRecord { Amount = XeroWire.Money(amount!.Value), Date = date, InvoiceId = invoice.InvoiceId };
        source.Allocations.Add(allocation);
        source.Apply(allocation.Amount, date);
        source.UpdatedAt = request.Now;
        XeroInvoicesApi.Settle(invoice, allocation.Amount, date, request.Now, credited: true);
        return allocation;
    }
}
