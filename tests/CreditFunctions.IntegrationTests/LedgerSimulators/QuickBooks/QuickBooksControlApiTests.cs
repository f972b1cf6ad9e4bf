using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CreditFunctions.IntegrationTests.LedgerSimulators.QuickBooks;

/// <summary>The /_sim control API, shaped like the Xero simulator's: seed, list by number, invoice balance, closing date, faults, counters, reset.</summary>
public sealed class QuickBooksControlApiTests
{
    [Fact]
    public async Task Seeding_listing_closing_faults_counters_and_reset_work_over_HTTP()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        var http = harness.Http;

        var customer = await (await http.PostAsJsonAsync($"_sim/companies/{harness.RealmId}/customers", new { displayName = "Cafe Luna" })).Content.ReadFromJsonAsync<JsonObject>();
        var invoice = await http.PostAsJsonAsync($"_sim/companies/{harness.RealmId}/invoices", new { docNumber = "INV-0001", customerId = (string?)customer!["customerId"], total = 1000m, balance = 400m });
        var balance = await http.GetFromJsonAsync<JsonObject>($"_sim/companies/{harness.RealmId}/invoices?number=INV-0001");
        await harness.CreateCreditMemoAsync("CN-1");
        var memos = await http.GetFromJsonAsync<JsonArray>($"_sim/credit-memos?number=CN-1&realmId={harness.RealmId}");
        var closing = await http.PutAsJsonAsync($"_sim/companies/{harness.RealmId}/book-close-date", new { bookCloseDate = "2026-10-31" });
        var fault = await http.PostAsJsonAsync("_sim/faults", new { kind = "FaultInOk", faultType = "ValidationFault", faultCode = "6000" });
        var faulted = await harness.CallAsync(HttpMethod.Get, QuickBooksHarness.Path("preferences"));
        var counters = await http.GetFromJsonAsync<JsonObject>("_sim/counters");
        var reset = await http.PostAsync("_sim/reset", null);

        Assert.True(invoice.IsSuccessStatusCode);
        Assert.Equal(400m, (decimal)balance!["Balance"]!);
        Assert.Single(memos!);
        Assert.True(closing.IsSuccessStatusCode && fault.IsSuccessStatusCode && reset.IsSuccessStatusCode);
        Assert.Equal((200, "6000"), (faulted.Status, QuickBooksHarness.Code(faulted.Body)));
        Assert.True((long)counters!["apiCalls"]! >= 2);
        Assert.Empty(harness.Simulator.Store.CreditMemosByNumber("CN-1"));
        Assert.Equal(0, harness.Simulator.Counters.Snapshot().ApiCalls);
    }
}
