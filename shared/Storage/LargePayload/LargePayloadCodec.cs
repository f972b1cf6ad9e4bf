using System.IO.Compression;
using System.Security.Cryptography;
using Azure.Data.Tables;
using CreditFunctions.Storage.Tables;

namespace CreditFunctions.Storage.LargePayload;

/// <summary>
/// Stores a payload too big for one property (a credit note with thousands of lines) in Table storage:
/// UTF-8 JSON → Brotli → chunks of at most 64 KiB in Edm.Binary properties (the binary limit), at most
/// <see cref="ChunksPerRow"/> per row, spread over at most <see cref="MaxRows"/> rows of one partition, all written in
/// one entity group transaction so a save is atomic. A row must stay under 1 MiB both as Azure counts it (stored bytes)
/// and as Azurite counts it (the UTF-8 JSON body, where binary is base64: Azurite TableHandler ENTITY_SIZE_MAX, observed
/// as 400 EntityTooLarge for 15 × 64 KiB), and the rows together under the 4 MiB transaction body. Row 0 (the head) carries the format, lengths, row count and a
/// SHA-256 of the payload; rows 1.. are <c>{rowKey}~{n}</c>. Limits: azure-platform.md §3.4, §3.5.
/// </summary>
public static class LargePayloadCodec
{
    /// <summary>Edm.Binary's 64 KiB limit.</summary>
    public const int ChunkBytes = TableLimits.MaxBinaryBytes;

    /// <summary>11 × 64 KiB = 704 KiB stored, ≈ 939 KiB as base64 JSON: under 1 MiB by both measures, with room for the head's fields.</summary>
    public const int ChunksPerRow = 11;

    /// <summary>4 full rows serialise to ≈ 3.7 MiB of JSON, under the 4 MiB transaction limit.</summary>
    public const int MaxRows = 4;

    /// <summary>The largest compressed payload: 2,816 KiB (2,883,584 bytes).</summary>
    public const int MaxCompressedBytes = ChunkBytes * ChunksPerRow * MaxRows;

    /// <summary>Separates the head's RowKey from its continuation rows' suffix.</summary>
    public const char RowSuffixSeparator = '~';

    internal const string FormatProperty = "PayloadFormat";
    internal const string LengthProperty = "PayloadLength";
    internal const string CompressedLengthProperty = "PayloadCompressedLength";
    internal const string RowsProperty = "PayloadRows";
    internal const string HashProperty = "PayloadSha256";
    internal const string Brotli = "br";
    internal const string GZip = "gzip";

    /// <summary>The RowKey of continuation row <paramref name="index"/> (1-based) of a payload stored under <paramref name="rowKey"/>.</summary>
    public static string RowKeyFor(string rowKey, int index) => index == 0 ? rowKey : $"{rowKey}{RowSuffixSeparator}{index}";

    /// <summary>
    /// The rows to write (all upserts with replace, in one transaction when more than one). Throws
    /// <see cref="ArgumentException"/> when even compressed the payload exceeds <see cref="MaxCompressedBytes"/>.
    /// </summary>
    public static IReadOnlyList<TableEntity> Encode(string partitionKey, string rowKey, ReadOnlySpan<byte> payload)
    {
        TableLimits.ValidateKey(partitionKey, nameof(partitionKey));
        TableLimits.ValidateKey(rowKey, nameof(rowKey));
        var compressed = Compress(payload);
        if (compressed.Length > MaxCompressedBytes)
        {
            throw new ArgumentException(
                $"The payload compresses to {compressed.Length:N0} bytes; one atomic save holds at most {MaxCompressedBytes:N0} " +
                $"({MaxRows} rows × {ChunksPerRow} × 64 KiB). Split the document.",
                nameof(payload));
        }

        var chunkCount = Math.Max(1, (compressed.Length + ChunkBytes - 1) / ChunkBytes);
        var rowCount = (chunkCount + ChunksPerRow - 1) / ChunksPerRow;
        var rows = new List<TableEntity>(rowCount);
        for (var r = 0; r < rowCount; r++)
        {
            var row = new TableEntity(partitionKey, RowKeyFor(rowKey, r));
            for (var c = 0; c < ChunksPerRow; c++)
            {
                var offset = ((r * ChunksPerRow) + c) * ChunkBytes;
                if (offset >= compressed.Length && !(r == 0 && c == 0))
                {
                    break;
                }

                row[ChunkName(c)] = compressed.AsSpan(offset, Math.Min(ChunkBytes, compressed.Length - offset)).ToArray();
            }

            rows.Add(row);
        }

        var head = rows[0];
        head[FormatProperty] = Brotli;
        head[LengthProperty] = (long)payload.Length;
        head[CompressedLengthProperty] = (long)compressed.Length;
        head[RowsProperty] = rowCount;
        head[HashProperty] = SHA256.HashData(payload);
        return rows;
    }

    /// <summary>How many rows the payload stored under this head occupies.</summary>
    public static int RowCount(TableEntity head) =>
        head.GetInt32(RowsProperty) ?? throw new InvalidDataException($"Row ({head.PartitionKey}, {head.RowKey}) is not a payload head.");

    /// <summary>
    /// Reassembles the payload from its rows (head first, in order). Throws <see cref="InvalidDataException"/> when
    /// rows are missing, out of order, or come from different saves (the SHA-256 does not match).
    /// </summary>
    public static byte[] Decode(IReadOnlyList<TableEntity> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            throw new InvalidDataException("No payload rows.");
        }

        var head = rows[0];
        var rowCount = RowCount(head);
        if (rows.Count != rowCount)
        {
            throw new InvalidDataException($"The payload has {rowCount} rows; {rows.Count} were given.");
        }

        var compressedLength = head.GetInt64(CompressedLengthProperty) ?? throw new InvalidDataException("The payload head has no compressed length.");
        var compressed = new byte[compressedLength];
        var written = 0;
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r].RowKey != RowKeyFor(head.RowKey, r))
            {
                throw new InvalidDataException($"Payload row {r} has RowKey '{rows[r].RowKey}'.");
            }

            for (var c = 0; c < ChunksPerRow && rows[r].GetBinary(ChunkName(c)) is { } chunk; c++)
            {
                if (written + chunk.Length > compressed.Length)
                {
                    throw new InvalidDataException("The payload rows hold more bytes than the head declares: rows from different saves.");
                }

                chunk.CopyTo(compressed, written);
                written += chunk.Length;
            }
        }

        if (written != compressed.Length)
        {
            throw new InvalidDataException("The payload rows hold fewer bytes than the head declares: rows from different saves.");
        }

        var payload = Decompress(compressed, head.GetString(FormatProperty));
        if (payload.Length != head.GetInt64(LengthProperty) || !SHA256.HashData(payload).AsSpan().SequenceEqual(head.GetBinary(HashProperty)))
        {
            throw new InvalidDataException("The payload does not match its SHA-256: rows from different saves.");
        }

        return payload;
    }

    internal static string ChunkName(int index) => "P" + index.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);

    private static byte[] Compress(ReadOnlySpan<byte> payload)
    {
        using var output = new MemoryStream();
        using (var brotli = new BrotliStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            brotli.Write(payload);
        }

        return output.ToArray();
    }

    private static byte[] Decompress(byte[] compressed, string? format)
    {
        using var input = new MemoryStream(compressed);
        using Stream decoder = format switch
        {
            Brotli => new BrotliStream(input, CompressionMode.Decompress),
            GZip => new GZipStream(input, CompressionMode.Decompress),
            _ => throw new InvalidDataException($"Unknown payload format '{format}'."),
        };
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }
}
