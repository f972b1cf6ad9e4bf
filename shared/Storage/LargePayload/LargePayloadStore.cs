using Azure;
using Azure.Data.Tables;
using CreditFunctions.Storage.Tables;

namespace CreditFunctions.Storage.LargePayload;

/// <summary>Saves and loads <see cref="LargePayloadCodec"/> payloads through a <see cref="TableClient"/>.</summary>
public static class LargePayloadStore
{
    private const int LoadAttempts = 3;

    /// <summary>
    /// Writes the payload under (<paramref name="partitionKey"/>, <paramref name="rowKey"/>) atomically: one upsert, or one
    /// entity group transaction when it spans rows. Returns the head row's new ETag. Continuation rows left over from a
    /// larger earlier save are never read (the head says how many rows count), so they are harmless.
    /// </summary>
    public static async Task<ETag> SavePayloadAsync(
        this TableClient table, string partitionKey, string rowKey, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var rows = LargePayloadCodec.Encode(partitionKey, rowKey, payload.Span);
        if (rows.Count == 1)
        {
            var written = await table.UpsertEntityAsync(rows[0], TableUpdateMode.Replace, cancellationToken);
            return written.Headers.ETag ?? default;
        }

        // Upserts have no expected refusal: any failure is the SDK's exception.
        var actions = rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)).ToList();
        TableLimits.ValidateTransaction(actions);
        var result = await table.SubmitTransactionAsync(actions, cancellationToken);
        return result.Value[0].Headers.ETag ?? default;
    }

    /// <summary>
    /// The payload, or null when none is stored. Rows are read one by one, so a save racing the read can mix versions;
    /// the SHA-256 check catches that and the read is retried (up to 3 attempts).
    /// </summary>
    public static async Task<byte[]?> LoadPayloadAsync(
        this TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        for (var attempt = 1; ; attempt++)
        {
            var head = await table.FindEntityAsync(partitionKey, rowKey, cancellationToken: cancellationToken);
            if (head is null)
            {
                return null;
            }

            var rows = new List<TableEntity>(LargePayloadCodec.MaxRows) { head };
            for (var r = 1; r < LargePayloadCodec.RowCount(head); r++)
            {
                var row = await table.FindEntityAsync(partitionKey, LargePayloadCodec.RowKeyFor(rowKey, r), cancellationToken: cancellationToken);
                if (row is null)
                {
                    break;
                }

                rows.Add(row);
            }

            try
            {
                return LargePayloadCodec.Decode(rows);
            }
            catch (InvalidDataException) when (attempt < LoadAttempts)
            {
                // A concurrent save replaced some rows between our reads; read again.
            }
        }
    }
}
