using System.Globalization;
using System.Text;

namespace CreditFunctions.Storage;

/// <summary>
/// The canonical strings Shared Key signs. Queue uses SharedKey (Azure.Storage.Queues), Table uses SharedKeyLite
/// (Azure.Data.Tables' TableSharedKeyPipelinePolicy). Formats: azure-platform.md §3.1 and §7.2, checked against Azurite.
/// </summary>
internal static class SharedKeyStrings
{
    /// <summary>RFC 1123, e.g. <c>Sun, 22 Nov 2026 00:43:22 GMT</c>. Azurite accepts any date; Azure does not (§7.4 pitfall 2).</summary>
    public static string FormatDate(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// SharedKey for Blob/Queue: VERB, eleven standard headers (Date empty because x-ms-date is sent), the x-ms-*
    /// headers lowercased and sorted, then the canonicalized resource with every query parameter.
    /// </summary>
    public static string ForQueue(
        string method,
        long contentLength,
        Func<string, string?> header,
        IEnumerable<KeyValuePair<string, string>> allHeaders,
        string accountName,
        Uri uri)
    {
        var sb = new StringBuilder(256);
        sb.Append(method).Append('\n');
        sb.Append(header("Content-Encoding")).Append('\n');
        sb.Append(header("Content-Language")).Append('\n');
        sb.Append(contentLength > 0 ? contentLength.ToString(CultureInfo.InvariantCulture) : string.Empty).Append('\n');
        sb.Append(header("Content-MD5")).Append('\n');
        sb.Append(header("Content-Type")).Append('\n');
        sb.Append('\n'); // Date: empty, x-ms-date is signed instead.
        sb.Append(header("If-Modified-Since")).Append('\n');
        sb.Append(header("If-Match")).Append('\n');
        sb.Append(header("If-None-Match")).Append('\n');
        sb.Append(header("If-Unmodified-Since")).Append('\n');
        sb.Append(header("Range")).Append('\n');

        var msHeaders = allHeaders
            .Where(h => h.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            .Select(h => new KeyValuePair<string, string>(h.Key.ToLowerInvariant(), h.Value.Trim()))
            .OrderBy(h => h.Key, StringComparer.Ordinal);
        foreach (var h in msHeaders)
        {
            sb.Append(h.Key).Append(':').Append(h.Value).Append('\n');
        }

        sb.Append('/').Append(accountName).Append(uri.AbsolutePath);
        var parameters = ParseQuery(uri.Query)
            .GroupBy(p => p.Key.ToLowerInvariant(), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in parameters)
        {
            var values = group.Select(p => p.Value).Order(StringComparer.Ordinal);
            sb.Append('\n').Append(group.Key).Append(':').Append(string.Join(',', values));
        }

        return sb.ToString();
    }

    /// <summary>SharedKeyLite for Table: x-ms-date, then /account + encoded path, plus <c>?comp=</c> only (§7.2).</summary>
    public static string ForTableLite(string msDate, string accountName, Uri uri)
    {
        var resource = "/" + accountName + uri.AbsolutePath;
        var comp = ParseQuery(uri.Query).FirstOrDefault(p => string.Equals(p.Key, "comp", StringComparison.OrdinalIgnoreCase));
        if (comp.Key is not null)
        {
            resource += "?comp=" + comp.Value;
        }

        return msDate + "\n" + resource;
    }

    private static IEnumerable<KeyValuePair<string, string>> ParseQuery(string query)
    {
        if (string.IsNullOrEmpty(query) || query == "?")
        {
            yield break;
        }

        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? string.Empty : pair[(eq + 1)..];

            // Values are signed decoded (§7.2); '+' is left alone because every value is sent percent-encoded (§7.4 pitfall 5).
            yield return new(Uri.UnescapeDataString(name), Uri.UnescapeDataString(value));
        }
    }
}
