using System.Globalization;
using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.Myob;

/// <summary>Routes a call below <c>/accountright/{cf_guid}/</c> to its resource (contract §8 route table).</summary>
internal static class MyobApiRouter
{
    private const int MaxTop = 1000; // contract §8: pages default to 400 items, max 1000

    public static MyobResponse Dispatch(MyobApiRequest r)
    {
        var route = r.RoutePath;
        var collection = r.Uid is null;
        return (r.Method, route) switch
        {
            ("GET", "Sale/Invoice") => collection ? Page(r, MyobDocumentsApi.List(r, MyobSide.Sale, null)) : MyobDocumentsApi.Get(r, MyobSide.Sale, null),
            ("GET", "Purchase/Bill") => collection ? Page(r, MyobDocumentsApi.List(r, MyobSide.Purchase, null)) : MyobDocumentsApi.Get(r, MyobSide.Purchase, null),
            (_, MyobWire.SaleServiceRoute) => Document(r, MyobSide.Sale, "Service"),
            (_, MyobWire.SaleItemRoute) => Document(r, MyobSide.Sale, "Item"),
            (_, MyobWire.BillServiceRoute) => Document(r, MyobSide.Purchase, "Service"),
            (_, MyobWire.CreditSettlementRoute) => Settlement(r, MyobSide.Sale),
            (_, MyobWire.DebitSettlementRoute) => Settlement(r, MyobSide.Purchase),
            ("GET", MyobWire.CreditRefundRoute) => collection ? Page(r, r.File.Refunds.Select(x => MyobWire.Refund(r, x))) : One(r.File.Refunds.Find(x => x.Uid == r.Uid), x => MyobWire.Refund(r, x)),
            ("POST", MyobWire.CreditRefundRoute) when collection => MyobRefundsApi.PostRefund(r),
            ("DELETE", MyobWire.CreditRefundRoute) when !collection => MyobRefundsApi.DeleteRefund(r),
            (_, MyobWire.CustomerPaymentRoute) => Payment(r, MyobSide.Sale),
            (_, MyobWire.SupplierPaymentRoute) => Payment(r, MyobSide.Purchase),
            (_, MyobWire.ReceiveMoneyRoute) => BankTxn(r, receive: true),
            (_, MyobWire.SpendMoneyRoute) => BankTxn(r, receive: false),
            (_, MyobWire.CustomerRoute) => Card(r, MyobSide.Sale),
            (_, MyobWire.SupplierRoute) => Card(r, MyobSide.Purchase),
            ("GET", MyobWire.AccountRoute) => collection ? Page(r, r.File.Accounts.Select(a => MyobWire.Account(r, a))) : One(r.File.Accounts.Find(a => a.Uid == r.Uid), a => MyobWire.Account(r, a)),
            ("GET", MyobWire.TaxCodeRoute) => collection ? Page(r, r.File.TaxCodes.Select(t => MyobWire.TaxCode(r, t))) : One(r.File.TaxCodes.Find(t => t.Uid == r.Uid), t => MyobWire.TaxCode(r, t)),
            ("GET", "Company/Preferences") when collection => MyobResponse.Ok(MyobWire.Preferences(r)), // get-only (contract §7)
            _ => Unsupported(r),
        };
    }

    /// <summary>An operation name for counters: method and route, the UID replaced by <c>{uid}</c>.</summary>
    public static string OperationName(string method, string route, bool hasUid) => $"{method} /{route}{(hasUid ? "/{uid}" : "")}";

    private static MyobResponse Document(MyobApiRequest r, MyobSide side, string layout) => (r.Method, r.Uid is null) switch
    {
        ("GET", true) => Page(r, MyobDocumentsApi.List(r, side, layout)),
        ("GET", false) => MyobDocumentsApi.Get(r, side, layout),
        ("POST", true) => MyobDocumentsApi.Post(r, side, layout),
        ("PUT", false) => MyobDocumentsApi.Put(r, side, layout),
        ("DELETE", false) => MyobDocumentsApi.Delete(r, side, layout),
        _ => Unsupported(r),
    };

    private static MyobResponse Settlement(MyobApiRequest r, MyobSide side) => (r.Method, r.Uid is null) switch
    {
        ("GET", true) => Page(r, MyobSettlementsApi.List(r, side)),
        ("GET", false) => MyobSettlementsApi.Get(r, side),
        ("POST", true) => MyobSettlementsApi.Post(r, side),
        ("DELETE", false) => MyobSettlementsApi.Delete(r, side),
        _ => Unsupported(r), // documented as "Return, create and delete" (contract §3): no PUT
    };

    private static MyobResponse Payment(MyobApiRequest r, MyobSide side) => (r.Method, r.Uid is null) switch
    {
        ("GET", true) => Page(r, MyobPaymentsApi.List(r, side)),
        ("GET", false) => MyobPaymentsApi.Get(r, side),
        ("POST", true) => MyobPaymentsApi.Post(r, side),
        ("DELETE", false) => MyobPaymentsApi.Delete(r, side),
        _ => Unsupported(r), // "Return, create and delete" (contract §8)
    };

    private static MyobResponse BankTxn(MyobApiRequest r, bool receive) => (r.Method, r.Uid is null) switch
    {
        ("GET", true) => Page(r, MyobBankingApi.List(r, receive)),
        ("GET", false) => MyobBankingApi.Get(r, receive),
        ("POST", true) => MyobBankingApi.Post(r, receive),
        ("DELETE", false) => MyobBankingApi.Delete(r, receive),
        _ => Unsupported(r),
    };

    private static MyobResponse Card(MyobApiRequest r, MyobSide side)
    {
        if (r.Method == "GET")
        {
            return r.Uid is null
                ? Page(r, r.File.Cards.Where(c => c.Side == side).Select(c => MyobWire.Card(r, c)))
                : One(r.File.Cards.Find(c => c.Uid == r.Uid && c.Side == side), c => MyobWire.Card(r, c));
        }

        if (r.Method != "POST" || r.Uid is not null)
        {
            return Unsupported(r);
        }

        var body = r.Body!;
        if (MyobRules.CreatedFieldsOnPost(body) is { } conflict)
        {
            return conflict;
        }

        var individual = body["IsIndividual"] is JsonValue v && v.TryGetValue<bool>(out var flag) && flag;
        var name = individual ? MyobApiRequest.Text(body["LastName"]) : MyobApiRequest.Text(body["CompanyName"]);
        if (string.IsNullOrWhiteSpace(name))
        {
            return MyobResponse.Required(individual ? "LastName" : "CompanyName");
        }

        var card = new MyobCard
        {
            Side = side,
            DisplayId = MyobApiRequest.Text(body["DisplayID"]) ?? "*None",
            CompanyName = name,
            IsIndividual = individual,
            Created = r.Now,
            LastModified = r.Now,
            RowVersion = r.Store.NextRowVersion(),
        };
        r.File.Cards.Add(card);
        return new MyobResponse(201, r.ReturnBody ? MyobWire.Card(r, card) : null) { Location = r.EntityUri(MyobWire.CardRoute(side), card.Uid).AbsoluteUri };
    }

    private static MyobResponse One<T>(T? record, Func<T, JsonObject> write)
        where T : class =>
        record is null ? MyobResponse.NotFound() : MyobResponse.Ok(write(record));

    private static MyobResponse Unsupported(MyobApiRequest r) =>
        r.Method == "GET" || r.Uid is not null || r.Method is "PUT" or "DELETE"
            ? new MyobResponse(r.Method == "GET" ? 404 : 405)
            : new MyobResponse(405);

    /// <summary>
    /// A <c>PagedCollection</c> <c>{Items, NextPageLink, Count}</c> (contract §8): <c>$filter</c>, then <c>$skip</c> and
    /// <c>$top</c> (default 400, at most 1000); <c>NextPageLink</c> is the next page's URL while items remain, else null.
    /// </summary>
    private static MyobResponse Page(MyobApiRequest r, IEnumerable<JsonObject> items)
    {
        var all = items.ToList();
        if (r.Query.TryGetValue("$filter", out var filterText) && filterText.Length > 0)
        {
            var filter = MyobODataFilter.TryParse(filterText, out var error);
            if (filter is null)
            {
                return MyobResponse.Error(400, "InvalidFilter", $"The $filter could not be understood: {error}", "$filter");
            }

            all = all.Where(filter.Matches).ToList();
        }

        if (r.Query.TryGetValue("$orderby", out var orderBy) && orderBy.Length > 0)
        {
            var parts = orderBy.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var descending = parts.Length > 1 && parts[1].Equals("desc", StringComparison.OrdinalIgnoreCase);
            var ordered = all.OrderBy(o => o[parts[0]]?.ToString(), StringComparer.Ordinal).ToList();
            all = descending ? Enumerable.Reverse(ordered).ToList() : ordered;
        }

        var top = Number(r, "$top") ?? r.DefaultPageSize;
        var skip = Number(r, "$skip") ?? 0;
        if (top is < 0 or > MaxTop || skip < 0)
        {
            return MyobResponse.Error(400, "InvalidQuery", $"$top must be 0 to {MaxTop} and $skip not negative.", "$top");
        }

        var page = all.Skip(skip).Take(top).ToList();
        string? next = null;
        if (skip + page.Count < all.Count)
        {
            var query = r.Query.Where(q => q.Key is not ("$skip" or "$top")).Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value)}")
                .Append($"$top={top}").Append($"$skip={skip + top}");
            next = new Uri(r.FileUri, r.RoutePath + "?" + string.Join('&', query)).AbsoluteUri;
        }

        return MyobResponse.Ok(new JsonObject
        {
            ["Items"] = new JsonArray([.. page]),
            ["NextPageLink"] = next,
            ["Count"] = all.Count,
        });
    }

    private static int? Number(MyobApiRequest r, string key) =>
        r.Query.TryGetValue(key, out var text) ? (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : -1) : null;
}
