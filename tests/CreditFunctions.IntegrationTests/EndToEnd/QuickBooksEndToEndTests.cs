using System.Text.Json.Nodes;
using CreditFunctions.Alerts;
using CreditFunctions.Documents;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.LedgerSimulators.Xero;

namespace CreditFunctions.IntegrationTests.EndToEnd;

/// <summary>
/// A tenant with a Xero and a QuickBooks connection, through the app over HTTP: the credit note becomes a CreditMemo,
/// the allocation a zero-amount Payment (ledger-apis.md Q2), an amendment un-applies first (Q3), closed books follow the
/// tenant's Hold or Redate policy (Q8).
/// </summary>
public sealed class QuickBooksEndToEndTests
{
    private static readonly DateOnly DocumentDate = new(2026, 11, 20);

    [Fact]
    public async Task A_credit_note_is_synced_to_QuickBooks_and_allocated_by_a_zero_amount_payment()
    {
        await using var app = await TestApp.StartAsync(quickBooks: true);
        var qbo = app.QuickBooks!;
        var realm = app.QuickBooksSeed!.RealmId;
        app.Xero.Seed.Invoice(app.XeroTenantId, new XeroInvoiceSeed("INV-1", app.CustomerId, 1000m));
        qbo.Seed.Invoice(realm, "INV-1", app.QuickBooksCustomerId, 1000m);

        await app.SendAsync(TestEvents.CreditNote("cn_qbo", allocations: [new AllocationRequest("INV-1", 150m, DocumentDate)]));

        var status = await app.WaitForStatusAsync("cn_qbo", s => TestApp.IsState(s, "synced"));
        var branch = Branch(status, TestApp.QuickBooksConnectionId);
        Assert.Equal("synced", (string?)branch["state"]);
        Assert.Equal("allocated", (string?)branch["allocations"]![0]!["state"]);
        var memo = Assert.Single(qbo.Store.CreditMemosByNumber("CN-cn_qbo", realm));
        Assert.Equal(((string?)memo["Id"], 220m, 70m), ((string?)branch["ledgerDocumentId"], (decimal)memo["TotalAmt"]!, (decimal)memo["RemainingCredit"]!));
        Assert.Equal(850m, (decimal)qbo.Store.Invoice(realm, "INV-1")!["Balance"]!);
        var payment = Assert.Single(qbo.Store.Payments(realm));
        Assert.Equal(0m, (decimal)payment["TotalAmt"]!);
        Assert.Equal(850m, (decimal)app.Xero.Store.Invoice(app.XeroTenantId, "INV-1")!["AmountDue"]!);
    }

    [Fact]
    public async Task An_amendment_of_an_allocated_note_unapplies_it_updates_the_memo_and_applies_it_again()
    {
        await using var app = await TestApp.StartAsync(quickBooks: true);
        var qbo = app.QuickBooks!;
        var realm = app.QuickBooksSeed!.RealmId;
        app.Xero.Seed.Invoice(app.XeroTenantId, new XeroInvoiceSeed("INV-2", app.CustomerId, 1000m));
        qbo.Seed.Invoice(realm, "INV-2", app.QuickBooksCustomerId, 1000m);
        var allocation = new AllocationRequest("INV-2", 150m, DocumentDate);
        await app.SendAsync(TestEvents.CreditNote("cn_amend", allocations: [allocation]));
        await app.WaitForStatusAsync("cn_amend", s => TestApp.IsState(s, "synced"));
        var firstPayment = Assert.Single(qbo.Store.Payments(realm));

        await app.SendAsync(TestEvents.CreditNote("cn_amend", version: 2, type: OrderEventType.CreditNoteUpdated, net: 100m, allocations: [allocation with { Amount = 100m }]));

        var status = await app.WaitForStatusAsync("cn_amend", s => TestApp.IsState(s, "synced") && (long?)s["version"] == 2);
        Assert.Equal("allocated", (string?)Branch(status, TestApp.QuickBooksConnectionId)["allocations"]![0]!["state"]);
        var memo = Assert.Single(qbo.Store.CreditMemosByNumber("CN-cn_amend", realm));
        Assert.Equal((110m, 10m), ((decimal)memo["TotalAmt"]!, (decimal)memo["RemainingCredit"]!));
        var payment = Assert.Single(qbo.Store.Payments(realm));
        Assert.NotEqual((string?)firstPayment["Id"], (string?)payment["Id"]);
        Assert.Equal(900m, (decimal)qbo.Store.Invoice(realm, "INV-2")!["Balance"]!);
    }

    [Fact]
    public async Task A_create_whose_answer_is_lost_after_commit_is_read_back_and_never_posted_twice()
    {
        await using var app = await TestApp.StartAsync(a => a.UseJitter(0.05), quickBooks: true);
        app.QuickBooks!.Faults.CommitThenDropNext(method: "POST", pathContains: "/creditmemo");

        await app.SendAsync(TestEvents.CreditNote("cn_drop"));

        var status = await app.WaitForStatusAsync("cn_drop", s => TestApp.IsState(s, "synced"));
        var memo = Assert.Single(app.QuickBooks.Store.CreditMemosByNumber("CN-cn_drop"));
        Assert.Equal((string?)memo["Id"], (string?)Branch(status, TestApp.QuickBooksConnectionId)["ledgerDocumentId"]);
        Assert.Equal(0, app.QuickBooks.Faults.Pending);
    }

    [Fact]
    public async Task Closed_books_hold_the_QuickBooks_branch_with_an_alert_when_the_tenant_holds()
    {
        await using var app = await TestApp.StartAsync(quickBooks: true);
        app.QuickBooks!.Control.SetBookCloseDate(app.QuickBooksSeed!.RealmId, DocumentDate.AddDays(5));

        await app.SendAsync(TestEvents.CreditNote("cn_hold", date: DocumentDate));

        var status = await app.WaitForStatusAsync("cn_hold", s => (string?)Branch(s, TestApp.QuickBooksConnectionId)["state"] == "failed");
        Assert.Contains("Account Period Closed", (string?)Branch(status, TestApp.QuickBooksConnectionId)["lastError"], StringComparison.Ordinal);
        Assert.Empty(app.QuickBooks.Store.CreditMemosByNumber("CN-cn_hold"));
        Assert.Contains(app.Alerts.All, a => a.Kind == AlertKind.PeriodLocked && a.DocumentId == "cn_hold");
    }

    [Fact]
    public async Task Closed_books_redate_the_memo_to_the_day_after_BookCloseDate_when_the_tenant_redates()
    {
        await using var app = await TestApp.StartAsync(a => a.Settings["Tenants:t1:ClosedPeriod"] = "Redate", quickBooks: true);
        app.QuickBooks!.Control.SetBookCloseDate(app.QuickBooksSeed!.RealmId, DocumentDate.AddDays(5));

        await app.SendAsync(TestEvents.CreditNote("cn_redate", date: DocumentDate));

        await app.WaitForStatusAsync("cn_redate", s => TestApp.IsState(s, "synced"));
        var memo = Assert.Single(app.QuickBooks.Store.CreditMemosByNumber("CN-cn_redate"));
        Assert.Equal("2026-11-26", (string?)memo["TxnDate"]);
        Assert.DoesNotContain(app.Alerts.All, a => a.Kind == AlertKind.PeriodLocked);
    }

    [Fact]
    public async Task A_QuickBooks_connection_is_connected_by_consent_through_the_connection_API()
    {
        await using var app = await TestApp.StartAsync(a => a.Settings["QuickBooks:RedirectUri"] = "http://127.0.0.1:7071/api/connections/callback", quickBooks: true);
        using var connect = new HttpRequestMessage(HttpMethod.Post, $"/api/tenants/t1/connections/{TestApp.QuickBooksConnectionId}/connect");
        connect.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestApp.ApiKey);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        using var started = await app.Http.SendAsync(connect);
        var authorizeUrl = (string)JsonNode.Parse(await started.Content.ReadAsStringAsync())!["authorizeUrl"]!;
        using var consented = await browser.GetAsync(new Uri(authorizeUrl));
        using var callback = await app.Http.GetAsync("/api/connections/callback" + consented.Headers.Location!.Query);
        var body = JsonNode.Parse(await callback.Content.ReadAsStringAsync())!;

        Assert.StartsWith(app.QuickBooks!.AuthorizeEndpoint!.AbsoluteUri, authorizeUrl, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.OK, callback.StatusCode);
        Assert.Equal(TestApp.QuickBooksConnectionId, (string?)body["connectionId"]);
    }

    private static JsonObject Branch(JsonObject status, string connectionId) =>
        status["ledgers"]!.AsArray().Single(l => (string?)l!["connectionId"] == connectionId)!.AsObject();
}
