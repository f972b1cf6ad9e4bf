using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace CreditFunctions.Ledgers.Xero;

/// <summary>
/// What a money write leaves in Xero so a later attempt finds it (look before post): a marker <c>[cf:…]</c> derived
/// from the write key at the end of the Reference (payments, bank transactions), or a document number <c>CF-…</c>
/// (credit notes and invoices we create, found by number). Xero keeps an Idempotency-Key only minutes (X13); these
/// last. The hash keeps keys (which name tenant and document) out of the ledger.
/// </summary>
internal static partial class XeroMoneyMarker
{
    /// <summary>Payment.Reference is free text; the label is cut so the whole stays short (the spec sets no limit; Xero's UI shows 255).</summary>
    private const int MaxLabel = 200;

    public static string Of(LedgerWriteKey key) => $"[cf:{Hash(key)}]";

    /// <summary>The Reference to write: the order system's reference (or a label) followed by the marker.</summary>
    public static string Reference(string? label, LedgerWriteKey key)
    {
        var text = (label ?? "").Trim();
        return (text.Length > MaxLabel ? text[..MaxLabel] : text) is { Length: > 0 } cut ? $"{cut} {Of(key)}" : Of(key);
    }

    /// <summary>A document number for a credit note or invoice made under <paramref name="key"/>.</summary>
    public static string Number(LedgerWriteKey key) => $"CF-{Hash(key).ToUpperInvariant()}";

    public static bool IsUnder(string? reference, LedgerWriteKey key) =>
        reference is not null && reference.EndsWith(Of(key), StringComparison.Ordinal);

    /// <summary>Made by this service under any key (pull mode leaves those out).</summary>
    public static bool IsOurs(string? reference) => reference is not null && MarkerPattern().IsMatch(reference);

    /// <summary>The key of one document of a multi-document flow (journal, unapply, write-off …), derived from the flow's key.</summary>
    public static LedgerWriteKey Step(LedgerWriteKey key, string step) => new($"{key.Value}:{step}");

    private static string Hash(LedgerWriteKey key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key.Value)))[..16];

    [GeneratedRegex(@"\[cf:[0-9a-f]{16}\]$")]
    private static partial Regex MarkerPattern();
}
