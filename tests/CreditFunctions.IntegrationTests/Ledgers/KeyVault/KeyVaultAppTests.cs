using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.LocalHost;
using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.Xero;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CreditFunctions.IntegrationTests.Ledgers.KeyVault;

/// <summary>The app with <c>SecretStore:Kind=KeyVault</c>: its ledger tokens go to the (fake) vault, and it syncs as before.</summary>
public sealed class KeyVaultAppTests
{
    [Fact]
    public async Task An_app_set_to_Key_Vault_keeps_every_connections_tokens_there_and_syncs()
    {
        var vault = new FakeKeyVaultTransport();
        await using var app = await TestApp.StartAsync(withMyob: true, configure: a =>
        {
            a.Settings["SecretStore:Kind"] = "KeyVault";
            a.Settings["SecretStore:VaultUri"] = FakeKeyVaultTransport.VaultUri.ToString();
            // The vault's client with the fake transport in place of the one the app registered.
            a.ServiceOverrides.Add(services => services.AddSingleton(vault.Client()));
        });

        await app.SendAsync(TestEvents.CreditNote("cn_kv"));
        await app.WaitForStatusAsync("cn_kv", s => TestApp.IsState(s, "synced"));

        Assert.IsType<KeyVaultSecretStore>(UsedSecrets.Unwrap(app.Services.GetRequiredService<ISecretStore>()));
        Assert.Contains(LedgerTokenNames.For(LedgerKind.Xero, TestApp.ConnectionId), vault.SecretNames);
        Assert.Contains(LedgerTokenNames.For(LedgerKind.Myob, TestApp.MyobConnectionId), vault.SecretNames);
        Assert.Single(app.Myob!.Store.CreditNotesByNumber("CN-cn_kv"));
        Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_kv"));
    }

    [Fact]
    public async Task Key_Vault_without_a_vault_URI_stops_the_app_at_start_naming_the_setting()
    {
        await using var app = CreditFunctionsApp.Build(TestAppSettings.NoFileWatching, builder => builder.UseMinimalSettings().Configuration
            .AddInMemoryCollection(new Dictionary<string, string?> { ["SecretStore:Kind"] = "KeyVault" }));

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("SecretStore:VaultUri", failure.Message, StringComparison.Ordinal);
    }
}
