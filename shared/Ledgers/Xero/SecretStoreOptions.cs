namespace CreditFunctions.Ledgers.Xero;

/// <summary>
/// Configuration section <c>SecretStore</c>: where ledger tokens live (docs/key-vault.md). Table Storage is the default,
/// so the run command and the tests need nothing; a deployment sets <c>SecretStore__Kind=KeyVault</c> and the vault's
/// URI. Checked at start-up. The rotation lock stays in Table Storage either way (<see cref="KeyVaultSecretStore"/>).
/// </summary>
public sealed class SecretStoreOptions
{
    public const string SectionName = "SecretStore";

    /// <summary>Table (rows of table <c>{prefix}LedgerSecrets</c>) or KeyVault. Default: Table.</summary>
    public SecretStoreKind Kind { get; set; } = SecretStoreKind.Table;

    /// <summary>
    /// The vault, e.g. <c>https://kv-creditfn-x.vault.azure.net/</c>. Required with <see cref="SecretStoreKind.KeyVault"/>.
    /// The identity is chosen as for storage: <c>SecretStore__credential=managedidentity</c> (and <c>__clientId</c> for a
    /// user-assigned one), else DefaultAzureCredential. Default: none.
    /// </summary>
    public Uri? VaultUri { get; set; }
}

public enum SecretStoreKind
{
    Table,
    KeyVault,
}
