using System.Text.Json.Nodes;
using CreditFunctions.LedgerSimulators.QuickBooks;

namespace CreditFunctions.IntegrationTests.LedgerSimulators.QuickBooks;

/// <summary>requestid (Q5): a repeat gets the original response instead of a second operation; ≤ 50 characters; per realm.</summary>
public sealed class QuickBooksRequestIdTests
{
    [Fact]
    public async Task A_repeated_requestid_returns_the_original_response_and_creates_nothing_more()
    {
        await using var harness = await QuickBooksHarness.StartAsync();

        var first = await harness.PostAsync("creditmemo", harness.CreditMemo("CN-1"), "requestid=rid-1");
        var again = await harness.PostAsync("creditmemo", harness.CreditMemo("CN-1", 999m), "requestid=rid-1");

        Assert.Equal(first.Body.ToJsonString(), again.Body.ToJsonString());
        Assert.Single(harness.Simulator.Store.CreditMemosByNumber("CN-1"));
        Assert.Equal(1, harness.Simulator.Counters.Snapshot().RequestIdReplays);
    }

    [Fact]
    public async Task A_refused_request_replays_its_fault_under_the_same_requestid()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        var memo = await harness.CreateCreditMemoAsync("CN-2");
        var stale = new JsonObject { ["Id"] = (string?)memo["Id"], ["SyncToken"] = "7", ["sparse"] = true, ["PrivateNote"] = "x" };

        var first = await harness.PostAsync("creditmemo", stale.DeepClone(), "requestid=rid-2");
        var fixedToken = (JsonObject)stale.DeepClone();
        fixedToken["SyncToken"] = "0";
        var again = await harness.PostAsync("creditmemo", fixedToken.DeepClone(), "requestid=rid-2");
        var fresh = await harness.PostAsync("creditmemo", fixedToken, "requestid=rid-3");

        Assert.Equal(("5010", "5010"), (QuickBooksHarness.Code(first.Body), QuickBooksHarness.Code(again.Body)));
        Assert.Equal(200, fresh.Status);
    }

    [Fact]
    public async Task A_write_committed_then_dropped_replays_under_its_requestid_without_a_duplicate()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        harness.Simulator.Faults.CommitThenDropNext(method: "POST", pathContains: "creditmemo");

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => harness.PostAsync("creditmemo", harness.CreditMemo("CN-3"), "requestid=rid-4"));
        var again = await harness.PostAsync("creditmemo", harness.CreditMemo("CN-3"), "requestid=rid-4");

        Assert.Equal(200, again.Status);
        Assert.Single(harness.Simulator.Store.CreditMemosByNumber("CN-3"));
    }

    [Fact]
    public async Task A_requestid_over_50_characters_is_refused_and_ids_are_scoped_to_the_realm()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        var other = harness.Simulator.Seed.Company("Other");
        var otherCustomer = harness.Simulator.Seed.Customer(other, "Cafe Bean");
        var tokens = harness.Simulator.Seed.Tokens(harness.Connection.ClientId, other);

        var (status, body, _) = await harness.PostAsync("creditmemo", harness.CreditMemo("CN-4"), "requestid=" + new string('r', 51));
        await harness.PostAsync("creditmemo", harness.CreditMemo("CN-5"), "requestid=shared");
        harness.AccessToken = tokens.AccessToken;
        var elsewhere = await harness.CallAsync(HttpMethod.Post, QuickBooksHarness.Path("creditmemo", "requestid=shared"), harness.CreditMemo("CN-5", customerId: otherCustomer), other);

        Assert.Equal((400, "2050"), (status, QuickBooksHarness.Code(body)));
        Assert.Equal(200, elsewhere.Status);
        Assert.Equal(2, harness.Simulator.Store.CreditMemosByNumber("CN-5").Count);
    }

    [Fact]
    public async Task A_requestid_is_forgotten_after_the_retention()
    {
        await using var harness = await QuickBooksHarness.StartAsync(o => o.RequestIdRetention = TimeSpan.FromMinutes(30));

        await harness.PostAsync("creditmemo", harness.CreditMemo("CN-6"), "requestid=rid-6");
        harness.Time.Advance(TimeSpan.FromMinutes(30));
        await harness.PostAsync("creditmemo", harness.CreditMemo("CN-6"), "requestid=rid-6");

        Assert.Equal(2, harness.Simulator.Store.CreditMemosByNumber("CN-6").Count);
    }
}
