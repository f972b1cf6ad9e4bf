using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using CreditFunctions.Alerts;
using CreditFunctions.Documents;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.IntegrationTests.Payments;
using CreditFunctions.LedgerSimulators.Myob;
using CreditFunctions.Payments;
using CreditFunctions.Payments.Pull;
using CreditFunctions.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static CreditFunctions.IntegrationTests.EndToEnd.Money.MoneyE2E;
using static CreditFunctions.IntegrationTests.EndToEnd.Money.MyobMoneyApp;

namespace CreditFunctions.IntegrationTests.EndToEnd.Money;

/// <summary>
/// The money flows end to end through the real app against the MYOB simulator (docs/myob.md "Money flows"): tenant t1's
/// only connection is the MYOB company file (<see cref="MyobMoneyApp"/>), events are signed and posted over HTTP, the
/// status API is polled over HTTP, and the assertions read both the status and the company file's books.
/// </summary>
public sealed class MyobMoneyFlowTests
{
    private static readonly DateOnly InvoicedOn = new(2026, 11, 1);
    private static readonly DateOnly PaidOn = new(2026, 11, 5);
    private static readonly DateOnly RefundedOn = new(2026, 11, 20);

    [Fact]
    public async Task A_payment_is_posted_once_and_status_shows_it_synced()
    {
        await using var app = await MyobMoneyApp.StartAsync();
        SeedInvoice(app, "INV-1", 1_000m);
        var payment = MoneyEventSamples.PaymentCreated("pay_1", "INV-1", 400m);

        using var accepted = await app.SendMoneyAsync(payment);
        var body = JsonNode.Parse(await accepted.Content.ReadAsStringAsync())!;
        var synced = await app.WaitForStateAsync("payments", "pay_1", "synced");
        using var redelivered = await app.SendMoneyAsync(payment);
        var again = await app.WaitForStateAsync("payments", "pay_1", "synced");

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.EndsWith("/api/tenants/t1/payments/pay_1", (string?)body["statusUrl"], StringComparison.Ordinal);
        Assert.True(redelivered.IsSuccessStatusCode, redelivered.StatusCode.ToString());
        var stored = Assert.Single(app.Myob!.Store.Payments(app.MyobFileId));
        var branch = Myob(synced);
        Assert.Equal("myob", (string?)branch["ledger"]);
        Assert.Equal(TestApp.MyobConnectionId, (string?)branch["connectionId"]);
        Assert.Equal((string?)stored["UID"], (string?)branch["ledgerId"]);
        Assert.NotNull((string?)branch["syncedAt"]);
        Assert.Equal((string?)branch["syncedAt"], (string?)Myob(again)["syncedAt"]);
        Assert.Equal(400m, (decimal)stored["AmountReceived"]!);
        Assert.Equal(600m, app.BalanceDue("INV-1"));
        Assert.Equal(1, Operation(app, "POST /Sale/CustomerPayment"));
    }

    [Fact]
    public async Task A_payment_waits_visibly_for_its_invoice_then_syncs()
    {
        await using var app = await MyobMoneyApp.StartAsync();

        using var accepted = await app.SendMoneyAsync(MoneyEventSamples.PaymentCreated("pay_2", "INV-2", 250m));
        var waiting = await app.WaitForStateAsync("payments", "pay_2", "waiting");
        var stillWaiting = await app.WaitForMoneyAsync("payments", "pay_2", s => (int?)Myob(s)["attempts"] >= 2);
        SeedInvoice(app, "INV-2", 1_000m);
        var synced = await app.WaitForStateAsync("payments", "pay_2", "synced");

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Contains("INV-2", (string?)Myob(waiting)["reason"], StringComparison.Ordinal);
        Assert.NotNull((string?)Myob(waiting)["nextAttemptAt"]);
        Assert.Equal("waiting", (string?)stillWaiting["state"]);
        Assert.NotNull((string?)Myob(synced)["syncedAt"]);
        Assert.Single(app.Myob!.Store.Payments(app.MyobFileId));
        Assert.Equal(750m, app.BalanceDue("INV-2"));
    }

    [Fact]
    public async Task Cin7_duplicate_payment_by_bank_reconciliation_is_dropped()
    {
        await using var app = await MyobMoneyApp.StartAsync();
        SeedInvoice(app, "INV-3", 1_000m);
        var bankRec = app.Myob!.Seed.Payment(app.MyobFileId, new MyobPaymentSeed("INV-3", 250m, MoneyEventSamples.Date, Memo: "Bank rec"));

        await app.SendMoneyAsync(MoneyEventSamples.PaymentCreated("pay_3", "INV-3", 250m));
        var duplicate = await app.WaitForStateAsync("payments", "pay_3", "duplicate");

        Assert.Equal(bankRec.ToString(), (string?)Myob(duplicate)["duplicateOf"]);
        var only = Assert.Single(app.Myob.Store.Payments(app.MyobFileId));
        Assert.Equal(bankRec.ToString(), (string?)only["UID"]);
        Assert.Equal(750m, app.BalanceDue("INV-3"));
        Assert.Equal(0, Operation(app, "POST /Sale/CustomerPayment"));
    }

    [Fact]
    public async Task Cin7_payment_over_the_amount_due_is_refused_with_an_alert()
    {
        await using var app = await MyobMoneyApp.StartAsync();
        SeedInvoice(app, "INV-4", 300m);

        await app.SendMoneyAsync(MoneyEventSamples.PaymentCreated("pay_4", "INV-4", 300.01m));
        var refused = await app.WaitForStateAsync("payments", "pay_4", "refused");
        var (attentionStatus, attention) = await app.GetAsync("/api/tenants/t1/attention");

        Assert.Equal("exceeds amount due 300.01 > 300.00 on INV-4", (string?)Myob(refused)["reason"]);
        Assert.Null((string?)Myob(refused)["ledgerId"]);
        Assert.Empty(app.Myob!.Store.Payments(app.MyobFileId));
        Assert.Equal(300m, app.BalanceDue("INV-4"));
        var alert = Assert.Single(app.Alerts.All, a => a.Kind == AlertKind.PaymentRefused);
        Assert.Equal(TestApp.MyobConnectionId, alert.ConnectionId);
        Assert.Equal(HttpStatusCode.OK, attentionStatus);
        var item = Assert.Single(attention!["items"]!.AsArray(), i => (string?)i!["id"] == "pay_4")!;
        Assert.Equal("payment", (string?)item["type"]);
        Assert.Equal("refused", (string?)item["state"]);
    }

    [Fact]
    public async Task A_deleted_payment_is_deleted_in_the_ledger()
    {
        await using var app = await MyobMoneyApp.StartAsync();
        SeedInvoice(app, "INV-5", 1_000m);
        await app.SendMoneyAsync(MoneyEventSamples.PaymentCreated("pay_5", "INV-5", 400m));
        await app.WaitForStateAsync("payments", "pay_5", "synced");
        var paidDown = app.BalanceDue("INV-5");

        using var deleted = await app.SendMoneyAsync(MoneyEventSamples.PaymentDeleted("pay_5"));
        var status = await app.WaitForStateAsync("payments", "pay_5", "deleted");

        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.Equal(600m, paidDown);
        Assert.True((bool?)status["deleted"]);
        Assert.Empty(app.Myob!.Store.Payments(app.MyobFileId));
        Assert.Equal(1_000m, app.BalanceDue("INV-5"));
        Assert.Equal(1, Operation(app, "DELETE /Sale/CustomerPayment/{uid}"));
    }

    [Fact]
    public async Task Cin7_cash_refund_of_a_credit_note()
    {
        await using var app = await MyobMoneyApp.StartAsync();
        await app.SendAsync(TestEvents.CreditNote("cn_6")); // 200 + 10 % GST = 220 of credit
        await app.WaitForStatusAsync("cn_6", s => TestApp.IsState(s, "synced"));

        var refund = MoneyEventSamples.RefundCreated(RefundOf.CreditNote("cn_6"), "ref_6", 100m);
        await app.SendMoneyAsync(refund);
        var synced = await app.WaitForStateAsync("refunds", "ref_6", "synced");
        await app.SendMoneyAsync(refund);
        await app.WaitForStateAsync("refunds", "ref_6", "synced");

        var cash = Assert.Single(app.Myob!.Store.Refunds(app.MyobFileId));
        Assert.Equal(100m, (decimal)cash["Amount"]!);
        Assert.Equal((string?)cash["UID"], (string?)Myob(synced)["ledgerId"]);
        var credit = Assert.Single(app.Myob.Store.CreditNotesByNumber("CN-cn_6"));
        Assert.Equal(-120m, (decimal)credit["BalanceDueAmount"]!);
        Assert.Equal(1, Operation(app, "POST /Sale/CreditRefund"));
    }

    [Fact]
    public async Task Ordway_refund_of_a_payment_in_an_open_period_with_write_off()
    {
        await using var app = await MyobMoneyApp.StartAsync();
        SeedInvoice(app, "INV-7", 1_000m);
        await app.SendMoneyAsync(MoneyEventSamples.PaymentCreated("pay_7", "INV-7", 1_000m, PaidOn));
        var paid = await app.WaitForStateAsync("payments", "pay_7", "synced");

        await app.SendMoneyAsync(MoneyEventSamples.RefundCreated(
            RefundOf.Money(MoneyDocumentKind.Payment, "pay_7"), "ref_7", 300m, RefundedOn, new WriteOff(100m, MyobDemo.WriteOffAccount, null)));
        var refunded = await app.WaitForStateAsync("refunds", "ref_7", "synced");

        // Open period: the invoice reopens by the refund (300), less the write-off (100).
        Assert.Equal(200m, app.BalanceDue("INV-7"));
        var payment = Assert.Single(app.Myob!.Store.Payments(app.MyobFileId));
        Assert.NotEqual((string?)Myob(paid)["ledgerId"], (string?)payment["UID"]); // deleted and posted again across both invoices
        Assert.Equal(1_000m, (decimal)payment["AmountReceived"]!);
        Assert.Contains(("INV-7", 700m), payment["Invoices"]!.AsArray().Select(l => ((string?)l!["Number"], (decimal)l["AmountApplied"]!)));
        var documents = app.Myob.Store.Documents(app.MyobFileId);
        Assert.Equal("Closed", (string?)Assert.Single(documents, d => Numbered(d, "RI"))["Status"]);
        Assert.Equal(0m, (decimal)Assert.Single(documents, d => Numbered(d, "RC"))["BalanceDueAmount"]!);
        Assert.Equal(-100m, (decimal)Assert.Single(documents, d => Numbered(d, "WO"))["TotalAmount"]!);
        var cash = Assert.Single(app.Myob.Store.Refunds(app.MyobFileId));
        Assert.Equal(300m, (decimal)cash["Amount"]!);
        Assert.StartsWith("2026-11-20", (string?)cash["Date"], StringComparison.Ordinal);
        Assert.NotEmpty(Myob(refunded)["documents"]!.AsArray());
        Assert.NotNull((string?)Myob(refunded)["syncedAt"]);
    }

    [Fact]
    public async Task Ordway_refund_of_a_payment_in_a_closed_period_with_write_off()
    {
        await using var app = await MyobMoneyApp.StartAsync();
        SeedInvoice(app, "INV-8", 1_000m);
        await app.SendMoneyAsync(MoneyEventSamples.PaymentCreated("pay_8", "INV-8", 1_000m, PaidOn));
        var paid = await app.WaitForStateAsync("payments", "pay_8", "synced");
        app.Myob!.Control.SetLockPeriod(app.MyobFileId, new DateOnly(2026, 11, 10)); // the payment's date is now closed

        await app.SendMoneyAsync(MoneyEventSamples.RefundCreated(
            RefundOf.Money(MoneyDocumentKind.Payment, "pay_8"), "ref_8", 300m, RefundedOn, new WriteOff(300m, MyobDemo.WriteOffAccount, null)));
        var refunded = await app.WaitForStateAsync("refunds", "ref_8", "synced");

        // Closed period: the payment stays applied and the invoice paid; the refund invoice carries the customer's debt, written off.
        var payment = Assert.Single(app.Myob.Store.Payments(app.MyobFileId));
        Assert.Equal((string?)Myob(paid)["ledgerId"], (string?)payment["UID"]);
        Assert.Equal(0m, app.BalanceDue("INV-8"));
        var documents = app.Myob.Store.Documents(app.MyobFileId);
        var refundInvoice = Assert.Single(documents, d => Numbered(d, "RI"));
        Assert.StartsWith("2026-11-20", (string?)refundInvoice["Date"], StringComparison.Ordinal);
        Assert.Equal(0m, (decimal)refundInvoice["BalanceDueAmount"]!);
        Assert.Single(documents, d => Numbered(d, "WO"));
        Assert.Equal(300m, (decimal)Assert.Single(app.Myob.Store.Refunds(app.MyobFileId))["Amount"]!);
        Assert.Equal(0, Operation(app, "DELETE /Sale/CustomerPayment/{uid}"));
        Assert.Equal(5, Myob(refunded)["documents"]!.AsArray().Count);
    }

    [Fact]
    public async Task Ostendo_overpayment_is_an_overpayment_invoice_and_credit_note_then_applied_to_a_second_invoice()
    {
        await using var app = await MyobMoneyApp.StartAsync();
        SeedInvoice(app, "INV-9", 1_000m);
        SeedInvoice(app, "INV-10", 500m);

        await app.SendMoneyAsync(MoneyEventSamples.OverpaymentCreated("ovp_9", 1_200m, "INV-9", 1_000m, PaidOn));
        var posted = await app.WaitForStateAsync("overpayments", "ovp_9", "synced");
        await app.SendMoneyAsync(MoneyEventSamples.CustomerCreditApplied("ovp_9", "app_9", "INV-10", 150m, RefundedOn, MoneyDocumentKind.Overpayment));
        var applied = await app.WaitForMoneyAsync("overpayments", "ovp_9", Applied);

        Assert.Equal(0m, app.BalanceDue("INV-9"));
        var payment = Assert.Single(app.Myob!.Store.Payments(app.MyobFileId));
        Assert.Equal(1_200m, (decimal)payment["AmountReceived"]!);
        Assert.Equal(2, payment["Invoices"]!.AsArray().Count);
        var documents = app.Myob.Store.Documents(app.MyobFileId);
        Assert.Equal("Closed", (string?)Assert.Single(documents, d => Numbered(d, "OI"))["Status"]);
        var credit = Assert.Single(documents, d => Numbered(d, "OC"));
        Assert.Equal((string?)payment["UID"], (string?)Myob(posted)["ledgerId"]); // the one payment across both invoices
        Assert.Contains(Myob(posted)["documents"]!.AsArray(), d => ((string?)d)!.Contains((string)credit["UID"]!, StringComparison.Ordinal));
        Assert.Equal(-50m, (decimal)credit["BalanceDueAmount"]!); // 200 over, 150 of it applied
        Assert.Equal(350m, app.BalanceDue("INV-10"));
        Assert.Single(app.Myob.Store.Settlements(app.MyobFileId, "INV-10"));
        Assert.Equal("synced", (string?)applied["state"]);
    }

    [Fact]
    public async Task Flowrev_400_credit_on_a_1200_invoice_leaves_800_due()
    {
        await using var app = await MyobMoneyApp.StartAsync();
        SeedInvoice(app, "INV-1200", 1_200m);

        // 363.64 + 10 % GST (36.36) = 400.00
        await app.SendAsync(TestEvents.CreditNote("cn_flowrev", net: 363.64m, allocations: [new AllocationRequest("INV-1200", 400m, RefundedOn)]));
        var status = await app.WaitForStatusAsync("cn_flowrev", s => TestApp.IsState(s, "synced"));

        Assert.Equal(800m, app.BalanceDue("INV-1200"));
        var credit = Assert.Single(app.Myob!.Store.CreditNotesByNumber("CN-cn_flowrev"));
        Assert.Equal(-400m, (decimal)credit["TotalAmount"]!);
        Assert.Equal(0m, (decimal)credit["BalanceDueAmount"]!);
        Assert.Equal(MyobDemo.IncomeAccount, (string?)credit["Lines"]![0]!["Account"]!["DisplayID"]); // offsets revenue
        Assert.Equal("allocated", (string?)status["ledgers"]![0]!["allocations"]![0]!["state"]);
    }

    [Fact]
    public async Task A_customer_credit_is_received_and_applied_to_a_later_invoice()
    {
        await using var app = await MyobMoneyApp.StartAsync();

        await app.SendMoneyAsync(MoneyEventSamples.CustomerCreditCreated("cc_11", 300m, PaidOn));
        var received = await app.WaitForStateAsync("customer-credits", "cc_11", "synced");
        SeedInvoice(app, "INV-11", 500m);
        await app.SendMoneyAsync(MoneyEventSamples.CustomerCreditApplied("cc_11", "app_11", "INV-11", 120m, RefundedOn));
        var applied = await app.WaitForMoneyAsync("customer-credits", "cc_11", Applied);

        var money = Assert.Single(app.Myob!.Store.BankTransactions(app.MyobFileId));
        Assert.Equal((string?)money["UID"], (string?)Myob(received)["ledgerId"]);
        Assert.Equal(300m, (decimal)money["AmountReceived"]!);
        Assert.Equal(MyobDemo.CustomerDepositsAccount, (string?)money["Lines"]![0]!["Account"]!["DisplayID"]);
        Assert.Equal(380m, app.BalanceDue("INV-11"));
        Assert.Equal(120m, (decimal)Myob(applied)["applications"]![0]!["amount"]!);
        Assert.Single(app.Myob.Store.Settlements(app.MyobFileId, "INV-11"));
    }

    [Fact]
    public async Task A_supplier_deposit_is_paid_and_applied_to_a_bill()
    {
        await using var app = await MyobMoneyApp.StartAsync();
        var supplier = app.Myob!.Seed.Supplier(app.MyobFileId, MoneyEventSamples.Supplier.Name, MoneyEventSamples.Supplier.Id);
        app.Myob.Seed.Bill(app.MyobFileId, new MyobInvoiceSeed("BILL-12", supplier, 500m, InvoicedOn));

        await app.SendMoneyAsync(MoneyEventSamples.SupplierDepositCreated("sd_12", 200m, PaidOn));
        var paid = await app.WaitForStateAsync("supplier-deposits", "sd_12", "synced");
        await app.SendMoneyAsync(MoneyEventSamples.SupplierDepositApplied("sd_12", "app_12", "BILL-12", 150m, RefundedOn));
        await app.WaitForMoneyAsync("supplier-deposits", "sd_12", Applied);

        var money = Assert.Single(app.Myob.Store.BankTransactions(app.MyobFileId));
        Assert.Equal((string?)money["UID"], (string?)Myob(paid)["ledgerId"]);
        Assert.Equal(200m, (decimal)money["AmountPaid"]!);
        Assert.Equal(MyobDemo.SupplierDepositsAccount, (string?)money["Lines"]![0]!["Account"]!["DisplayID"]);
        Assert.Equal(350m, app.BalanceDue("BILL-12"));
    }

    [Fact]
    public async Task Pull_mode_sends_a_payment_entered_in_the_ledger_once_as_a_signed_webhook()
    {
        const string secret = "t1-payment-webhook-secret";
        var clock = new SteppedClock(DateTimeOffset.UtcNow);
        await using var receiver = await PaymentWebhookReceiver.StartAsync(secret, clock);
        await using var app = await MyobMoneyApp.StartAsync(
            a =>
            {
                a.Settings["FunctionsHosting:RunTimers"] = "false";
                a.Settings["Tenants:t1:PaymentWebhookUrl"] = receiver.Url.ToString();
                a.Settings["Tenants:t1:PaymentWebhookSecret"] = secret;
            },
            clock);
        SeedInvoice(app, "INV-13", 1_000m);
        await app.SendMoneyAsync(MoneyEventSamples.PaymentCreated("pay_13", "INV-13", 300m));
        await app.WaitForStateAsync("payments", "pay_13", "synced");
        clock.Jump(TimeSpan.FromSeconds(1));
        var bankRec = app.Myob!.Seed.Payment(app.MyobFileId, new MyobPaymentSeed("INV-13", 200m, PaidOn, Memo: "Bank rec"));
        var pull = app.Services.GetRequiredService<PaymentPullRun>();

        clock.Jump(TimeSpan.FromMinutes(1));
        var first = await pull.RunAsync(CancellationToken.None);
        clock.Jump(TimeSpan.FromMinutes(1));
        var second = await pull.RunAsync(CancellationToken.None);

        Assert.Equal(1, first.Pull.Connections);
        Assert.Equal(1, first.Pull.Recorded); // the bank-rec payment; ours (memo "CreditFunctions …") is not recorded
        Assert.Equal(new DeliverySummary(1, 0), first.Delivery);
        Assert.Equal(1, second.Pull.Connections);
        Assert.Equal(0, second.Pull.Recorded);
        Assert.Equal(new DeliverySummary(0, 0), second.Delivery);
        Assert.Equal(2, app.Myob.Store.Payments(app.MyobFileId).Count);
        var received = Assert.Single(receiver.Received);
        Assert.True(received.SignatureValid);
        Assert.True(received.Accepted);
        Assert.Equal("ledger_payment.created", received.Type);
        Assert.Equal("myob", received.Payment.GetProperty("ledger").GetString());
        Assert.Equal(TestApp.MyobConnectionId, received.Payment.GetProperty("connectionId").GetString());
        Assert.Equal(bankRec.ToString(), received.Payment.GetProperty("ledgerPaymentId").GetString());
        Assert.Equal("INV-13", received.Payment.GetProperty("invoiceNumber").GetString());
        Assert.Equal(200m, received.Payment.GetProperty("amount").GetDecimal());
    }

    private static void SeedInvoice(TestApp app, string number, decimal total) =>
        app.Myob!.Seed.Invoice(app.MyobFileId, new MyobInvoiceSeed(number, app.MyobCustomerId, total, InvoicedOn));

    /// <summary>The credit's one application has a ledger id on the MYOB branch (it is applied there).</summary>
    private static bool Applied(JsonNode status) =>
        Myob(status)["applications"]!.AsArray() is [{ } application] && (string?)application["ledgerId"] is not null;

    private static bool Numbered(JsonObject document, string prefix) => ((string)document["Number"]!).StartsWith(prefix, StringComparison.Ordinal);

    private static long Operation(TestApp app, string operation) => app.Myob!.Counters.Snapshot().Operations.GetValueOrDefault(operation);
}
