using CreditFunctions.Documents;
using CreditFunctions.Ledgers.Xero;

namespace CreditFunctions.Ledgers.Myob;

/// <summary>
/// Finds the MYOB card (Contact/Customer for receivable notes, Contact/Supplier for payable) for an order-system contact:
/// the stored mapping, then the card whose DisplayID (the card ID, 15 characters, contract §6) is the contact id, then a
/// create. MYOB has no idempotency key (M6), so a create whose answer was lost is looked up again rather than repeated;
/// two processes creating at the same instant could still make two cards, and then both settle on the older one (lowest
/// Created, then UID), so documents never split between them. Within the process a striped lock serialises a contact.
/// </summary>
internal sealed class MyobCardResolver(MyobClient client, IContactMappingStore mappings)
{
    private const int MaxDisplayIdLength = 15;
    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, 32).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>
    /// The card's UID. <paramref name="stale"/> is a UID MYOB just refused as not found (CustomerNotFound, contract §10): a
    /// stored mapping equal to it is ignored and replaced by what MYOB holds now.
    /// </summary>
    public async Task<LedgerResult<string>> ResolveAsync(LedgerConnection connection, CreditNoteKind kind, CreditNoteContact contact, CancellationToken cancellationToken, string? stale = null)
    {
        var route = kind == CreditNoteKind.Receivable ? "Contact/Customer" : "Contact/Supplier";
        var mappingKey = (kind == CreditNoteKind.Receivable ? "customer:" : "supplier:") + contact.Id;
        if (await mappings.FindAsync(connection.ConnectionId, mappingKey, cancellationToken) is { } known && known != stale)
        {
            return LedgerResult<string>.Ok(known);
        }

        if (contact.Id.Length > MaxDisplayIdLength)
        {
            return new LedgerFailure(LedgerFailureKind.Validation, $"Contact id {contact.Id} is longer than MYOB's {MaxDisplayIdLength}-character card ID; map it to a shorter id.");
        }

        var stripe = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(connection.ConnectionId + "\n" + mappingKey) % (uint)_stripes.Length)];
        await stripe.WaitAsync(cancellationToken);
        try
        {
            if (await mappings.FindAsync(connection.ConnectionId, mappingKey, cancellationToken) is { } mapped && mapped != stale)
            {
                return LedgerResult<string>.Ok(mapped);
            }

            var found = await FindAsync(connection, route, contact.Id, cancellationToken);
            if (!found.Succeeded)
            {
                return found.Failure!;
            }

            if (found.Value is null)
            {
                var created = await client.CreateAsync<MyobCard>(
                    connection, route, new MyobCard { CompanyName = contact.Name, DisplayID = contact.Id, IsIndividual = false, IsActive = true }, cancellationToken);
                if (!created.Succeeded && created.Failure!.Kind != LedgerFailureKind.Ambiguous)
                {
                    return created.Failure;
                }

                // Read again (also after a lost answer): the oldest card with the id wins, whoever made it.
                found = await FindAsync(connection, route, contact.Id, cancellationToken);
                if (!found.Succeeded)
                {
                    return found.Failure!;
                }

                if (found.Value is null)
                {
                    return created.Failure ?? new LedgerFailure(LedgerFailureKind.Ambiguous, $"MYOB created card {contact.Id} but does not list it yet.");
                }
            }

            await mappings.SaveAsync(connection.ConnectionId, mappingKey, found.Value, cancellationToken);
            return LedgerResult<string>.Ok(found.Value);
        }
        finally
        {
            stripe.Release();
        }
    }

    private async Task<LedgerResult<string?>> FindAsync(LedgerConnection connection, string route, string displayId, CancellationToken cancellationToken)
    {
        var cards = await client.ListAsync<MyobCard>(connection, route, $"DisplayID eq {MyobJson.Quote(displayId)}", cancellationToken);
        if (!cards.Succeeded)
        {
            return cards.Failure!;
        }

        var oldest = cards.Value!
            .Where(c => string.Equals(c.DisplayID, displayId, StringComparison.OrdinalIgnoreCase) && c.UID is not null)
            .OrderBy(c => c.IsActive == false)
            .ThenBy(c => c.Created, StringComparer.Ordinal)
            .ThenBy(c => c.UID, StringComparer.OrdinalIgnoreCase)
            .FirstOrDefault();
        return LedgerResult<string?>.Ok(oldest?.UID);
    }
}
