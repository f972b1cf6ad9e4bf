namespace CreditFunctions.Ledgers.Xero;

/// <summary>
/// Where Xero tokens live, with an ETag-like version so one writer wins a race (ledger-apis.md D6: store rotating
/// refresh tokens atomically). Implementations: <see cref="InMemorySecretStore"/> (tests, single process),
/// <see cref="FileSecretStore"/> (the run command). In Azure this is Key Vault: a secret per connection, its
/// version id as the version; Key Vault has no If-Match on set, so the Azure implementation pairs the secret
/// with an ETag-guarded Table row that names the current version (the row is the lock, the vault holds the value).
/// </summary>
public interface ISecretStore
{
    Task<SecretEntry?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Writes when the stored version still equals <paramref name="expectedVersion"/> (null: only if absent).
    /// Returns the new version, or null when another writer got there first (reload and use theirs).
    /// </summary>
    Task<string?> SetAsync(string name, string value, string? expectedVersion, CancellationToken cancellationToken);
}

/// <summary>A stored secret and the version to pass back when replacing it.</summary>
public sealed record SecretEntry(string Value, string Version);
