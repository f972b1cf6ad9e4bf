using System.Collections.Concurrent;

namespace CreditFunctions.Ledgers.Xero;

public sealed class InMemoryContactMappingStore : IContactMappingStore
{
    private readonly ConcurrentDictionary<(string, string), string> _map = new();

    public Task<string?> FindAsync(string connectionId, string contactId, CancellationToken cancellationToken) =>
        Task.FromResult(_map.GetValueOrDefault((connectionId, contactId)));

    public Task SaveAsync(string connectionId, string contactId, string xeroContactId, CancellationToken cancellationToken)
    {
        _map[(connectionId, contactId)] = xeroContactId;
        return Task.CompletedTask;
    }
}
