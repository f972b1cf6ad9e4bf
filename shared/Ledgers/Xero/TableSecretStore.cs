using Azure;
using Azure.Data.Tables;
using CreditFunctions.Storage.Tables;

namespace CreditFunctions.Ledgers.Xero;

/// <summary>
/// Secrets as rows of one table, the row's ETag as the version: the If-Match update is the cross-process lock that
/// lets exactly one worker's token rotation win (X21). Used by tests and by instances without Key Vault; see
/// <see cref="ISecretStore"/> for the Key Vault arrangement in Azure.
/// </summary>
public sealed class TableSecretStore(TableClient table) : ISecretStore
{
    private const string Partition = "secret";
    private volatile bool _created;

    public async Task<SecretEntry?> GetAsync(string name, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var row = await table.FindEntityAsync(Partition, name, cancellationToken: cancellationToken);
        return row?.GetString("Value") is { } value ? new SecretEntry(value, row.ETag.ToString()) : null;
    }

    public async Task<string?> SetAsync(string name, string value, string? expectedVersion, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var row = new TableEntity(Partition, name) { ["Value"] = value };
        var written = expectedVersion is null
            ? await table.TryAddEntityAsync(row, cancellationToken)
            : await table.TryUpdateEntityAsync(row, new ETag(expectedVersion), TableUpdateMode.Replace, cancellationToken);
        return written.Succeeded ? written.ETag.ToString() : null;
    }

    // Creating is idempotent, so racing first callers are harmless.
    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
            _created = true;
        }
    }
}
