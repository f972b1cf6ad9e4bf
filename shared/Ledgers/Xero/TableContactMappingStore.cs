using Azure.Data.Tables;
using CreditFunctions.Storage.Tables;

namespace CreditFunctions.Ledgers.Xero;

/// <summary>Contact mappings as rows (partition = connection id, row = order-system contact id), shared by all instances.</summary>
public sealed class TableContactMappingStore(TableClient table) : IContactMappingStore
{
    private volatile bool _created;

    public async Task<string?> FindAsync(string connectionId, string contactId, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var row = await table.FindEntityAsync(connectionId, RowKey(contactId), cancellationToken: cancellationToken);
        return row?.GetString("XeroContactId");
    }

    public async Task SaveAsync(string connectionId, string contactId, string xeroContactId, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(connectionId, RowKey(contactId)) { ["XeroContactId"] = xeroContactId }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Table keys may not contain / \ # ? or control characters; escape them reversibly.</summary>
    private static string RowKey(string contactId) => Uri.EscapeDataString(contactId);

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
