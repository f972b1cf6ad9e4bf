using System.Security.Cryptography;
using System.Text;

namespace CreditFunctions.Ledgers.QuickBooks;

/// <summary>
/// <c>requestid</c> values (ledger-apis.md Q5): at most 50 characters, unique per realm; on a batch call at most 36, so
/// that the id plus a batch item id stays within 50 (contract §10, §14). The workflow's key (already cut to 50 by
/// <see cref="LedgerCapabilities.MaxIdempotencyKeyLength"/>) is used as it is; anything else becomes a readable prefix
/// plus a hash, so the same write always maps to the same id and two writes never share one.
/// </summary>
internal static class QuickBooksRequestId
{
    public const int MaxLength = 50;
    public const int MaxBatchLength = 36;

    public static string From(LedgerWriteKey key) => Fit(key.Value, MaxLength);

    /// <summary>
    /// A second attempt of the same write after a stale SyncToken (Q7). It needs its own id: QBO answers a repeated id with
    /// the original response (Q5), which was the 5010.
    /// </summary>
    public static string Retry(LedgerWriteKey key, string step) => Fit($"{key.Value}#{step}", MaxLength);

    /// <summary>One id per order-system contact per connection, so concurrent creators of one customer replay one create.</summary>
    public static string ForCustomer(LedgerConnection connection, string contactId) => Fit($"customer:{connection.ConnectionId}:{contactId}", MaxLength);

    /// <summary>One id per order-system contact per connection for its Vendor (supplier deposits), as <see cref="ForCustomer"/>.</summary>
    public static string ForVendor(LedgerConnection connection, string contactId) => Fit($"vendor:{connection.ConnectionId}:{contactId}", MaxLength);

    /// <summary>A batch's id: the hash of its members' keys in order (the same batch replays; a different one does not).</summary>
    public static string ForBatch(IEnumerable<LedgerWriteKey> keys) => "b-" + Hash(string.Join('\n', keys.Select(k => k.Value)))[..(MaxBatchLength - 2)];

    private static string Fit(string raw, int max)
    {
        if (raw.Length is > 0 && raw.Length <= max && raw.All(IsPlain))
        {
            return raw;
        }

        const int HashLength = 32;
        var prefix = new string([.. raw.Where(IsPlain).Take(max - HashLength - 1)]);
        return $"{prefix}~{Hash(raw)[..HashLength]}";
    }

    private static bool IsPlain(char c) => c is > ' ' and < (char)127 && c != '~';

    private static string Hash(string raw) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw)));
}
