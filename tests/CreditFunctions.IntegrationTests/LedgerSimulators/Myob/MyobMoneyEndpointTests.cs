using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CreditFunctions.LedgerSimulators.Myob;

namespace CreditFunctions.IntegrationTests.LedgerSimulators.Myob;

/// <summary>The simulator's money endpoints over HTTP: Purchase/SupplierPayment, Banking/ReceiveMoneyTxn and SpendMoneyTxn, and the bank-reconciliation control endpoint.</summary>
public sealed class MyobMoneyEndpointTests
{
    [Fact]
    public async Task A_supplier_payment_pays_open_bills_never_more_than_due_and_pull_filters_on_LastModified()
    {
        await using var myob = await MyobHarness.StartAsync();
        var supplier = myob.Simulator.Seed.Supplier(myob.FileId, "Bean Roasters", "SUPP-1");
        var bill = myob.Simulator.Seed.Bill(myob.FileId, new MyobInvoiceSeed("BILL-1", supplier, 200m));
        JsonObject Payment(decimal amount) => new()
        {
            ["PayFrom"] = "Account",
            ["Account"] = new JsonObject { ["UID"] = myob.BankAccountUid },
            ["Supplier"] = new JsonObject { ["UID"] = supplier.ToString() },
            ["PaymentNumber"] = "PAY-1",
            ["Date"] = myob.Today.ToString("yyyy-MM-dd' 00:00:00'", CultureInfo.InvariantCulture),
            ["AmountPaid"] = amount,
            ["Lines"] = new JsonArray(new JsonObject { ["Type"] = "Bill", ["Purchase"] = new JsonObject { ["UID"] = bill.ToString() }, ["AmountApplied"] = amount }),
        };
        var before = myob.Time.GetUtcNow().UtcDateTime.AddSeconds(-1).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

        var (over, overBody) = await myob.CallAsync(HttpMethod.Post, "Purchase/SupplierPayment", Payment(200.01m));
        var paid = await myob.SendAsync(HttpMethod.Post, "Purchase/SupplierPayment", Payment(200m));
        var changed = await myob.ListAsync($"Purchase/SupplierPayment?$filter=LastModified gt datetime'{before}'");
        var none = await myob.ListAsync($"Purchase/SupplierPayment?$filter=LastModified gt datetime'{myob.Time.GetUtcNow().UtcDateTime.AddSeconds(1):yyyy-MM-dd'T'HH:mm:ss}'");

        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        Assert.Equal("AmountAppliedExceedsBalanceDue", MyobHarness.ErrorName(overBody));
        Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        Assert.Equal(0m, myob.BalanceDue("BILL-1"));
        Assert.Equal("PAY-1", (string?)Assert.Single(changed)!["PaymentNumber"]);
        Assert.Empty(none);
        Assert.Equal(2, myob.Simulator.Counters.Snapshot().Operations["POST /Purchase/SupplierPayment"]); // the refused one counts too
    }

    [Fact]
    public async Task Receive_money_goes_into_a_bank_account_with_lines_on_any_postable_account_and_respects_the_lock_period()
    {
        await using var myob = await MyobHarness.StartAsync();
        var liability = (string)(await myob.ListAsync("GeneralLedger/Account")).First(a => (string?)a!["DisplayID"] == MyobDemo.CustomerDepositsAccount)!["UID"]!;
        JsonObject Receive(string bank, DateOnly date) => new()
        {
            ["DepositTo"] = "Account",
            ["Account"] = new JsonObject { ["UID"] = bank },
            ["Contact"] = new JsonObject { ["UID"] = myob.CustomerId.ToString() },
            ["Date"] = date.ToString("yyyy-MM-dd' 00:00:00'", CultureInfo.InvariantCulture),
            ["AmountReceived"] = 500m,
            ["Memo"] = "deposit",
            ["Lines"] = new JsonArray(new JsonObject { ["Account"] = new JsonObject { ["UID"] = liability }, ["Amount"] = 500m }),
        };

        var (notBank, notBankBody) = await myob.CallAsync(HttpMethod.Post, "Banking/ReceiveMoneyTxn", Receive(liability, myob.Today));
        var received = await myob.SendAsync(HttpMethod.Post, "Banking/ReceiveMoneyTxn", Receive(myob.BankAccountUid, myob.Today));
        myob.Simulator.Control.SetLockPeriod(myob.FileId, myob.Today);
        var (locked, lockedBody) = await myob.CallAsync(HttpMethod.Post, "Banking/ReceiveMoneyTxn", Receive(myob.BankAccountUid, myob.Today));
        var (delete, _) = await myob.CallAsync(HttpMethod.Delete, $"Banking/ReceiveMoneyTxn/{received.Headers.Location!.Segments[^1]}");

        Assert.Equal("AccountNotBanking", MyobHarness.ErrorName(notBankBody));
        Assert.Equal(HttpStatusCode.BadRequest, notBank.StatusCode);
        Assert.Equal(HttpStatusCode.Created, received.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, locked.StatusCode);
        Assert.Equal("BusinessEvent_DateOccured_InLockPeriod", MyobHarness.ErrorName(lockedBody));
        Assert.Equal(HttpStatusCode.BadRequest, delete.StatusCode);
        var stored = Assert.Single(myob.Simulator.Store.BankTransactions(myob.FileId));
        Assert.Equal(MyobDemo.CustomerDepositsAccount, (string?)stored["Lines"]![0]!["Account"]!["DisplayID"]);
    }

    [Fact]
    public async Task A_payment_entered_by_bank_reconciliation_follows_the_APIs_rules_and_is_listed_like_any_other()
    {
        await using var myob = await MyobHarness.StartAsync();
        myob.SeedInvoice("INV-BR", 100m);
        using var http = new HttpClient { BaseAddress = myob.Simulator.BaseAddress };

        var over = await http.PostAsJsonAsync($"_sim/tenants/{myob.FileId}/payments", new { invoiceNumber = "INV-BR", amount = 100.01m });
        var entered = await http.PostAsJsonAsync($"_sim/tenants/{myob.FileId}/payments", new { invoiceNumber = "INV-BR", amount = 100m, reference = "BR-1" });
        var listed = await myob.ListAsync("Sale/CustomerPayment");

        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        Assert.Contains("exceeds its balance due", await over.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, entered.StatusCode);
        Assert.Equal("BR-1", (string?)Assert.Single(listed)!["ReceiptNumber"]);
        Assert.Equal(0m, myob.BalanceDue("INV-BR"));
        Assert.False(myob.Simulator.Counters.Snapshot().Operations.ContainsKey("POST /Sale/CustomerPayment"));
    }
}
