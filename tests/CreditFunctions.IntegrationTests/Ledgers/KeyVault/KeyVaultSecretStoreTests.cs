using Azure;
using Azure.Data.Tables;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.Ledgers.Xero;

namespace CreditFunctions.IntegrationTests.Ledgers.KeyVault;

/// <summary>
/// <see cref="KeyVaultSecretStore"/>: values in the (fake) vault through the real SecretClient, the rotation lock in a
/// real table on Azurite. The store must keep <see cref="ISecretStore"/>'s promise: one writer per version wins.
/// </summary>
public sealed class KeyVaultSecretStoreTests : IAsyncLifetime
{
    private readonly FakeKeyVaultTransport _vault = new();
    private readonly TableClient _locks = new(SharedAzurite.ConnectionString, "kvlocks" + Guid.NewGuid().ToString("N")[..10]);

    public Task InitializeAsync() => SharedAzurite.EnsureRunningAsync();

    public async Task DisposeAsync() => await _locks.DeleteAsync();

    private KeyVaultSecretStore Store() => new(_vault.Client(), _locks);

    [Fact]
    public async Task A_value_lives_in_the_vault_and_the_table_row_names_only_its_version()
    {
        var store = Store();

        var version = await store.SetAsync("xero-tokens-acme", "{\"refresh\":\"rt-1\"}", null, CancellationToken.None);
        var read = await Store().GetAsync("xero-tokens-acme", CancellationToken.None);

        Assert.NotNull(version);
        Assert.Equal(new SecretEntry("{\"refresh\":\"rt-1\"}", version!), read);
        Assert.Equal(["{\"refresh\":\"rt-1\"}"], _vault.Versions("xero-tokens-acme"));
        var row = (await _locks.GetEntityAsync<TableEntity>("keyvault", "xero-tokens-acme")).Value;
        Assert.DoesNotContain(row, column => column.Value?.ToString()?.Contains("rt-1", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Nothing_stored_reads_as_null_without_asking_the_vault()
    {
        Assert.Null(await Store().GetAsync("myob-tokens-none", CancellationToken.None));
        Assert.Empty(_vault.Requests);
    }

    [Fact]
    public async Task A_writer_holding_an_old_version_loses_and_adds_nothing_to_the_vault()
    {
        var store = Store();
        var first = await store.SetAsync("qbo-tokens-c1", "v1", null, CancellationToken.None);
        var second = await store.SetAsync("qbo-tokens-c1", "v2", first, CancellationToken.None);

        var stale = await store.SetAsync("qbo-tokens-c1", "v3", first, CancellationToken.None);
        var again = await store.SetAsync("qbo-tokens-c1", "v3", null, CancellationToken.None);

        Assert.NotNull(second);
        Assert.Null(stale);
        Assert.Null(again);
        Assert.Equal(["v1", "v2"], _vault.Versions("qbo-tokens-c1"));
        Assert.Equal("v2", (await Store().GetAsync("qbo-tokens-c1", CancellationToken.None))!.Value);
    }

    [Fact]
    public async Task Of_workers_racing_from_one_version_exactly_one_wins_and_every_reader_sees_its_value()
    {
        var start = await Store().SetAsync("xero-tokens-race", "start", null, CancellationToken.None);
        var workers = Enumerable.Range(0, 8).Select(_ => Store()).ToList();

        var results = await Task.WhenAll(workers.Select((w, i) => w.SetAsync("xero-tokens-race", $"worker-{i}", start, CancellationToken.None)));

        var winner = Assert.Single(results.Select((version, i) => (version, i)), r => r.version is not null);
        foreach (var worker in workers)
        {
            Assert.Equal($"worker-{winner.i}", (await worker.GetAsync("xero-tokens-race", CancellationToken.None))!.Value);
        }

        Assert.Equal($"worker-{winner.i}", (await Store().GetAsync("xero-tokens-race", CancellationToken.None))!.Value);
    }

    [Fact]
    public async Task A_version_read_once_is_not_read_from_the_vault_again()
    {
        var store = Store();
        await Store().SetAsync("myob-tokens-c2", "tokens", null, CancellationToken.None);

        await store.GetAsync("myob-tokens-c2", CancellationToken.None);
        await store.GetAsync("myob-tokens-c2", CancellationToken.None);

        Assert.Single(_vault.Requests, r => r.StartsWith("GET /secrets/myob-tokens-c2/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_vault_failure_fails_the_write_and_leaves_the_stored_tokens_as_they_were()
    {
        var store = Store();
        var first = await store.SetAsync("xero-tokens-fail", "good", null, CancellationToken.None);
        _vault.FailNextWith(503);

        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => store.SetAsync("xero-tokens-fail", "lost", first, CancellationToken.None));

        Assert.Equal(503, failure.Status);
        Assert.DoesNotContain("lost", failure.Message, StringComparison.Ordinal);
        Assert.Equal(new SecretEntry("good", first!), await Store().GetAsync("xero-tokens-fail", CancellationToken.None));
    }

    [Fact]
    public async Task The_client_asks_for_a_vault_token_and_presents_it()
    {
        var credential = new FakeTokenCredential();
        var client = new Azure.Security.KeyVault.Secrets.SecretClient(FakeKeyVaultTransport.VaultUri, credential, new() { Transport = _vault, Retry = { MaxRetries = 0 } });

        await new KeyVaultSecretStore(client, _locks).SetAsync("xero-tokens-auth", "x", null, CancellationToken.None);

        Assert.Contains("https://vault.azure.net/.default", credential.Scopes);
        Assert.Contains("PUT /secrets/xero-tokens-auth", _vault.Requests);
    }

    [Theory]
    [InlineData("xero-tokens-acme-xero", "xero-tokens-acme-xero")]
    [InlineData("xero-tokens-acme_xero", "xero-tokens-acme-xero-")]
    [InlineData("qbo-tokens-a.b", "qbo-tokens-a-b-")]
    public void Vault_names_keep_valid_names_and_make_others_valid_and_distinct(string name, string expectedStart)
    {
        var vaultName = KeyVaultSecretStore.VaultName(name);

        Assert.StartsWith(expectedStart, vaultName, StringComparison.Ordinal);
        Assert.Matches("^[0-9A-Za-z-]{1,127}$", vaultName);
        Assert.NotEqual(KeyVaultSecretStore.VaultName("xero-tokens-acme-xero"), KeyVaultSecretStore.VaultName("xero-tokens-acme_xero"));
        Assert.True(KeyVaultSecretStore.VaultName(new string('a', 200) + "_").Length <= 127);
    }
}
