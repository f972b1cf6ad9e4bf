using System.Text.Json.Nodes;

namespace CreditFunctions.IntegrationTests.LedgerSimulators.QuickBooks;

/// <summary>CreditMemo create, read, query, update and delete as QBO documents them (contracts/qbo §1–§3, §10–§11; Q1, Q7).</summary>
public sealed class QuickBooksCreditMemoTests
{
    [Fact]
    public async Task A_created_credit_memo_comes_back_in_its_envelope_with_totals_remaining_credit_and_a_subtotal_line()
    {
        await using var harness = await QuickBooksHarness.StartAsync();

        var (status, body, _) = await harness.PostAsync("creditmemo", harness.CreditMemo("CN-1", 100m));

        Assert.Equal(200, status);
        Assert.NotNull(body["time"]);
        var memo = body["CreditMemo"]!.AsObject();
        Assert.Equal(("0", 110m, 110m, 110m), ((string?)memo["SyncToken"], (decimal)memo["TotalAmt"]!, (decimal)memo["RemainingCredit"]!, (decimal)memo["Balance"]!));
        Assert.Equal("SubTotalLineDetail", (string?)memo["Line"]![1]!["DetailType"]);
        Assert.True(harness.Schema.Checked >= 1);
    }

    [Fact]
    public async Task A_line_without_an_ItemRef_is_documentation_and_its_amount_is_ignored()
    {
        await using var harness = await QuickBooksHarness.StartAsync();

        var (_, body, _) = await harness.PostAsync("creditmemo", harness.CreditMemo("CN-2", 100m, withItem: false));

        Assert.Equal(10m, (decimal)body["CreditMemo"]!["TotalAmt"]!); // the tax only
    }

    [Theory]
    [InlineData("CustomerRef", "2020")]
    [InlineData("Line", "2020")]
    public async Task A_credit_memo_without_its_required_parts_is_refused(string missing, string code)
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        var memo = harness.CreditMemo("CN-3");
        memo.Remove(missing);

        var (status, body, _) = await harness.PostAsync("creditmemo", memo);

        Assert.Equal((400, code, "ValidationFault"), (status, QuickBooksHarness.Code(body), (string?)body["Fault"]!["type"]));
    }

    [Fact]
    public async Task A_DocNumber_longer_than_21_characters_is_refused_with_2050()
    {
        await using var harness = await QuickBooksHarness.StartAsync();

        var (status, body, _) = await harness.PostAsync("creditmemo", harness.CreditMemo(new string('9', 22)));

        Assert.Equal((400, "2050"), (status, QuickBooksHarness.Code(body)));
    }

    [Fact]
    public async Task A_property_outside_the_schema_is_refused()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        var memo = harness.CreditMemo("CN-4");
        memo["CreditNoteNumber"] = "CN-4";

        var (status, body, _) = await harness.PostAsync("creditmemo", memo);

        Assert.Equal((400, "2010"), (status, QuickBooksHarness.Code(body)));
    }

    [Fact]
    public async Task Query_by_DocNumber_finds_the_memo_and_no_match_is_an_empty_QueryResponse()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        var created = await harness.CreateCreditMemoAsync("CN-'5");

        var (status, found, _) = await harness.QueryAsync("select * from CreditMemo where DocNumber = 'CN-\\'5'");
        var (_, none, _) = await harness.QueryAsync("select * from CreditMemo where DocNumber = 'nope'");

        Assert.Equal(200, status);
        Assert.Equal((string?)created["Id"], (string?)found["QueryResponse"]!["CreditMemo"]![0]!["Id"]);
        Assert.Empty(none["QueryResponse"]!.AsObject());
    }

    [Fact]
    public async Task Count_startposition_and_maxresults_page_a_query()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            await harness.CreateCreditMemoAsync($"CN-P{i}");
        }

        var (_, count, _) = await harness.QueryAsync("select count(*) from CreditMemo");
        var (_, page, _) = await harness.QueryAsync("select * from CreditMemo startposition 2 maxresults 2");
        var (status, tooMany, _) = await harness.QueryAsync("select * from CreditMemo maxresults 1001");

        Assert.Equal(5, (int)count["QueryResponse"]!["totalCount"]!);
        Assert.Equal(["CN-P1", "CN-P2"], page["QueryResponse"]!["CreditMemo"]!.AsArray().Select(m => (string?)m!["DocNumber"]));
        Assert.Equal(400, status);
        Assert.Equal("4000", QuickBooksHarness.Code(tooMany));
    }

    [Fact]
    public async Task A_sparse_update_changes_only_what_it_sends_and_a_sent_Line_replaces_all_lines()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        var memo = await harness.CreateCreditMemoAsync("CN-6");
        var withNote = await harness.PostAsync("creditmemo", new JsonObject { ["Id"] = (string?)memo["Id"], ["SyncToken"] = "0", ["sparse"] = true, ["PrivateNote"] = "kept" });
        var lines = harness.CreditMemo("CN-6", 50m)["Line"]!.DeepClone();

        var (status, body, _) = await harness.PostAsync("creditmemo", new JsonObject { ["Id"] = (string?)memo["Id"], ["SyncToken"] = "1", ["sparse"] = true, ["Line"] = lines });

        Assert.Equal(200, withNote.Status);
        Assert.Equal(200, status);
        var updated = body["CreditMemo"]!;
        // The tax detail was not sent, so it stays (10): 50 + 10.
        Assert.Equal(("2", "kept", 60m, 2), ((string?)updated["SyncToken"], (string?)updated["PrivateNote"], (decimal)updated["TotalAmt"]!, updated["Line"]!.AsArray().Count));
    }

    [Fact]
    public async Task A_full_update_clears_the_writable_fields_it_omits()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        var memo = harness.CreditMemo("CN-7");
        memo["PrivateNote"] = "first";
        var created = (await harness.PostAsync("creditmemo", memo)).Body["CreditMemo"]!;
        var full = harness.CreditMemo("CN-7");
        full["Id"] = (string?)created["Id"];
        full["SyncToken"] = "0";

        var (_, body, _) = await harness.PostAsync("creditmemo", full);

        Assert.Null(body["CreditMemo"]!["PrivateNote"]);
    }

    [Fact]
    public async Task An_update_with_a_stale_SyncToken_is_refused_with_5010_Stale_Object_Error()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        var memo = await harness.CreateCreditMemoAsync("CN-8");
        harness.Simulator.Control.Touch(harness.RealmId, "creditmemo", (string)memo["Id"]!);

        var (status, body, _) = await harness.PostAsync("creditmemo", new JsonObject { ["Id"] = (string?)memo["Id"], ["SyncToken"] = "0", ["sparse"] = true, ["PrivateNote"] = "mine" });

        Assert.Equal((400, "5010", "Stale Object Error"), (status, QuickBooksHarness.Code(body), QuickBooksHarness.Message(body)));
    }

    [Fact]
    public async Task Delete_needs_the_SyncToken_and_answers_a_Deleted_stub_then_the_memo_is_gone()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        var memo = await harness.CreateCreditMemoAsync("CN-9");
        var id = (string)memo["Id"]!;

        var missing = await harness.PostAsync("creditmemo", new JsonObject { ["Id"] = id }, "operation=delete");
        var (status, body, _) = await harness.PostAsync("creditmemo", new JsonObject { ["Id"] = id, ["SyncToken"] = "0" }, "operation=delete");
        var read = await harness.CallAsync(HttpMethod.Get, QuickBooksHarness.Path("creditmemo/" + id));

        Assert.Equal((400, "2020"), (missing.Status, QuickBooksHarness.Code(missing.Body)));
        Assert.Equal((200, "Deleted"), (status, (string?)body["CreditMemo"]!["status"]));
        Assert.Equal((400, "610"), (read.Status, QuickBooksHarness.Code(read.Body)));
        Assert.Empty(harness.Simulator.Store.CreditMemosByNumber("CN-9"));
    }

    [Fact]
    public async Task A_credit_memo_has_no_void_operation()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        var memo = await harness.CreateCreditMemoAsync("CN-10");

        var (status, body, _) = await harness.PostAsync("creditmemo", new JsonObject { ["Id"] = (string?)memo["Id"], ["SyncToken"] = "0" }, "operation=void");

        Assert.Equal((400, "2310"), (status, QuickBooksHarness.Code(body)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(74)]
    public async Task Calls_without_minorversion_75_or_later_are_refused(int? minorVersion)
    {
        await using var harness = await QuickBooksHarness.StartAsync();

        var (status, body, _) = await harness.CallAsync(HttpMethod.Get, QuickBooksHarness.Path("preferences", minorVersion: minorVersion));
        var ok = await harness.CallAsync(HttpMethod.Get, QuickBooksHarness.Path("preferences", minorVersion: 75));

        Assert.Equal((400, "minorversion"), (status, (string?)body["Fault"]!["Error"]![0]!["element"]));
        Assert.Equal(200, ok.Status);
    }
}
