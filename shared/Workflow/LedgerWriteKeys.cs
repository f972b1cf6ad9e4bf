using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CreditFunctions.Ledgers;

namespace CreditFunctions.Workflow;

/// <summary>
/// Derives the durable key of a ledger write from what identifies it: tenant, connection, document, operation,
/// version, generation (each void-and-recreate starts a new one), round (each operator retry), allocation
/// index, and the date when the write was re-dated. The same write always gets the same key (so a write that a
/// read-back proved missing is posted again under the same key); any change of meaning gets a new key.
/// Keys longer than the ledger allows (Xero 128: ledger-apis.md X13; QuickBooks requestid 50: Q5), or holding
/// characters that cannot be a table key, are replaced by <c>k-</c> + hex SHA-256 cut to fit.
/// </summary>
public static class LedgerWriteKeys
{
    /// <summary>Xero's Idempotency-Key limit (X13), the default when a ledger states none.</summary>
    public const int DefaultMaxLength = 128;

    /// <summary>Shortest limit supported: keeps at least 128 bits of the hash.</summary>
    public const int MinLength = 34;

    public static LedgerWriteKey Derive(
        string tenantId, string connectionId, string documentId, LedgerOperation operation, long version,
        int generation, int round, int? allocationIndex, DateOnly? redatedTo, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, MinLength);
        var raw = new StringBuilder()
            .Append(tenantId).Append(':').Append(connectionId).Append(':').Append(documentId).Append(':')
            .Append(Name(operation)).Append(":v").Append(version.ToString(CultureInfo.InvariantCulture))
            .Append(":g").Append(generation.ToString(CultureInfo.InvariantCulture))
            .Append(":r").Append(round.ToString(CultureInfo.InvariantCulture));
        if (allocationIndex is { } index)
        {
            raw.Append(":a").Append(index.ToString(CultureInfo.InvariantCulture));
        }

        if (redatedTo is { } date)
        {
            raw.Append(":d").Append(date.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        }

        var text = raw.ToString();
        if (text.Length <= maxLength && text.All(IsKeyChar))
        {
            return new LedgerWriteKey(text);
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return new LedgerWriteKey("k-" + hash[..Math.Min(hash.Length, maxLength - 2)]);
    }

    private static string Name(LedgerOperation operation) => operation switch
    {
        LedgerOperation.CreateCreditNote => "create",
        LedgerOperation.UpdateCreditNote => "update",
        LedgerOperation.VoidCreditNote => "void",
        LedgerOperation.Allocate => "allocate",
        LedgerOperation.Unallocate => "unallocate",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Unknown operation."),
    };

    // Safe as an HTTP header value, a query value and an Azure Table key.
    private static bool IsKeyChar(char c) => char.IsAsciiLetterOrDigit(c) || c is ':' or '.' or '_' or '-' or '~' or '@' or '+';
}
