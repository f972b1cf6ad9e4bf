using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>One Accounting API call, already authenticated and admitted, as the handlers see it.</summary>
internal sealed class XeroApiRequest
{
    public required XeroTenantBook Book { get; init; }

    public required string Method { get; init; }

    /// <summary>Path segments after <c>/api.xro/2.0/</c>, e.g. ["CreditNotes", "{id}", "Allocations"].</summary>
    public required string[] Segments { get; init; }

    public required IReadOnlyDictionary<string, string> Query { get; init; }

    public required string Body { get; init; }

    public string? IfModifiedSince { get; init; }

    public required DateTimeOffset Now { get; init; }

    public required int PageSize { get; init; }

    /// <summary>X4: summarizeErrors defaults to true (one bad element fails the call with 400).</summary>
    public bool SummarizeErrors => !string.Equals(Query.GetValueOrDefault("summarizeErrors"), "false", StringComparison.OrdinalIgnoreCase);

    public DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);

    public bool TryReadBody(out JsonElement body)
    {
        body = default;
        try
        {
            using var document = JsonDocument.Parse(Body);
            body = document.RootElement.Clone();
            return body.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// A list GET (X19): <c>where</c>, <c>If-Modified-Since</c> (records updated at or after it), <c>order</c>
    /// (one wire field, ASC/DESC) and <c>page</c> (1-based, <see cref="PageSize"/> records; no page → all).
    /// </summary>
    public XeroResponse List<T>(string collection, IEnumerable<T> records, Func<T, DateTimeOffset> updatedAt, Func<T, JsonObject> toWire)
    {
        if (!XeroWhereFilter.TryParse(Query.GetValueOrDefault("where"), out var filter, out var error))
        {
            return XeroResponse.Validation(error!);
        }

        var selected = records;
        if (IfModifiedSince is not null)
        {
            if (!DateTimeOffset.TryParse(IfModifiedSince, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
            {
                return XeroResponse.Validation("The If-Modified-Since header is not a valid date.");
            }

            selected = selected.Where(r => updatedAt(r) >= since);
        }

        var wire = selected.Select(toWire).Where(w => filter is null || filter.Matches(w)).ToList();
        if (Query.GetValueOrDefault("order") is { Length: > 0 } order)
        {
            var parts = order.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var descending = parts.Length > 1 && parts[1].Equals("DESC", StringComparison.OrdinalIgnoreCase);
            var field = parts[0];
            wire = descending
                ? [.. wire.OrderByDescending(w => w[field]?.ToJsonString(), StringComparer.Ordinal)]
                : [.. wire.OrderBy(w => w[field]?.ToJsonString(), StringComparer.Ordinal)];
        }

        JsonObject? pagination = null;
        if (Query.GetValueOrDefault("page") is { } pageText)
        {
            var size = int.TryParse(Query.GetValueOrDefault("pageSize"), NumberStyles.None, CultureInfo.InvariantCulture, out var requested) && requested > 0
                ? Math.Min(requested, 1000)
                : PageSize;
            var page = int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
            pagination = new JsonObject
            {
                ["page"] = page,
                ["pageSize"] = size,
                ["pageCount"] = (wire.Count + size - 1) / size,
                ["itemCount"] = wire.Count,
            };
            wire = [.. wire.Skip((page - 1) * size).Take(size)];
        }

        var envelope = XeroWire.Envelope(Now, collection, XeroWire.ToArray(wire));
        if (pagination is not null)
        {
            envelope["pagination"] = pagination;
        }

        return XeroResponse.Ok(envelope);
    }

    public XeroResponse One(string collection, JsonObject wire) => XeroResponse.Ok(XeroWire.Envelope(Now, collection, [wire]));
}
