using System.Text.Json;

namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>
/// How a document names its contact: by ContactID (must exist), by ContactNumber, or by Name — Xero
/// creates a contact on the fly when a document names one it does not have.
/// </summary>
internal static class XeroContactResolver
{
    public static Guid? Resolve(XeroTenantBook book, JsonElement? contact, DateTimeOffset now, List<string> errors)
    {
        if (contact is not { } given)
        {
            errors.Add("A Contact must be specified for this type of transaction");
            return null;
        }

        if (XeroWire.Guid(given, "ContactID") is { } id)
        {
            if (book.Contact(id) is null)
            {
                errors.Add("The contact with the specified ContactID could not be found");
                return null;
            }

            return id;
        }

        var number = XeroWire.String(given, "ContactNumber");
        var name = XeroWire.String(given, "Name");
        var found = (number is null ? null : book.Contacts.Find(c => string.Equals(c.ContactNumber, number, StringComparison.OrdinalIgnoreCase)))
            ?? (name is null ? null : book.Contacts.Find(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)));
        if (found is not null)
        {
            return found.ContactId;
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add("A Contact must be specified for this type of transaction");
            return null;
        }

        var created = new XeroContactRecord { Name = name, ContactNumber = number, EmailAddress = XeroWire.String(given, "EmailAddress"), IsCustomer = true, UpdatedAt = now };
        book.Contacts.Add(created);
        return created.ContactId;
    }
}
