using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>
/// <c>/Contacts</c>: GET by id, <c>IDs</c>, <c>searchTerm</c> or <c>where</c> (e.g. <c>ContactNumber=="CUST-001"</c>); PUT/POST create
/// (POST with a ContactID updates). Contact names are unique among active contacts, as in Xero.
/// </summary>
internal static class XeroContactsApi
{
    public static XeroResponse Get(XeroApiRequest request)
    {
        IEnumerable<XeroContactRecord> contacts = request.Book.Contacts;
        if (request.Query.GetValueOrDefault("IDs") is { Length: > 0 } ids)
        {
            var wanted = ids.Split(',', StringSplitOptions.TrimEntries);
            contacts = contacts.Where(c => wanted.Contains(c.ContactId.ToString(), StringComparer.OrdinalIgnoreCase));
        }

        if (request.Query.GetValueOrDefault("searchTerm") is { Length: > 0 } term)
        {
            contacts = contacts.Where(c => c.Name.Contains(term, StringComparison.OrdinalIgnoreCase)
                || (c.ContactNumber?.Contains(term, StringComparison.OrdinalIgnoreCase) ?? false)
                || (c.EmailAddress?.Contains(term, StringComparison.OrdinalIgnoreCase) ?? false));
        }

        return request.List("Contacts", contacts, c => c.UpdatedAt, XeroWireWriter.Contact);
    }

    public static XeroResponse GetOne(XeroApiRequest request, string id)
    {
        var contact = Guid.TryParse(id, out var contactId) ? request.Book.Contact(contactId) : null;
        return contact is null ? XeroResponse.NotFound() : request.One("Contacts", XeroWireWriter.Contact(contact));
    }

    public static XeroResponse Save(XeroApiRequest request, string? pathId)
    {
        if (!request.TryReadBody(out var body))
        {
            return XeroResponse.Validation("The request body could not be read as JSON.");
        }

        var results = new List<JsonObject>();
        var failed = new List<JsonObject>();
        foreach (var element in XeroWire.Array(body, "Contacts"))
        {
            var errors = new List<string>();
            var contact = SaveOne(request, element, pathId, errors);
            if (contact is not null)
            {
                results.Add(XeroWireWriter.Contact(contact));
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

        return XeroResponse.Ok(XeroWire.Envelope(request.Now, "Contacts", XeroWire.ToArray(results)));
    }

    private static XeroContactRecord? SaveOne(XeroApiRequest request, JsonElement element, string? pathId, List<string> errors)
    {
        var book = request.Book;
        var id = pathId is not null && Guid.TryParse(pathId, out var p) ? p : XeroWire.Guid(element, "ContactID");
        var existing = id is { } known ? book.Contact(known) : null;
        if (id is not null && existing is null)
        {
            errors.Add("The contact with the specified ContactID could not be found");
            return null;
        }

        var name = XeroWire.String(element, "Name") ?? existing?.Name;
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add("The contact name must be specified.");
            return null;
        }

        if (book.Contacts.Any(c => c != existing && c.ContactStatus == "ACTIVE" && string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add($"The contact name {name} is already assigned to another contact. The contact name must be unique across all active contacts.");
            return null;
        }

        var contact = existing ?? new XeroContactRecord { Name = name };
        contact.Name = name;
        contact.ContactNumber = XeroWire.String(element, "ContactNumber") ?? contact.ContactNumber;
        contact.EmailAddress = XeroWire.String(element, "EmailAddress") ?? contact.EmailAddress;
        contact.UpdatedAt = request.Now;
        if (existing is null)
        {
            book.Contacts.Add(contact);
        }

        return contact;
    }
}
