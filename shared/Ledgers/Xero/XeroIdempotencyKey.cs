using System.Security.Cryptography;
using System.Text;

namespace CreditFunctions.Ledgers.Xero;

/// <summary>
/// Idempotency-Key values: at most 128 characters (ledger-apis.md X13). The workflow's key is used as it is when it
/// fits and is plain printable ASCII; otherwise a readable prefix plus its SHA-256, so the same write always maps to
/// the same key and two different writes never share one. Xero keeps keys only minutes (X13): this is short-window
/// retry protection; the workflow's durable record and read-back carry exactly-once.
/// </summary>
internal static class XeroIdempotencyKey
{
    public const int MaxLength = 128;
    private const int PrefixLength = MaxLength - 64 - 1;

    public static string From(LedgerWriteKey key) => From(key.Value);

    /// <summary>One key per order-system contact per connection, so concurrent creators of a new contact replay one create.</summary>
    public static string ForContact(LedgerConnection connection, string contactId) => From($"contact:{connection.ConnectionId}:{contactId}");

    /// <summary>A batch PUT's key: the hash of its members' keys in order (the same batch replays, a different one does not).</summary>
    public static string ForBatch(IEnumerable<LedgerWriteKey> keys) =>
        "batch-" + Hash(string.Join('\n', keys.Select(k => k.Value)));

    public static string From(string raw)
    {
        if (raw.Length is > 0 and <= MaxLength && raw.All(IsPlain))
        {
            return raw;
        }

        var prefix = new string([.. raw.Where(IsPlain).Take(PrefixLength)]);
        return $"{prefix}~{Hash(raw)}";
    }

    private static bool IsPlain(char c) => c is > ' ' and < (char)127 && c != '~';

    private static string Hash(string raw) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw)));
}
