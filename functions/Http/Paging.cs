using System.Globalization;
using System.Text;
using System.Text.Json;
using CreditFunctions.Storage.Tables;
using Microsoft.AspNetCore.Http;

namespace CreditFunctions.Functions.Http;

/// <summary>
/// <c>pageSize</c> and <c>cursor</c> of the API's lists. The cursor is the table continuation, opaque to clients:
/// base64url of a JSON array, so it can grow fields.
/// </summary>
public static class Paging
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>The page asked for, or the 400 to answer.</summary>
    public static IResult? TryRead(HttpRequest request, out int size, out TableContinuation? continuation)
    {
        ArgumentNullException.ThrowIfNull(request);
        size = DefaultPageSize;
        continuation = null;
        if (request.Query["pageSize"] is { Count: > 0 } pageSize
            && (!int.TryParse(pageSize.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxPageSize))
        {
            return Problems.Invalid(false, [("pageSize", $"Must be between 1 and {MaxPageSize}.")]);
        }

        if (request.Query["cursor"] is { Count: > 0 } cursor && !TryReadCursor(cursor.ToString(), out continuation))
        {
            return Problems.Invalid(false, [("cursor", "Not a cursor this API returned.")]);
        }

        return null;
    }

    public static string? Cursor(TableContinuation? next) => next is null
        ? null
        : Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new[] { next.Token })).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    private static bool TryReadCursor(string cursor, out TableContinuation? continuation)
    {
        continuation = null;
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var parts = JsonSerializer.Deserialize<string[]>(Encoding.UTF8.GetString(Convert.FromBase64String(padded)));
            if (parts is not [{ Length: > 0 } token])
            {
                return false;
            }

            continuation = new TableContinuation(token);
            return true;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return false;
        }
    }
}
