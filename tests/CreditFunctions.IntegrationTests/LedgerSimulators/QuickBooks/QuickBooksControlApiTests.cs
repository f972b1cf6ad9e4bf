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

    [Fact]
    public async Task A_payment_entered_by_bank_reconciliation_the_amount_due_and_the_books_held_are_served_over_HTTP()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        var http = harness.Http;
        harness.SeedInvoice("INV-BR", 300m);

        var entered = await http.PostAsJsonAsync($"_sim/companies/{harness.RealmId}/bank-payments", new { invoiceNumber = "INV-BR", amount = 120m, date = "2026-11-20", reference = "EFT 17" });
        var over = await http.PostAsJsonAsync($"_sim/companies/{harness.RealmId}/bank-payments", new { invoiceNumber = "INV-BR", amount = 180.01m });
        var due = await http.GetFromJsonAsync<JsonObject>($"_sim/companies/{harness.RealmId}/invoices/INV-BR/amount-due");
        var missing = await http.GetAsync($"_sim/companies/{harness.RealmId}/invoices/INV-404/amount-due");
        var payments = await http.GetFromJsonAsync<JsonArray>($"_sim/companies/{harness.RealmId}/entities/payment");
        var cdc = await harness.CallAsync(HttpMethod.Get, QuickBooksHarness.Path("cdc", "entities=Payment&changedSince=2026-11-19T00:00:00Z"));

        Assert.True(entered.IsSuccessStatusCode);
        var paymentId = (string?)(await entered.Content.ReadFromJsonAsync<JsonObject>())!["paymentId"];
        Assert.Equal(400, (int)over.StatusCode);
        Assert.Contains("open balance", await over.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(("INV-BR", 300m, 180m, false), ((string?)due!["number"], (decimal)due["total"]!, (decimal)due["amountDue"]!, (bool)due["voided"]!));
        Assert.Equal(404, (int)missing.StatusCode);
        var payment = Assert.Single(payments!)!;
        Assert.Equal((paymentId, "EFT 17", "35"), ((string?)payment["Id"], (string?)payment["PaymentRefNum"], (string?)payment["DepositToAccountRef"]!["value"]));
        Assert.Equal(paymentId, (string?)cdc.Body["CDCResponse"]![0]!["QueryResponse"]![0]!["Payment"]![0]!["Id"]);
    }

    [Fact]
    public async Task Nothing_is_applied_to_a_voided_invoice_and_a_deposit_account_outside_the_chart_is_refused()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        var voidedId = harness.SeedInvoice("INV-V", 300m);
        var openId = harness.SeedInvoice("INV-O", 300m);
        var voided = await harness.CallAsync(HttpMethod.Post, QuickBooksHarness.Path("invoice", "operation=void"), new { Id = voidedId, SyncToken = "0" });

        var onVoided = await harness.PostAsync("payment", Payment(harness.CustomerId, voidedId, 10m, "35"));
        var unknownAccount = await harness.PostAsync("payment", Payment(harness.CustomerId, openId, 10m, "999"));
        var fine = await harness.PostAsync("payment", Payment(harness.CustomerId, openId, 10m, "35"));

        Assert.Equal(200, voided.Status);
        Assert.Equal((400, "6000"), (onVoided.Status, QuickBooksHarness.Code(onVoided.Body)));
        Assert.Contains("is voided", (string?)onVoided.Body["Fault"]!["Error"]![0]!["Detail"], StringComparison.Ordinal);
        Assert.Equal((400, "2500"), (unknownAccount.Status, QuickBooksHarness.Code(unknownAccount.Body)));
        Assert.Equal(200, fine.Status);
        Assert.Equal(290m, harness.InvoiceBalance("INV-O"));
    }

    [Fact]
    public async Task Vendors_and_bills_are_seeded_and_a_bill_payment_over_the_bill_balance_a_vendor_credit_of_another_vendor_and_a_stale_SyncToken_are_refused()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        var http = harness.Http;
        var vendor = (string?)(await (await http.PostAsJsonAsync($"_sim/companies/{harness.RealmId}/vendors", new { displayName = "Bean Roasters" })).Content.ReadFromJsonAsync<JsonObject>())!["vendorId"];
        var other = (string?)(await (await http.PostAsJsonAsync($"_sim/companies/{harness.RealmId}/vendors", new { displayName = "Milk Co" })).Content.ReadFromJsonAsync<JsonObject>())!["vendorId"];
        var billId = (string?)(await (await http.PostAsJsonAsync($"_sim/companies/{harness.RealmId}/bills", new { docNumber = "BILL-1", vendorId = vendor, total = 300m, balance = 250m })).Content.ReadFromJsonAsync<JsonObject>())!["billId"];
        var customerName = (string)harness.Simulator.Store.Entities(harness.RealmId, "Customer")[0]["DisplayName"]!;
        var duplicateName = await harness.PostAsync("vendor", new JsonObject { ["DisplayName"] = customerName });
        var credit = await harness.PostAsync("vendorcredit", new JsonObject
        {
            ["VendorRef"] = new JsonObject { ["value"] = other },
            ["Line"] = new JsonArray(new JsonObject { ["Amount"] = 20m, ["DetailType"] = "AccountBasedExpenseLineDetail", ["AccountBasedExpenseLineDetail"] = new JsonObject { ["AccountRef"] = new JsonObject { ["value"] = "41" } } }),
        });

        var over = await harness.PostAsync("billpayment", BillPayment(vendor!, (billId!, "Bill", 250.01m)));
        var otherVendors = await harness.PostAsync("billpayment", BillPayment(vendor!, (billId!, "Bill", 20m), ((string)credit.Body["VendorCredit"]!["Id"]!, "VendorCredit", 20m)));
        var paid = await harness.PostAsync("billpayment", BillPayment(vendor!, (billId!, "Bill", 50m)));
        var due = await http.GetFromJsonAsync<JsonObject>($"_sim/companies/{harness.RealmId}/bills/BILL-1/amount-due");
        var stale = await harness.CallAsync(HttpMethod.Post, QuickBooksHarness.Path("billpayment", "operation=delete"), new { Id = (string)paid.Body["BillPayment"]!["Id"]!, SyncToken = "7" });
        var missing = await http.GetAsync($"_sim/companies/{harness.RealmId}/bills/BILL-404/amount-due");

        Assert.Equal(200, credit.Status);
        Assert.Equal((400, "6240"), (duplicateName.Status, QuickBooksHarness.Code(duplicateName.Body))); // DisplayName is unique across customers and vendors (contract §8)
        Assert.Equal((400, "6000"), (over.Status, QuickBooksHarness.Code(over.Body)));
        Assert.Contains("open balance (250.00)", (string?)over.Body["Fault"]!["Error"]![0]!["Detail"], StringComparison.Ordinal);
        Assert.Equal((400, "6000"), (otherVendors.Status, QuickBooksHarness.Code(otherVendors.Body)));
        Assert.Equal(200, paid.Status);
        Assert.Equal(("BILL-1", 300m, 200m), ((string?)due!["number"], (decimal)due["total"]!, (decimal)due["amountDue"]!));
        Assert.Equal((400, "5010"), (stale.Status, QuickBooksHarness.Code(stale.Body)));
        Assert.Equal(404, (int)missing.StatusCode);
    }

    private static JsonObject BillPayment(string vendorId, params (string Id, string Type, decimal Amount)[] lines) => new()
    {
        ["VendorRef"] = new JsonObject { ["value"] = vendorId },
        ["PayType"] = "Check",
        ["CheckPayment"] = new JsonObject { ["BankAccountRef"] = new JsonObject { ["value"] = "35" } },
        ["TotalAmt"] = lines.Sum(l => l.Type == "Bill" ? l.Amount : -l.Amount),
        ["Line"] = new JsonArray([.. lines.Select(l => (JsonNode)new JsonObject { ["Amount"] = l.Amount, ["LinkedTxn"] = new JsonArray(new JsonObject { ["TxnId"] = l.Id, ["TxnType"] = l.Type }) })]),
    };

    private static JsonObject Payment(string customerId, string invoiceId, decimal amount, string account) => new()
    {
        ["CustomerRef"] = new JsonObject { ["value"] = customerId },
        ["TotalAmt"] = amount,
        ["DepositToAccountRef"] = new JsonObject { ["value"] = account },
        ["Line"] = new JsonArray(new JsonObject { ["Amount"] = amount, ["LinkedTxn"] = new JsonArray(new JsonObject { ["TxnId"] = invoiceId, ["TxnType"] = "Invoice" }) }),
    };
}
