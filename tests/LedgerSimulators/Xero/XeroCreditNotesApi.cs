using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>
/// <c>/CreditNotes</c>: PUT creates (X1), POST updates or creates (X1; matched by CreditNoteID, then by
/// ACCREC CreditNoteNumber), GET lists (X19) or reads one by id or number. Batches follow X4
/// (summarizeErrors). ACCREC numbers are unique (ledger-apis.md D2: "Credit Note # must be unique.").
/// </summary>
internal static class XeroCreditNotesApi
{
    private static readonly string[] CreatableStatuses = ["DRAFT", "SUBMITTED", "AUTHORISED"];

    public static XeroResponse Get(XeroApiRequest request)
    {
        IEnumerable<XeroCreditNoteRecord> notes = request.Book.CreditNotes.Where(c => c.Status != "DELETED");

        // Read-back by number is the hot query (ledger-apis.md D2): narrow before building wire objects. The full filter still runs.
        if (XeroWhereFilter.TryParse(request.Query.GetValueOrDefault("where"), out var filter, out _) && filter?.SingleEquality("CreditNoteNumber") is { } number)
        {
            notes = request.Book.CreditNotesNumbered(number).Where(c => c.Status != "DELETED");
        }

        return request.List("CreditNotes", notes, c => c.UpdatedAt, c => XeroWireWriter.CreditNote(request.Book, c));
    }

    /// <summary>Xero accepts the number in place of the id on single-document GETs.</summary>
    public static XeroResponse GetOne(XeroApiRequest request, string idOrNumber)
    {
        var note = Find(request.Book, idOrNumber);
        return note is null ? XeroResponse.NotFound() : request.One("CreditNotes", XeroWireWriter.CreditNote(request.Book, note));
    }

    public static XeroCreditNoteRecord? Find(XeroTenantBook book, string idOrNumber) =>
        Guid.TryParse(idOrNumber, out var id)
            ? book.CreditNote(id)
            : book.CreditNotesNumbered(idOrNumber).FirstOrDefault(c => c.Status != "DELETED");

    public static XeroResponse Put(XeroApiRequest request) => Batch(request, null, allowUpdate: false);

    public static XeroResponse Post(XeroApiRequest request, string? pathId) => Batch(request, pathId, allowUpdate: true);

    private static XeroResponse Batch(XeroApiRequest request, string? pathId, bool allowUpdate)
    {
        if (!request.TryReadBody(out var body))
        {
            return XeroResponse.Validation("The request body could not be read as JSON.");
        }

        if (pathId is not null && Find(request.Book, pathId) is null)
        {
            return XeroResponse.NotFound();
        }

        var results = new List<JsonObject>();
        var failed = new List<JsonObject>();
        foreach (var element in XeroWire.Array(body, "CreditNotes"))
        {
            var errors = new List<string>();
            var existing = allowUpdate ? Match(request.Book, element, pathId) : null;
            var note = existing is null ? Create(request, element, errors) : Update(request, existing, element, errors);
            if (errors.Count == 0 && note is not null)
            {
                results.Add(XeroWireWriter.CreditNote(request.Book, note));
            }
            else
            {
                var echo = JsonNode.Parse(element.GetRawText())!.AsObject();
                var failure = XeroValidation.Failed(echo, errors);
                results.Add(failure);
                failed.Add(failure);
            }
        }

        // X4: with summarizeErrors (the default) one bad element fails the call; the valid ones stay created.
        if (failed.Count > 0 && request.SummarizeErrors)
        {
            return XeroResponse.Validation(failed);
        }

        return XeroResponse.Ok(XeroWire.Envelope(request.Now, "CreditNotes", XeroWire.ToArray(results)));
    }

    private static XeroCreditNoteRecord? Match(XeroTenantBook book, JsonElement element, string? pathId)
    {
        if (pathId is not null)
        {
            return Find(book, pathId);
        }

        if (XeroWire.Guid(element, "CreditNoteID") is { } id)
        {
            return book.CreditNote(id);
        }

        var number = XeroWire.String(element, "CreditNoteNumber");
        return number is null || XeroWire.String(element, "Type") == "ACCPAYCREDIT"
            ? null
            : book.CreditNotesNumbered(number).FirstOrDefault(c => c.Type == "ACCRECCREDIT" && c.Status != "DELETED");
    }

    private static XeroCreditNoteRecord? Create(XeroApiRequest request, JsonElement element, List<string> errors)
    {
        var book = request.Book;
        var type = XeroWire.String(element, "Type");
        if (type is not ("ACCRECCREDIT" or "ACCPAYCREDIT"))
        {
            errors.Add("The credit note Type must be ACCRECCREDIT or ACCPAYCREDIT.");
            return null;
        }

        var status = XeroWire.String(element, "Status") ?? "DRAFT";
        if (!CreatableStatuses.Contains(status))
        {
            errors.Add($"A credit note cannot be created with the status {status}.");
        }

        var date = XeroWire.ReadDate(element, "Date", request.Today, errors);
        var lineAmountTypes = XeroWire.ReadLineAmountTypes(element, "Exclusive", errors);
        var lines = XeroWire.Array(element, "LineItems");
        var totals = XeroLineCalculator.Compute(lines, lineAmountTypes, errors);
        CheckTotals(status, totals, lines.Count, errors);
        XeroChart.CheckLines(book, lines, errors);
        if (status == "AUTHORISED" && book.LockDateViolation(date) is { } locked)
        {
            errors.Add(locked);
        }

        var number = XeroWire.String(element, "CreditNoteNumber");
        if (type == "ACCRECCREDIT" && number is not null && NumberTaken(book, number, null))
        {
            errors.Add("Credit Note # must be unique.");
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

        var note = new XeroCreditNoteRecord
        {
            Type = type,
            CreditNoteNumber = number ?? (type == "ACCRECCREDIT" ? NextNumber(book) : null),
            ContactId = contactId.Value,
            Date = date,
            DueDate = XeroWire.TryParseDate(XeroWire.String(element, "DueDate"), out var due) ? due : null,
            Status = status,
            LineAmountTypes = lineAmountTypes,
            Lines = totals.Lines,
            SubTotal = totals.SubTotal,
            TotalTax = totals.TotalTax,
            Total = totals.Total,
            RemainingCredit = totals.Total,
            CurrencyCode = XeroWire.String(element, "CurrencyCode") ?? book.BaseCurrency,
            Reference = XeroWire.String(element, "Reference"),
            UpdatedAt = request.Now,
        };
        book.AddCreditNote(note);
        return note;
    }

    private static XeroCreditNoteRecord? Update(XeroApiRequest request, XeroCreditNoteRecord note, JsonElement element, List<string> errors)
    {
        var book = request.Book;
        if (note.Status is "VOIDED" or "DELETED")
        {
            errors.Add("Credit Note not of valid status for modification");
            return null;
        }

        // X7: once credit is allocated or paid out the document is frozen, voiding included.
        if (note.LiveAllocations.Any() || note.PaymentIds.Select(book.Payment).Any(p => p is { Status: not "DELETED" }))
        {
            errors.Add("This document cannot be edited as it has a payment or credit note allocated to it.");
            return null;
        }

        var status = XeroWire.String(element, "Status") ?? note.Status;
        var allowed = note.Status switch
        {
            "DRAFT" => status is "DRAFT" or "SUBMITTED" or "AUTHORISED" or "DELETED",
            "SUBMITTED" => status is "DRAFT" or "SUBMITTED" or "AUTHORISED" or "DELETED",
            "AUTHORISED" => status is "AUTHORISED" or "VOIDED",
            _ => false,
        };
        if (!allowed)
        {
            // X2: drafts are deleted, approved credit notes are voided.
            errors.Add("Credit Note not of valid status for modification");
            return null;
        }

        var date = element.TryGetProperty("Date", out _) ? XeroWire.ReadDate(element, "Date", note.Date, errors) : note.Date;
        var lineAmountTypes = XeroWire.ReadLineAmountTypes(element, note.LineAmountTypes, errors);
        XeroLineCalculator.Totals? totals = null;
        if (element.TryGetProperty("LineItems", out _) || lineAmountTypes != note.LineAmountTypes)
        {
            var lines = XeroWire.Array(element, "LineItems");
            totals = lines.Count > 0 || element.TryGetProperty("LineItems", out _)
                ? XeroLineCalculator.Compute(lines, lineAmountTypes, errors)
                : new XeroLineCalculator.Totals(note.Lines, note.SubTotal, note.TotalTax, note.Total);
            CheckTotals(status, totals, totals.Lines.Count, errors);
            XeroChart.CheckLines(book, lines, errors);
        }

        if (status is "AUTHORISED" or "VOIDED" && book.LockDateViolation(date) is { } locked)
        {
            errors.Add(locked);
        }

        var number = XeroWire.String(element, "CreditNoteNumber");
        if (note.Type == "ACCRECCREDIT" && number is not null && NumberTaken(book, number, note.CreditNoteId))
        {
            errors.Add("Credit Note # must be unique.");
        }

        Guid? contactId = note.ContactId;
        if (errors.Count == 0 && XeroWire.Object(element, "Contact") is { } contact)
        {
            contactId = XeroContactResolver.Resolve(book, contact, request.Now, errors);
        }

        if (errors.Count > 0 || contactId is null)
        {
            return null;
        }

        note.ContactId = contactId.Value;
        note.Status = status;
        note.Date = date;
        note.LineAmountTypes = lineAmountTypes;
        book.Renumber(note, number ?? note.CreditNoteNumber);
        note.Reference = XeroWire.String(element, "Reference") ?? note.Reference;
        if (totals is not null)
        {
            note.Lines = totals.Lines;
            note.SubTotal = totals.SubTotal;
            note.TotalTax = totals.TotalTax;
            note.Total = totals.Total;
            note.RemainingCredit = totals.Total;
        }

        if (status == "VOIDED")
        {
            note.RemainingCredit = 0m;
        }

        note.UpdatedAt = request.Now;
        return note;
    }

    private static void CheckTotals(string status, XeroLineCalculator.Totals totals, int lineCount, List<string> errors)
    {
        if (status == "AUTHORISED" && lineCount == 0)
        {
            errors.Add("A credit note must have at least one line item to be approved.");
        }

        if (totals.Total < 0)
        {
            errors.Add("The total of a credit note cannot be negative.");
        }
    }

    private static bool NumberTaken(XeroTenantBook book, string number, Guid? except) =>
        book.CreditNotesNumbered(number).Any(c => c.Type == "ACCRECCREDIT" && c.Status != "DELETED" && c.CreditNoteId != except);

    private static string NextNumber(XeroTenantBook book)
    {
        while (true)
        {
            var candidate = string.Create(CultureInfo.InvariantCulture, $"CN-{book.NextCreditNoteNumber++:0000}");
            if (!NumberTaken(book, candidate, null))
            {
                return candidate;
            }
        }
    }
}
