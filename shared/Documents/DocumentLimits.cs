namespace CreditFunctions.Documents;

/// <summary>
/// Limits of the inbound contract (served in the OpenAPI document too). Chosen so one event stays well
/// inside what a ledger takes in one call (Xero: 3.5 MB per POST, ledger-apis.md X3) and so ids can be
/// Azure Table keys (azure-platform.md §3: keys at most 1,024 characters; the Table service also refuses
/// / \ # ? and control characters in keys).
/// </summary>
public static class DocumentLimits
{
    /// <summary>Largest body the webhook reads; larger bodies get 413. 4 MiB.</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    /// <summary>Deepest JSON nesting accepted; the contract needs 5 levels.</summary>
    public const int MaxJsonDepth = 16;

    /// <summary>Ids (event id, credit note id, contact id) become storage keys: at most 100 characters.</summary>
    public const int MaxIdLength = 100;

    /// <summary>Most lines on one credit note.</summary>
    public const int MaxLines = 5_000;

    /// <summary>Most allocations on one credit note.</summary>
    public const int MaxAllocations = 100;

    /// <summary>Longest line description.</summary>
    public const int MaxDescriptionLength = 4_000;

    /// <summary>Longest credit note number, reference, contact name, e-mail, invoice number.</summary>
    public const int MaxTextLength = 255;

    /// <summary>Longest account code or tax type.</summary>
    public const int MaxCodeLength = 50;

    /// <summary>
    /// Decimal places accepted on <c>quantity</c> and <c>unitAmount</c>. Xero takes unit amounts at 2 places by
    /// default and 4 with <c>unitdp=4</c>; totals stay at the currency's precision
    /// (https://developer.xero.com/documentation/api-guides/rounding-in-xero).
    /// </summary>
    public const int MaxUnitDecimals = 4;

    /// <summary>
    /// True when <paramref name="id"/> is 1..<see cref="MaxIdLength"/> characters of
    /// <c>A-Z a-z 0-9 . _ - : @ ~ +</c> (a safe subset for Azure Table keys and URL path segments).
    /// </summary>
    public static bool IsSafeId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':' or '@' or '~' or '+'))
            {
                return false;
            }
        }

        return true;
    }
}
