using CreditFunctions.Ledgers.Xero;

namespace CreditFunctions.Tests.Ledgers.Xero;

public sealed class CachedContactMappingStoreTests
{
    [Fact]
    public async Task A_known_mapping_is_read_from_the_shared_store_once_per_process()
    {
        var shared = new CountingStore();
        await shared.SaveAsync("c1", "cust_42", "xero-1", CancellationToken.None);
        var cached = new CachedContactMappingStore(shared);

        Assert.Equal("xero-1", await cached.FindAsync("c1", "cust_42", CancellationToken.None));
        Assert.Equal("xero-1", await cached.FindAsync("c1", "cust_42", CancellationToken.None));

        Assert.Equal(1, shared.Finds);
    }

    [Fact]
    public async Task A_miss_is_asked_again_so_a_mapping_saved_by_another_instance_is_found()
    {
        var shared = new CountingStore();
        var cached = new CachedContactMappingStore(shared);

        Assert.Null(await cached.FindAsync("c1", "cust_7", CancellationToken.None));
        await shared.SaveAsync("c1", "cust_7", "xero-7", CancellationToken.None);

        Assert.Equal("xero-7", await cached.FindAsync("c1", "cust_7", CancellationToken.None));
        Assert.Equal(2, shared.Finds);
    }

    private sealed class CountingStore : IContactMappingStore
    {
        private readonly InMemoryContactMappingStore _inner = new();

        public int Finds { get; private set; }

        public Task<string?> FindAsync(string connectionId, string contactId, CancellationToken cancellationToken)
        {
            Finds++;
            return _inner.FindAsync(connectionId, contactId, cancellationToken);
        }

        public Task SaveAsync(string connectionId, string contactId, string xeroContactId, CancellationToken cancellationToken) =>
            _inner.SaveAsync(connectionId, contactId, xeroContactId, cancellationToken);
    }
}
