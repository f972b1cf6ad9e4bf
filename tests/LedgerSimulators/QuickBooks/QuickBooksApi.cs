using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.QuickBooks;

/// <summary>One API request, already authenticated and admitted, for <see cref="QuickBooksApi.Dispatch"/>.</summary>
internal sealed record QuickBooksApiRequest(
    QuickBooksCompany Company,
    string Method,
    string[] Segments,
    IReadOnlyDictionary<string, string> Query,
    string Body,
    DateTimeOffset Now,
    QuickBooksSimulatorOptions Options);

/// <summary>
/// The REST surface under <c>/v3/company/{realmId}/</c> (contract §10): POST /{entity} (create, or update when the body
/// has an Id; <c>?operation=update|delete|void</c>, Payment void as <c>operation=update&amp;include=void</c>),
/// GET /{entity}/{Id}, /query, /batch, /cdc and /preferences. Runs under the store lock.
/// </summary>
internal static class QuickBooksApi
{
    public static string OperationName(string method, string[] segments) => segments.Length switch
    {
        0 => method,
        1 => $"{method} /{segments[0].ToLowerInvariant()}",
        _ => $"{method} /{segments[0].ToLowerInvariant()}/{{id}}",
    };

    public static QuickBooksResponse Dispatch(QuickBooksApiRequest request)
    {
        var now = request.Now;
        var segments = request.Segments;
        if (segments.Length == 0)
        {
            return Unsupported(now);
        }

        var resource = segments[0].ToLowerInvariant();
        switch (resource, request.Method, segments.Length)
        {
            case ("query", "GET", 1):
                return Query(request.Company, request.Query.GetValueOrDefault("query") ?? "", now);
            case ("query", "POST", 1):
                return Query(request.Company, request.Body, now); // Content-Type application/text (contract §10)
            case ("batch", "POST", 1):
                return Batch(request, now);
            case ("cdc", "GET", 1):
                return QuickBooksChangeData.Run(request.Company, request.Query, now);
            case ("preferences", "GET", 1):
                return QuickBooksWire.Ok("Preferences", Preferences(request.Company), now);
        }

        if (!QuickBooksSchema.EntityNames.TryGetValue(resource, out var entity))
        {
            return Unsupported(now);
        }

        var books = new QuickBooksBooks(request.Company, now);
        if (request.Method == "GET" && segments.Length == 2)
        {
            return Single(entity, books.Read(entity, segments[1]), now);
        }

        if (request.Method != "POST" || segments.Length != 1)
        {
            return Unsupported(now);
        }

        JsonObject? body;
        try
        {
            body = JsonNode.Parse(request.Body) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body is null)
        {
            return QuickBooksWire.Validation("2310", "Invalid or unsupported request", "The request body is not a JSON object of the entity.", now);
        }

        var operation = request.Query.GetValueOrDefault("operation")?.ToLowerInvariant();
        var include = request.Query.GetValueOrDefault("include")?.ToLowerInvariant();
        return Single(entity, Write(books, entity, operation, include, body), now);
    }

    private static QuickBooksOutcome Write(QuickBooksBooks books, string entity, string? operation, string? include, JsonObject body) =>
        (operation, include) switch
        {
            (null or "create", _) when body["Id"] is null => books.Create(entity, body),
            (null or "update", "void") when entity == "Payment" => books.Void(entity, body),
            (null or "update", _) => books.Update(entity, body),
            ("delete", _) => books.Delete(entity, body),
            // Contract §10: void is operation=void for Invoice; Payment only by update&include=void; CreditMemo and RefundReceipt are deleted.
            ("void", _) when entity == "Invoice" => books.Void(entity, body),
            _ => QuickBooksOutcome.Refused(QuickBooksWire.Fault("ValidationFault", "2310", "Unsupported Operation", $"Operation {operation}{(include is null ? "" : "&include=" + include)} is not supported for {entity}.")),
        };

    private static QuickBooksResponse Single(string entity, QuickBooksOutcome outcome, DateTimeOffset now) =>
        outcome.Fault is { } fault ? QuickBooksWire.FaultResponse(400, fault, now) : QuickBooksWire.Ok(entity, outcome.Entity!.DeepClone(), now);

    private static QuickBooksResponse Unsupported(DateTimeOffset now) =>
        QuickBooksWire.FaultResponse(400, QuickBooksWire.Fault("ValidationFault", "2310", "Unsupported Operation", "The operation or resource is not supported."), now);

    public static QuickBooksResponse Query(QuickBooksCompany company, string text, DateTimeOffset now)
    {
        var result = RunQuery(company, text, out var fault);
        return fault is not null ? QuickBooksWire.FaultResponse(400, fault, now) : QuickBooksWire.Ok("QueryResponse", result!, now);
    }

    private static JsonObject? RunQuery(QuickBooksCompany company, string text, out JsonObject? fault)
    {
        var query = QuickBooksQuery.Parse(text, out fault);
        if (query is null)
        {
            return null;
        }

        IEnumerable<JsonObject> rows = query.Entity == "Preferences" ? [Preferences(company)] : company.Of(query.Entity).Values;
        var matching = query.Sort(rows.Where(query.Matches)).ToList();
        if (query.Count)
        {
            return new JsonObject { ["totalCount"] = matching.Count };
        }

        var page = matching.Skip(query.StartPosition - 1).Take(query.MaxResults).ToList();
        // With no match QBO answers an empty QueryResponse (mcohen01/node-quickbooks #89; contract §11).
        return page.Count == 0 ? new JsonObject() : new JsonObject
        {
            [query.Entity] = new JsonArray([.. page.Select(r => r.DeepClone())]),
            ["startPosition"] = query.StartPosition,
            ["maxResults"] = page.Count,
        };
    }

    /// <summary>
    /// Contract §10: <c>{"BatchItemRequest":[{bId, operation, Entity}|{bId, Query}]}</c>; each item succeeds or carries its
    /// own Fault inside the HTTP 200; items run one by one and see nothing of each other's answers. More than
    /// MaxBatchItems (30) is refused (the SDK's limit; QBO's own reaction is UNVERIFIED).
    /// </summary>
    private static QuickBooksResponse Batch(QuickBooksApiRequest request, DateTimeOffset now)
    {
        JsonArray? items;
        try
        {
            items = (JsonNode.Parse(request.Body) as JsonObject)?["BatchItemRequest"] as JsonArray;
        }
        catch (JsonException)
        {
            items = null;
        }

        if (items is null || items.Count == 0)
        {
            return QuickBooksWire.FaultResponse(400, QuickBooksWire.RequiredMissing("BatchItemRequest"), now);
        }

        if (items.Count > request.Options.MaxBatchItems)
        {
            return QuickBooksWire.Validation("2320", "Batch size exceeded", $"The batch has {items.Count} items; at most {request.Options.MaxBatchItems} are allowed.", now);
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var responses = new JsonArray();
        foreach (var item in items.OfType<JsonObject>())
        {
            var bId = QuickBooksWire.Text(item["bId"]);
            var answer = new JsonObject { ["bId"] = bId };
            if (bId is null || !ids.Add(bId))
            {
                answer["Fault"] = QuickBooksWire.Fault("ValidationFault", "2020", "Required param missing, need to supply the required value for the API", "Every batch item needs its own bId.", "bId");
                responses.Add(answer);
                continue;
            }

            if (QuickBooksWire.Text(item["Query"]) is { } text)
            {
                var rows = RunQuery(request.Company, text, out var queryFault);
                answer[queryFault is null ? "QueryResponse" : "Fault"] = queryFault ?? rows;
                responses.Add(answer);
                continue;
            }

            var member = item.Select(p => p.Key).FirstOrDefault(k => QuickBooksSchema.Writable.ContainsKey(k));
            var operation = QuickBooksWire.Text(item["operation"])?.ToLowerInvariant();
            if (member is null || item[member] is not JsonObject body || operation is not ("create" or "update" or "delete"))
            {
                answer["Fault"] = QuickBooksWire.Fault("ValidationFault", "2310", "Unsupported Operation", "A batch item needs an operation (create, update, delete) and one entity.");
                responses.Add(answer);
                continue;
            }

            var books = new QuickBooksBooks(request.Company, now);
            var include = QuickBooksWire.Text(item["optionsData"]) == "void" ? "void" : null; // Payment void in batch: update + optionsData void
            var outcome = Write(books, member, operation, include, (JsonObject)body.DeepClone());
            answer[outcome.Fault is null ? member : "Fault"] = outcome.Fault ?? outcome.Entity!.DeepClone();
            responses.Add(answer);
        }

        return QuickBooksWire.Ok("BatchItemResponse", responses, now);
    }

    public static JsonObject Preferences(QuickBooksCompany company)
    {
        var accounting = new JsonObject
        {
            ["DefaultARAccount"] = QuickBooksWire.Ref(QuickBooksCompany.ReceivableAccountId, "Accounts Receivable (A/R)"),
            ["FirstMonthOfFiscalYear"] = "July",
        };
        if (company.BookCloseDate is { } close)
        {
            accounting["BookCloseDate"] = QuickBooksWire.Date(close);
        }

        return new JsonObject
        {
            ["Id"] = "1",
            ["SyncToken"] = "0",
            ["domain"] = "QBO",
            ["sparse"] = false,
            ["AccountingInfoPrefs"] = accounting,
            ["SalesFormsPrefs"] = new JsonObject { ["AutoApplyCredit"] = company.AutoApplyCredit, ["AutoApplyPayments"] = false, ["CustomTxnNumbers"] = true },
            ["CurrencyPrefs"] = new JsonObject { ["MultiCurrencyEnabled"] = false, ["HomeCurrency"] = QuickBooksWire.Ref("AUD") },
            ["MetaData"] = new JsonObject
            {
                ["CreateTime"] = QuickBooksWire.DateTime(company.PreferencesUpdated),
                ["LastUpdatedTime"] = QuickBooksWire.DateTime(company.PreferencesUpdated),
            },
        };
    }

    internal static DateTimeOffset? ParseTime(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;
}
