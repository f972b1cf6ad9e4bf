using Azure.Data.Tables;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.IntegrationTests.Storage;
using CreditFunctions.Ledgers.Xero;
using CreditFunctions.Storage.Tables;

namespace CreditFunctions.IntegrationTests.Ledgers.Xero;

/// <summary>The Table-backed token row and contact mappings against Azurite.</summary>
[Collection("Azurite")]
public sealed class XeroTableStoresTests : IAsyncLifetime
{
    private readonly TableClient _table = TestStorage.Clients.GetTableClient(StorageNames.Table("xerostores"));

    [Fact]
    public async Task Only_the_writer_holding_the_current_version_replaces_a_secret()
    {
        var store = new TableSecretStore(_table);
        var created = await store.SetAsync("xero-tokens-c1", "v1", null, CancellationToken.None);
        var duplicate = await store.SetAsync("xero-tokens-c1", "other", null, CancellationToken.None);

        var winner = await store.SetAsync("xero-tokens-c1", "v2", created, CancellationToken.None);
        var loser = await store.SetAsync("xero-tokens-c1", "v2-late", created, CancellationToken.None);

        Assert.NotNull(created);
        Assert.Null(duplicate);
        Assert.NotNull(winner);
        Assert.Null(loser);
        Assert.Equal(new SecretEntry("v2", winner!), await store.GetAsync("xero-tokens-c1", CancellationToken.None));
    }

    [Fact]
    public async Task A_contact_mapping_survives_in_the_table_and_tolerates_key_characters_tables_forbid()
    {
        var store = new TableContactMappingStore(_table);

        await store.SaveAsync("demo-xero", "CUST/1#?", "contact-guid", CancellationToken.None);

        Assert.Equal("contact-guid", await new TableContactMappingStore(_table).FindAsync("demo-xero", "CUST/1#?", CancellationToken.None));
        Assert.Null(await store.FindAsync("other-connection", "CUST/1#?", CancellationToken.None));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _table.DeleteAsync();
}
