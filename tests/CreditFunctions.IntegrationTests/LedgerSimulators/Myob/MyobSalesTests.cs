using System.Net;
using System.Text.Json.Nodes;

namespace CreditFunctions.IntegrationTests.LedgerSimulators.Myob;

/// <summary>M2, M5, contract §1, §2, §8: credit notes as negative sales, what POST and PUT demand, Location, ETag, OData.</summary>
public sealed class MyobSalesTests
{
    [Fact]
    public async Task A_negative_service_sale_is_a_credit_whose_URL_comes_back_in_Location()
    {
        await using var myob = await MyobHarness.StartAsync();

        var response = await myob.SendAsync(HttpMethod.Post, "Sale/Invoice/Service", myob.Sale("CN-1", [-200m]));
        var uid = response.Headers.Location!.Segments[^1];
        var (_, credit) = await myob.CallAsync(HttpMethod.Get, $"Sale/Invoice/Service/{uid}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(0, response.Content.Headers.ContentLength);
        Assert.Equal(new Uri(myob.Simulator.ApiAddress!, $"{myob.FileId}/Sale/Invoice/Service/{uid}"), response.Headers.Location);
        Assert.Equal("Credit", (string?)credit!["Status"]);
        Assert.Equal(-220m, (decimal)credit["TotalAmount"]!);
        Assert.Equal(-20m, (decimal)credit["TotalTax"]!);
        Assert.Equal(-220m, (decimal)credit["BalanceDueAmount"]!);
        Assert.Equal("GST", (string?)credit["Lines"]![0]!["TaxCode"]!["Code"]);
        Assert.Equal("4-1100", (string?)credit["Lines"]![0]!["Account"]!["DisplayID"]);
    }

    [Fact]
    public async Task A_mixed_sign_document_posts_as_a_normal_sale_and_cannot_be_settled()
    {
        // M2: "mixed positive and negative lines can post as a normal sale" (Ocerra; SDK issue #76).
        await using var myob = await MyobHarness.StartAsync();
        var invoice = myob.SeedInvoice("INV-1", 500m);

        var trap = await myob.CreateSaleAsync("CN-MIX", -300m, 100m);
        var (settle, body) = await myob.CallAsync(HttpMethod.Post, "Sale/CreditSettlement", myob.Settlement((string)trap["UID"]!, invoice.ToString(), 100m));

        Assert.Equal(-220m, (decimal)trap["TotalAmount"]!);
        Assert.Equal("Open", (string?)trap["Status"]);
        Assert.Equal(HttpStatusCode.BadRequest, settle.StatusCode);
        Assert.Equal("NotACredit", MyobHarness.ErrorName(body));
    }

    [Theory]
    [InlineData("UID")]
    [InlineData("RowVersion")]
    [InlineData("LineRowID")]
    public async Task POST_with_what_MYOB_creates_is_a_409(string field)
    {
        await using var myob = await MyobHarness.StartAsync();
        var sale = myob.Sale("CN-409", [-100m]);
        switch (field)
        {
            case "UID":
                sale["UID"] = Guid.NewGuid().ToString();
                break;
            case "RowVersion":
                sale["RowVersion"] = "-6933843581174022144";
                break;
            default:
                sale["Lines"]![0]!["RowID"] = 1;
                break;
        }

        var (response, body) = await myob.CallAsync(HttpMethod.Post, "Sale/Invoice/Service", sale);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("IncorrectRowVersionSupplied", MyobHarness.ErrorName(body));
        Assert.Empty(myob.Simulator.Store.CreditNotesByNumber("CN-409"));
    }

    [Fact]
    public async Task An_all_zero_UID_on_POST_counts_as_absent_like_the_SDK_sends_it()
    {
        await using var myob = await MyobHarness.StartAsync();
        var sale = myob.Sale("CN-ZERO", [-100m]);
        sale["UID"] = Guid.Empty.ToString();

        var response = await myob.SendAsync(HttpMethod.Post, "Sale/Invoice/Service", sale);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task PUT_needs_the_current_RowVersion_and_a_stale_one_is_409()
    {
        await using var myob = await MyobHarness.StartAsync();
        var created = await myob.CreateSaleAsync("CN-RV", -100m);
        var uid = (string)created["UID"]!;
        var update = myob.Sale("CN-RV", [-150m]);
        update["UID"] = uid;
        update["RowVersion"] = (string)created["RowVersion"]!;

        var first = await myob.CallAsync(HttpMethod.Put, $"Sale/Invoice/Service/{uid}?returnBody=true", update);
        var stale = await myob.CallAsync(HttpMethod.Put, $"Sale/Invoice/Service/{uid}", update);
        var missing = await myob.SendAsync(HttpMethod.Put, $"Sale/Invoice/Service/{Guid.NewGuid()}", update);

        Assert.Equal(HttpStatusCode.OK, first.Response.StatusCode);
        Assert.Equal(-165m, (decimal)first.Body!["TotalAmount"]!);
        Assert.NotEqual((string)created["RowVersion"]!, (string)first.Body["RowVersion"]!);
        Assert.Equal(HttpStatusCode.Conflict, stale.Response.StatusCode);
        Assert.Equal("IncorrectRowVersionSupplied", MyobHarness.ErrorName(stale.Body));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode); // "PUT only supports update operations"
    }

    [Fact]
    public async Task GET_carries_an_ETag_and_If_None_Match_answers_304_until_the_record_changes()
    {
        await using var myob = await MyobHarness.StartAsync();
        var created = await myob.CreateSaleAsync("CN-ETAG", -100m);
        var route = $"Sale/Invoice/Service/{created["UID"]}";

        var first = await myob.SendAsync(HttpMethod.Get, route);
        var etag = first.Headers.ETag!;
        using var again = myob.Request(HttpMethod.Get, route);
        again.Headers.IfNoneMatch.Add(etag);
        var notModified = await myob.Http.SendAsync(again);
        var invoice = myob.SeedInvoice("INV-E", 500m);
        await myob.SendAsync(HttpMethod.Post, "Sale/CreditSettlement", myob.Settlement((string)created["UID"]!, invoice.ToString(), 50m));
        using var afterChange = myob.Request(HttpMethod.Get, route);
        afterChange.Headers.IfNoneMatch.Add(etag);
        var changed = await myob.Http.SendAsync(afterChange);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.Equal(1, myob.Simulator.Counters.Snapshot().NotModified);
    }

    [Fact]
    public async Task OData_filters_by_Number_and_LastModified_and_pages_with_top_skip_and_NextPageLink()
    {
        await using var myob = await MyobHarness.StartAsync();
        for (var i = 1; i <= 5; i++)
        {
            await myob.CreateSaleAsync($"CN-P{i}", -10m * i);
            myob.Time.Advance(TimeSpan.FromMinutes(1));
        }

        var byNumber = await myob.ListAsync($"Sale/Invoice/Service?$filter={Uri.EscapeDataString("Number eq 'CN-P3'")}");
        var since = myob.Time.GetUtcNow().AddMinutes(-2.5).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var recent = await myob.ListAsync($"Sale/Invoice/Service?$filter={Uri.EscapeDataString($"LastModified gt datetime'{since}'")}");
        var (_, page) = await myob.CallAsync(HttpMethod.Get, "Sale/Invoice/Service?$top=2&$skip=2");
        var next = new Uri((string)page!["NextPageLink"]!);
        using var nextRequest = myob.Request(HttpMethod.Get, next.PathAndQuery.Split($"{myob.FileId}/")[1]);
        var (_, nextPage) = await MyobHarness.ReadAsync(await myob.Http.SendAsync(nextRequest));
        var (_, last) = await myob.CallAsync(HttpMethod.Get, "Sale/Invoice/Service?$top=2&$skip=4");
        var (bad, _) = await myob.CallAsync(HttpMethod.Get, $"Sale/Invoice/Service?$filter={Uri.EscapeDataString("Number startswith 'CN'")}");

        Assert.Equal("CN-P3", (string?)Assert.Single(byNumber)!["Number"]);
        Assert.Equal(["CN-P4", "CN-P5"], recent.Select(r => (string?)r!["Number"]));
        Assert.Equal(5, (int)page["Count"]!);
        Assert.Equal(["CN-P3", "CN-P4"], page["Items"]!.AsArray().Select(r => (string?)r!["Number"]));
        Assert.Equal(["CN-P5"], nextPage!["Items"]!.AsArray().Select(r => (string?)r!["Number"]));
        Assert.Null(last!["NextPageLink"]);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task No_idempotency_key_exists_so_the_same_POST_twice_makes_two_visible_documents()
    {
        // M6: nothing in MYOB's API stops a repeat; the control API shows the duplicate.
        await using var myob = await MyobHarness.StartAsync();

        await myob.SendAsync(HttpMethod.Post, "Sale/Invoice/Service", myob.Sale("CN-DUP", [-100m]));
        await myob.SendAsync(HttpMethod.Post, "Sale/Invoice/Service", myob.Sale("CN-DUP", [-100m]));
        var listed = JsonNode.Parse(await myob.Http.GetStringAsync($"_sim/credit-notes?number=CN-DUP&tenantId={myob.FileId}"))!.AsArray();

        Assert.Equal(2, listed.Count);
        Assert.NotEqual((string?)listed[0]!["UID"], (string?)listed[1]!["UID"]);
    }

    [Fact]
    public async Task Item_sales_refuse_negative_quantities_with_CommonRules_DecimalMinValue()
    {
        await using var myob = await MyobHarness.StartAsync();
        var sale = myob.Sale("CN-ITEM", [-100m]);
        sale["Lines"]![0]!["ShipQuantity"] = -1m;
        sale["Lines"]![0]!["UnitPrice"] = 100m;
        sale["Lines"]![0]!["Item"] = new JsonObject { ["UID"] = Guid.NewGuid().ToString() };

        var (response, body) = await myob.CallAsync(HttpMethod.Post, "Sale/Invoice/Item", sale);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("CommonRules_DecimalMinValue", MyobHarness.ErrorName(body));
    }

    [Fact]
    public async Task Unknown_customers_and_header_accounts_are_refused_with_MYOBs_errors()
    {
        await using var myob = await MyobHarness.StartAsync();
        var header = myob.Sale("CN-H", [-100m]);
        header["Lines"]![0]!["Account"] = new JsonObject { ["UID"] = myob.HeaderAccountUid };

        var (unknown, unknownBody) = await myob.CallAsync(HttpMethod.Post, "Sale/Invoice/Service", myob.Sale("CN-U", [-100m], customerId: Guid.NewGuid()));
        var (headerResponse, headerBody) = await myob.CallAsync(HttpMethod.Post, "Sale/Invoice/Service", header);

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("CustomerNotFound", MyobHarness.ErrorName(unknownBody));
        Assert.Equal(11003, (int)unknownBody!["Errors"]![0]!["ErrorCode"]!);
        Assert.Equal(HttpStatusCode.BadRequest, headerResponse.StatusCode);
        Assert.Equal("Line_AccountHeaderNotAllowed", MyobHarness.ErrorName(headerBody));
    }
}
