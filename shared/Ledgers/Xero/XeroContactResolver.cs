using CreditFunctions.Documents;

namespace CreditFunctions.Ledgers.Xero;

/// <summary>
/// Finds the Xero contact for an order-system contact without ever making two: the stored mapping, then
/// ContactNumber (= the order system's contact id), then a create whose Idempotency-Key is derived from the
/// contact id, so concurrent creators in other processes replay the same create (X13). Within the process a
/// striped lock makes concurrent callers for one contact wait for the first.
/// </summary>
internal sealed class XeroContactResolver(XeroClient client, IContactMappingStore mappings)
{
    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, 32).Select(_ => new SemaphoreSlim(1, 1))];

    public async Task<LedgerResult<string>> ResolveAsync(LedgerConnection connection, CreditNoteContact contact, CancellationToken cancellationToken)
    {
        if (await mappings.FindAsync(connection.ConnectionId, contact.Id, cancellationToken) is { } known)
        {
            return LedgerResult<string>.Ok(known);
        }

        var stripe = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(connection.ConnectionId + "\n" + contact.Id) % (uint)_stripes.Length)];
        await stripe.WaitAsync(cancellationToken);
        try
        {
            if (await mappings.FindAsync(connection.ConnectionId, contact.Id, cancellationToken) is { } mapped)
            {
                return LedgerResult<string>.Ok(mapped);
            }

            var found = await FindByNumberAsync(connection, contact.Id, cancellationToken);
            if (!found.Succeeded || found.Value is not null)
            {
                return found.Succeeded ? await RememberAsync(connection, contact.Id, found.Value!, cancellationToken) : found.Failure!;
            }

            var created = await client.CreateContactAsync(
                connection,
                new XeroContact { ContactNumber = contact.Id, Name = contact.Name, EmailAddress = contact.Email },
                XeroIdempotencyKey.ForContact(connection, contact.Id),
                cancellationToken);
            if (!created.Succeeded)
            {
                return created.Failure!.Kind == LedgerFailureKind.Ambiguous
                    ? await AfterAmbiguousAsync(connection, contact.Id, created.Failure, cancellationToken)
                    : created.Failure;
            }

            var element = created.Value!.Contacts.FirstOrDefault();
            var errors = XeroCreditNoteMapper.Errors(element?.ValidationErrors);
            if (element?.ContactID is { Length: > 0 } id && errors.Count == 0)
            {
                return await RememberAsync(connection, contact.Id, id, cancellationToken);
            }

            // Names are unique in Xero: a contact with this name but another (or no) number is someone's by hand.
            return XeroErrorClassifier.FromMessages(errors, 200, null) with
            {
                Message = $"Xero refused to create contact {contact.Id}: {string.Join("; ", errors)}",
            };
        }
        finally
        {
            stripe.Release();
        }
    }

    private async Task<LedgerResult<string>> AfterAmbiguousAsync(LedgerConnection connection, string contactId, LedgerFailure failure, CancellationToken cancellationToken)
    {
        var found = await FindByNumberAsync(connection, contactId, cancellationToken);
        return found is { Succeeded: true, Value: { } id } ? await RememberAsync(connection, contactId, id, cancellationToken) : failure;
    }

    private async Task<LedgerResult<string?>> FindByNumberAsync(LedgerConnection connection, string contactId, CancellationToken cancellationToken)
    {
        var result = await client.FindContactsAsync(connection, contactId, cancellationToken);
        if (!result.Succeeded)
        {
            return result.Failure!;
        }

        var match = result.Value!.Contacts.FirstOrDefault(c => c.ContactNumber == contactId && c.ContactStatus != "ARCHIVED")
                    ?? result.Value.Contacts.FirstOrDefault(c => c.ContactNumber == contactId);
        return LedgerResult<string?>.Ok(match?.ContactID);
    }

    private async Task<LedgerResult<string>> RememberAsync(LedgerConnection connection, string contactId, string xeroContactId, CancellationToken cancellationToken)
    {
        await mappings.SaveAsync(connection.ConnectionId, contactId, xeroContactId, cancellationToken);
        return LedgerResult<string>.Ok(xeroContactId);
    }
}
