using System.Security.Cryptography;
using System.Text;

namespace CreditFunctions.Ledgers.QuickBooks;

/// <summary>
/// What a money write leaves in QBO so that look-before-post and read-back find it (docs/quickbooks.md "Money flows").
/// A Payment has no filterable DocNumber (F L4785, contract §5), so its marker is its <c>PaymentRefNum</c>; a
/// JournalEntry or CreditMemo carries it as DocNumber (21 characters at most, F L4785). A change to an existing Payment
/// (its lines moved or added) leaves <c>[CF:marker]</c> in the Payment's PrivateNote, written in the same update as the
/// lines, so a repeat sees the change is made.
/// </summary>
internal static class QuickBooksMoneyMarkers
{
    public const string Prefix = "CF";
    private const int Length = 21;
    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789ABCDEF");

    /// <summary>"CF" and 19 hex digits of the hash of the key and the step: one marker per document a flow writes.</summary>
    public static string Of(LedgerWriteKey key, string step) =>
        Prefix + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key.Value + "#" + step)))[..(Length - Prefix.Length)];

    /// <summary>Whether a PaymentRefNum or DocNumber is one of ours (made by this service under some key).</summary>
    public static bool IsOurs(string? value) =>
        value is { Length: Length } && value.StartsWith(Prefix, StringComparison.Ordinal) && !value.AsSpan(Prefix.Length).ContainsAnyExcept(HexDigits);

    public static string NoteTag(string marker) => $"[{marker}]";

    public static bool NoteHas(string? privateNote, string marker) => privateNote?.Contains(NoteTag(marker), StringComparison.Ordinal) == true;

    /// <summary>PrivateNote holds 4000 characters (F L5030); a tag is appended, the oldest text is dropped first if it must.</summary>
    public static string AppendTag(string? privateNote, string marker)
    {
        var note = string.IsNullOrEmpty(privateNote) ? NoteTag(marker) : $"{privateNote} {NoteTag(marker)}";
        return note.Length <= 4000 ? note : note[^4000..];
    }
}
