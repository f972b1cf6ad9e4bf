using System.Collections.Concurrent;

namespace CreditFunctions.Ledgers.Xero;

/// <summary>
/// Remembers in the process what a shared store answered. A mapping never changes once made (an order-system contact
/// became one Xero contact), so a hit never needs the store again: one storage read per contact and process, not per
/// credit note. Misses are not remembered, so a mapping another instance saves is found on the next look.
/// </summary>
public sealed class CachedContactMappingStore(IContactMappingStore inner) : IContactMappingStore
{
    private readonly ConcurrentDictionary<(string ConnectionId, string ContactId), string> _known = new();

    public async Task<string?> FindAsync(string connectionId, string contactId, CancellationToken cancellationToken)
    {
        if (_known.TryGetValue((connectionId, contactId), out var xeroContactId))
        {
            return xeroContactId;
        }

        var found = await inner.FindAsync(connectionId, contactId, cancellationToken);
        if (found is not null)
        {
            _known[(connectionId, contactId)] = found;
        }

        return found;
    }

    public async Task SaveAsync(string connectionId, string contactId, string xeroContactId, CancellationToken cancellationToken)
    {
        await inner.SaveAsync(connectionId, contactId, xeroContactId, cancellationToken);
        _known[(connectionId, contactId)] = xeroContactId;
    }
}
