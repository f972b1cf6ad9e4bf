using CreditFunctions.Documents;
using CreditFunctions.Ledgers.Xero;

namespace CreditFunctions.Ledgers.QuickBooks;

/// <summary>
/// Finds the QBO Customer for an order-system contact without ever making two: the stored mapping, then the Customer
/// whose DisplayName is the contact's name (DisplayName is unique across a company's names, contract §8 N L232; the
/// XSD offers no field for an external id), then a create whose requestid is derived from the contact id, so concurrent
/// creators in other processes replay one create (Q5). A create refused as a duplicate name (6240) is looked up again.
/// </summary>
internal sealed class QuickBooksCustomerResolver(QuickBooksClient client, IContactMappingStore mappings)
{
    private const string DuplicateName = "6240";
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

            var found = await FindByNameAsync(connection, contact.Name, cancellationToken);
            if (!found.Succeeded || found.Value is not null)
            {
                return found.Succeeded ? await RememberAsync(connection, contact.Id, found.Value!, cancellationToken) : found.Failure!;
            }

            var customer = new QboCustomer
            {
                DisplayName = contact.Name,
                CompanyName = contact.Name,
                PrimaryEmailAddr = contact.Email is { Length: > 0 } email ? new QboEmailAddress { Address = email } : null,
            };
            var created = await client.WriteAsync(connection, "customer", customer, QuickBooksRequestId.ForCustomer(connection, contact.Id), null, cancellationToken);
            if (created.Succeeded && created.Value!.Customer?.Id is { Length: > 0 } id)
            {
                return await RememberAsync(connection, contact.Id, id, cancellationToken);
            }

            var failure = created.Failure ?? new LedgerFailure(LedgerFailureKind.Ambiguous, "QuickBooks's answer did not carry the customer.");
            if (failure.Kind == LedgerFailureKind.Ambiguous || failure.Message.Contains($"(code {DuplicateName})", StringComparison.Ordinal))
            {
                var again = await FindByNameAsync(connection, contact.Name, cancellationToken);
                if (again is { Succeeded: true, Value: { } existing })
                {
                    return await RememberAsync(connection, contact.Id, existing, cancellationToken);
                }
            }

            return failure with { Message = $"QuickBooks refused to create customer {contact.Id}: {failure.Message}" };
        }
        finally
        {
            stripe.Release();
        }
    }

    private async Task<LedgerResult<string?>> FindByNameAsync(LedgerConnection connection, string name, CancellationToken cancellationToken)
    {
        var result = await client.QueryAsync(connection, $"select * from Customer where DisplayName = {QuickBooksJson.Quote(name)}", cancellationToken);
        if (!result.Succeeded)
        {
            return result.Failure!;
        }

        var match = (result.Value!.QueryResponse?.Customer ?? []).FirstOrDefault(c => string.Equals(c.DisplayName, name, StringComparison.OrdinalIgnoreCase) && c.Active != false);
        return LedgerResult<string?>.Ok(match?.Id);
    }

    private async Task<LedgerResult<string>> RememberAsync(LedgerConnection connection, string contactId, string customerId, CancellationToken cancellationToken)
    {
        await mappings.SaveAsync(connection.ConnectionId, contactId, customerId, cancellationToken);
        return LedgerResult<string>.Ok(customerId);
    }
}
