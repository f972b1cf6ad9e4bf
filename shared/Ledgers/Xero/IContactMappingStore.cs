namespace CreditFunctions.Ledgers.Xero;

/// <summary>
/// Which Xero ContactID an order-system contact became, per connection (one Xero organisation). Saves a GET per
/// credit note and keeps contacts from being duplicated. <see cref="InMemoryContactMappingStore"/> for one process;
/// a Table Storage implementation shares it across instances.
/// </summary>
public interface IContactMappingStore
{
    Task<string?> FindAsync(string connectionId, string contactId, CancellationToken cancellationToken);

    Task SaveAsync(string connectionId, string contactId, string xeroContactId, CancellationToken cancellationToken);
}
