using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CreditFunctions.IntegrationTests.LedgerSimulators.Myob;

/// <summary>The control API under /_sim/ has the Xero simulator's shape, so one harness drives either; and the faults it arms.</summary>
public sealed class MyobControlApiTests
{
    [Fact]
    public async Task Company_files_customers_invoices_lock_dates_counters_and_reset_are_driven_over_HTTP()
    {
        await using var myob = await MyobHarness.StartAsync();
        var http = myob.Http;

        var tenant = await (await http.PostAsJsonAsync("_sim/tenants", new { name = "Via HTTP" })).Content.ReadFromJsonAsync<JsonObject>();
        var fileId = (string)tenant!["tenantId"]!;
        var contact = await (await http.PostAsJsonAsync($"_sim/tenants/{fileId}/contacts", new { name = "Cafe Luna", contactNumber = "cust_42" })).Content.ReadFromJsonAsync<JsonObject>();
        await http.PostAsJsonAsync($"_sim/tenants/{fileId}/invoices", new { invoiceNumber = "INV-0001", contactId = (string)contact!["contactId"]!, total = 1000m });
        var invoice = JsonNode.Parse(await http.GetStringAsync($"_sim/tenants/{fileId}/invoices?number=INV-0001"))!;
        var lockDates = await http.PutAsJsonAsync($"_sim/tenants/{fileId}/lock-dates", new { periodLockDate = "2026-10-31" });
        await http.PostAsJsonAsync("_sim/clients", new { clientId = "http-key", clientSecret = "http-secret" });
        var tokens = JsonNode.Parse(await (await http.PostAsJsonAsync("_sim/tokens", new { clientId = "http-key", tenantIds = new[] { fileId } })).Content.ReadAsStringAsync())!;
        myob.AccessToken = (string)tokens["access_token"]!;
        using var preferences = myob.Request(HttpMethod.Get, "Company/Preferences", fileId: Guid.Parse(fileId), apiKey: "http-key");
        var (_, prefs) = await MyobHarness.ReadAsync(await http.SendAsync(preferences));
        var counters = JsonNode.Parse(await http.GetStringAsync("_sim/counters"))!;
        var reset = await http.PostAsync("_sim/reset", null);

        Assert.Equal(1000m, (decimal)invoice["BalanceDueAmount"]!);
        Assert.Equal("Open", (string?)invoice["Status"]);
        Assert.Equal(HttpStatusCode.NoContent, lockDates.StatusCode);
        Assert.StartsWith("2026-10-31", (string?)prefs!["System"]!["LockPeriodPriorTo"], StringComparison.Ordinal);
        Assert.Equal(1, (int)counters["apiCalls"]!);
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"_sim/tenants/{fileId}/invoices?number=INV-0001")).StatusCode);
    }

    [Fact]
    public async Task A_server_error_fault_answers_504_and_applies_nothing()
    {
        await using var myob = await MyobHarness.StartAsync();
        await myob.Http.PostAsJsonAsync("_sim/faults", new { kind = "ServerError", method = "POST", pathContains = "Sale/Invoice" });

        var (failed, body) = await myob.CallAsync(HttpMethod.Post, "Sale/Invoice/Service", myob.Sale("CN-F1", [-100m]));

        Assert.Equal(HttpStatusCode.GatewayTimeout, failed.StatusCode);
        Assert.Equal("GatewayTimeout", MyobHarness.ErrorName(body));
        Assert.Empty(myob.Simulator.Store.CreditNotesByNumber("CN-F1"));
        Assert.Equal(1, myob.Simulator.Counters.Snapshot().FaultsInjected);
    }

    [Fact]
    public async Task A_commit_then_drop_fault_applies_the_write_and_loses_the_answer()
    {
        await using var myob = await MyobHarness.StartAsync();
        myob.Simulator.Faults.CommitThenDropNext(method: "POST");

        await Assert.ThrowsAsync<HttpRequestException>(() => myob.SendAsync(HttpMethod.Post, "Sale/Invoice/Service", myob.Sale("CN-F2", [-100m])));

        Assert.Single(myob.Simulator.Store.CreditNotesByNumber("CN-F2"));
    }

    [Fact]
    public async Task A_hang_fault_holds_the_call_until_the_client_gives_up_and_applies_nothing()
    {
        await using var myob = await MyobHarness.StartAsync();
        myob.Simulator.Faults.HangNext(method: "POST");
        using var held = new SemaphoreSlim(0);
        myob.Simulator.Faults.Applied += _ => held.Release();
        using var giveUp = new CancellationTokenSource();

        var call = myob.Http.SendAsync(myob.Request(HttpMethod.Post, "Sale/Invoice/Service", myob.Sale("CN-F3", [-100m])), giveUp.Token);
        await held.WaitAsync(TimeSpan.FromSeconds(10));
        await giveUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Empty(myob.Simulator.Store.CreditNotesByNumber("CN-F3"));
    }
}
