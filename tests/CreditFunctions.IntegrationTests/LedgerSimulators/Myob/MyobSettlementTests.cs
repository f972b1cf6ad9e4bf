using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace CreditFunctions.IntegrationTests.LedgerSimulators.Myob;

/// <summary>M3, contract §3–§5, §7: CreditSettlement, CreditRefund, CustomerPayment, deleting them, and the lock period.</summary>
public sealed class MyobSettlementTests
{
    [Fact]
    public async Task A_credit_settles_open_invoices_of_its_customer_fully_or_partly_and_deleting_the_settlement_restores_both()
    {
        await using var myob = await MyobHarness.StartAsync();
        var invoice = myob.SeedInvoice("INV-1", 500m);
        var credit = await myob.CreateSaleAsync("CN-S1", -200m); // -220 with GST

        var partial = await myob.SendAsync(HttpMethod.Post, "Sale/CreditSettlement", myob.Settlement((string)credit["UID"]!, invoice.ToString(), 100m));
        var rest = await myob.SendAsync(HttpMethod.Post, "Sale/CreditSettlement", myob.Settlement((string)credit["UID"]!, invoice.ToString(), 120m));
        var afterBoth = (myob.BalanceDue("INV-1"), myob.BalanceDue("CN-S1"), (string?)myob.Simulator.Store.Invoice(myob.FileId, "CN-S1")!["Status"]);
        var delete = await myob.SendAsync(HttpMethod.Delete, $"Sale/CreditSettlement/{rest.Headers.Location!.Segments[^1]}");

        Assert.Equal(HttpStatusCode.Created, partial.StatusCode);
        Assert.Equal(HttpStatusCode.Created, rest.StatusCode);
        Assert.Equal((280m, 0m, "Credit"), afterBoth);
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal(400m, myob.BalanceDue("INV-1"));
        Assert.Equal(-120m, myob.BalanceDue("CN-S1"));
        Assert.Single(myob.Simulator.Store.Settlements(myob.FileId, "CN-S1"));
    }

    [Fact]
    public async Task A_settlement_over_the_remaining_credit_or_to_another_customers_or_a_closed_invoice_is_refused()
    {
        await using var myob = await MyobHarness.StartAsync();
        var other = myob.Simulator.Seed.Customer(myob.FileId, "Other Cafe", "CUST-2");
        var invoice = myob.SeedInvoice("INV-1", 500m);
        var othersInvoice = myob.SeedInvoice("INV-2", 500m, other);
        var closed = myob.Simulator.Seed.Invoice(myob.FileId, new CreditFunctions.LedgerSimulators.Myob.MyobInvoiceSeed("INV-3", myob.CustomerId, 100m, BalanceDue: 0m));
        var credit = (string)(await myob.CreateSaleAsync("CN-S2", -100m))["UID"]!; // -110

        var (over, overBody) = await myob.CallAsync(HttpMethod.Post, "Sale/CreditSettlement", myob.Settlement(credit, invoice.ToString(), 110.01m));
        var (foreign, foreignBody) = await myob.CallAsync(HttpMethod.Post, "Sale/CreditSettlement", myob.Settlement(credit, othersInvoice.ToString(), 10m));
        var (paid, paidBody) = await myob.CallAsync(HttpMethod.Post, "Sale/CreditSettlement", myob.Settlement(credit, closed.ToString(), 10m));
        var (put, _) = await myob.CallAsync(HttpMethod.Put, $"Sale/CreditSettlement/{Guid.NewGuid()}", myob.Settlement(credit, invoice.ToString(), 10m));

        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        Assert.Equal("CreditAmountExceedsAvailableCredit", MyobHarness.ErrorName(overBody));
        Assert.Equal("InvoiceNotOpen", MyobHarness.ErrorName(foreignBody));
        Assert.Equal("InvoiceNotOpen", MyobHarness.ErrorName(paidBody));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode); // "Return, create and delete" (contract §3)
        Assert.Equal(-110m, myob.BalanceDue("CN-S2"));
    }

    [Fact]
    public async Task A_settled_credit_cannot_be_changed_or_deleted_until_its_settlement_is_deleted()
    {
        await using var myob = await MyobHarness.StartAsync();
        var invoice = myob.SeedInvoice("INV-1", 500m);
        var credit = await myob.CreateSaleAsync("CN-S3", -100m);
        var uid = (string)credit["UID"]!;
        var settlement = await myob.SendAsync(HttpMethod.Post, "Sale/CreditSettlement", myob.Settlement(uid, invoice.ToString(), 110m));
        var (_, current) = await myob.CallAsync(HttpMethod.Get, $"Sale/Invoice/Service/{uid}");
        var update = myob.Sale("CN-S3", [-50m]);
        update["UID"] = uid;
        update["RowVersion"] = (string)current!["RowVersion"]!;

        var (put, putBody) = await myob.CallAsync(HttpMethod.Put, $"Sale/Invoice/Service/{uid}", update);
        var (delete, _) = await myob.CallAsync(HttpMethod.Delete, $"Sale/Invoice/Service/{uid}");
        await myob.SendAsync(HttpMethod.Delete, $"Sale/CreditSettlement/{settlement.Headers.Location!.Segments[^1]}");
        (_, current) = await myob.CallAsync(HttpMethod.Get, $"Sale/Invoice/Service/{uid}");
        update["RowVersion"] = (string)current!["RowVersion"]!;
        var (putAfter, _) = await myob.CallAsync(HttpMethod.Put, $"Sale/Invoice/Service/{uid}", update);
        var (deleteAfter, _) = await myob.CallAsync(HttpMethod.Delete, $"Sale/Invoice/Service/{uid}");

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("TransactionHasAppliedAmounts", MyobHarness.ErrorName(putBody));
        Assert.Equal(HttpStatusCode.BadRequest, delete.StatusCode);
        Assert.Equal(HttpStatusCode.OK, putAfter.StatusCode);
        Assert.Equal(HttpStatusCode.OK, deleteAfter.StatusCode);
        Assert.Empty(myob.Simulator.Store.CreditNotesByNumber("CN-S3"));
    }

    [Fact]
    public async Task A_credit_refund_pays_out_at_most_the_remaining_credit_and_deleting_it_gives_the_credit_back()
    {
        await using var myob = await MyobHarness.StartAsync();
        var uid = (string)(await myob.CreateSaleAsync("CN-R1", -100m))["UID"]!; // -110
        JsonObject Refund(decimal amount) => new()
        {
            ["Account"] = new JsonObject { ["UID"] = myob.BankAccountUid },
            ["Invoice"] = new JsonObject { ["UID"] = uid },
            ["Customer"] = new JsonObject { ["UID"] = myob.CustomerId.ToString() },
            ["Date"] = myob.Today.ToString("yyyy-MM-dd' 00:00:00'", CultureInfo.InvariantCulture),
            ["Amount"] = amount,
            ["Memo"] = "refund",
        };

        var (over, overBody) = await myob.CallAsync(HttpMethod.Post, "Sale/CreditRefund", Refund(110.5m));
        var refund = await myob.SendAsync(HttpMethod.Post, "Sale/CreditRefund", Refund(60m));
        var remaining = myob.BalanceDue("CN-R1");
        var delete = await myob.SendAsync(HttpMethod.Delete, $"Sale/CreditRefund/{refund.Headers.Location!.Segments[^1]}");

        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        Assert.Equal("CreditAmountExceedsAvailableCredit", MyobHarness.ErrorName(overBody));
        Assert.Equal(HttpStatusCode.Created, refund.StatusCode);
        Assert.Equal(-50m, remaining);
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal(-110m, myob.BalanceDue("CN-R1"));
        Assert.Empty(myob.Simulator.Store.Refunds(myob.FileId));
    }

    [Fact]
    public async Task A_customer_payment_applies_to_open_invoices_never_more_than_due_and_can_be_deleted()
    {
        await using var myob = await MyobHarness.StartAsync();
        var invoice = myob.SeedInvoice("INV-P", 300m);
        JsonObject Payment(decimal amount) => new()
        {
            ["DepositTo"] = "Account",
            ["Account"] = new JsonObject { ["UID"] = myob.BankAccountUid },
            ["Customer"] = new JsonObject { ["UID"] = myob.CustomerId.ToString() },
            ["ReceiptNumber"] = "RCPT-1",
            ["Date"] = myob.Today.ToString("yyyy-MM-dd' 00:00:00'", CultureInfo.InvariantCulture),
            ["AmountReceived"] = amount,
            ["Invoices"] = new JsonArray(new JsonObject { ["UID"] = invoice.ToString(), ["Type"] = "Invoice", ["AmountApplied"] = amount }),
        };

        var (over, _) = await myob.CallAsync(HttpMethod.Post, "Sale/CustomerPayment", Payment(300.01m));
        var paid = await myob.SendAsync(HttpMethod.Post, "Sale/CustomerPayment", Payment(300m));
        var status = (string?)myob.Simulator.Store.Invoice(myob.FileId, "INV-P")!["Status"];
        var delete = await myob.SendAsync(HttpMethod.Delete, $"Sale/CustomerPayment/{paid.Headers.Location!.Segments[^1]}");

        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        Assert.Equal("Closed", status);
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal(300m, myob.BalanceDue("INV-P"));
    }

    [Fact]
    public async Task The_lock_period_refuses_writes_dated_on_or_before_LockPeriodPriorTo_with_MYOBs_error()
    {
        await using var myob = await MyobHarness.StartAsync();
        var existing = await myob.CreateSaleAsync("CN-OLD", -100m);
        myob.Simulator.Control.SetLockPeriod(myob.FileId, myob.Today);

        var (onLockDate, body) = await myob.CallAsync(HttpMethod.Post, "Sale/Invoice/Service", myob.Sale("CN-L1", [-100m], myob.Today));
        var dayAfter = await myob.SendAsync(HttpMethod.Post, "Sale/Invoice/Service", myob.Sale("CN-L2", [-100m], myob.Today.AddDays(1)));
        var (delete, deleteBody) = await myob.CallAsync(HttpMethod.Delete, $"Sale/Invoice/Service/{existing["UID"]}");
        var (_, preferences) = await myob.CallAsync(HttpMethod.Get, "Company/Preferences");

        Assert.Equal(HttpStatusCode.BadRequest, onLockDate.StatusCode);
        Assert.Equal("BusinessEvent_DateOccured_InLockPeriod", MyobHarness.ErrorName(body));
        Assert.Equal(HttpStatusCode.Created, dayAfter.StatusCode);
        Assert.Equal("BusinessEvent_DateOccured_InLockPeriod", MyobHarness.ErrorName(deleteBody));
        Assert.Equal(HttpStatusCode.BadRequest, delete.StatusCode);
        Assert.StartsWith(myob.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), (string?)preferences!["System"]!["LockPeriodPriorTo"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_whose_transactions_must_be_reversed_refuses_DELETE_with_25003()
    {
        await using var myob = await MyobHarness.StartAsync();
        var credit = await myob.CreateSaleAsync("CN-REV", -100m);
        myob.Simulator.Control.SetTransactionsMustBeReversed(myob.FileId, true);

        var (delete, body) = await myob.CallAsync(HttpMethod.Delete, $"Sale/Invoice/Service/{credit["UID"]}");

        Assert.Equal(HttpStatusCode.BadRequest, delete.StatusCode);
        Assert.Equal("TransactionsCannotBeDeleted", MyobHarness.ErrorName(body));
        Assert.Equal(25003, (int)body!["Errors"]![0]!["ErrorCode"]!);
    }
}
