using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;
using Azure.Security.KeyVault.Secrets;
using CreditFunctions.Storage.Tables;

namespace CreditFunctions.Ledgers.Xero;

/// <summary>
/// Ledger tokens in Key Vault, one secret per name, with the rotation lock in Table Storage (docs/key-vault.md).
/// Key Vault has no If-Match on set, so it cannot decide which of two refreshing workers wins (ledger-apis.md X21):
/// a row per name in the locks table names the secret version that is current, and the row's ETag is the store's
/// version. A write puts a new secret version first, then moves the row with If-Match; a version no row names is
/// never read, so a writer that loses the race or crashes in between changes nothing anyone sees. The row holds no
/// secret, only the vault's version id.
/// </summary>
public sealed partial class KeyVaultSecretStore(SecretClient vault, TableClient locks) : ISecretStore
{
    private const string Partition = "keyvault";
    private const string VersionColumn = "SecretVersion";
    private const string NameColumn = "SecretName";

    // Secret versions never change, so a value read once per version is kept: a token read costs one table read.
    private readonly ConcurrentDictionary<string, (string Version, string Value)> _values = new(StringComparer.Ordinal);
    private volatile bool _created;

    public async Task<SecretEntry?> GetAsync(string name, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var row = await locks.FindEntityAsync(Partition, name, cancellationToken: cancellationToken);
        if (row?.GetString(VersionColumn) is not { Length: > 0 } version)
        {
            return null;
        }

        if (!_values.TryGetValue(name, out var known) || known.Version != version)
        {
            var secret = await vault.GetSecretAsync(VaultName(name), version, cancellationToken);
            known = (version, secret.Value.Value);
            _values[name] = known;
        }

        return new SecretEntry(known.Value, row.ETag.ToString());
    }

    public async Task<string?> SetAsync(string name, string value, string? expectedVersion, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);

        // A writer that already lost (the row moved on, or appeared) does not add a secret version for nothing.
        var current = await locks.FindEntityAsync(Partition, name, cancellationToken: cancellationToken);
        if (current?.ETag.ToString() != expectedVersion)
        {
            return null;
        }

        var secretName = VaultName(name);
        var written = await vault.SetSecretAsync(new KeyVaultSecret(secretName, value) { Properties = { ContentType = "application/json" } }, cancellationToken);
        var version = written.Value.Properties.Version;
        var row = new TableEntity(Partition, name) { [NameColumn] = secretName, [VersionColumn] = version };
        var moved = expectedVersion is null
            ? await locks.TryAddEntityAsync(row, cancellationToken)
            : await locks.TryUpdateEntityAsync(row, new ETag(expectedVersion), TableUpdateMode.Replace, cancellationToken);
        if (!moved.Succeeded)
        {
            return null;
        }

        _values[name] = (version, value);
        return moved.ETag.ToString();
    }

    /// <summary>
    /// Key Vault names allow 1–127 letters, digits and dashes. Names that already fit are kept (so an operator finds
    /// <c>xero-tokens-acme-xero</c> in the portal); others get their other characters replaced and a hash of the
    /// original appended, so two names never share a secret.
    /// </summary>
    public static string VaultName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length <= 127 && VaultNameCharacters().IsMatch(name))
        {
            return name;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..16];
        var readable = NotVaultNameCharacter().Replace(name, "-");
        return $"{readable[..Math.Min(readable.Length, 110)]}-{hash}";
    }

    // Creating is idempotent, so racing first callers are harmless.
    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await locks.CreateIfNotExistsAsync(cancellationToken);
            _created = true;
        }
    }

    [GeneratedRegex("^[0-9A-Za-z-]+$")]
    private static partial Regex VaultNameCharacters();

    [GeneratedRegex("[^0-9A-Za-z-]")]
    private static partial Regex NotVaultNameCharacter();
}
