using System.Net;
using System.Text.Json.Nodes;
using CreditFunctions.Alerts;
using CreditFunctions.Documents;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.IntegrationTests.Payments;
using CreditFunctions.Payments;
using CreditFunctions.Payments.Pull;
using CreditFunctions.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static CreditFunctions.IntegrationTests.EndToEnd.Money.QuickBooksMoneyApp;

namespace CreditFunctions.IntegrationTests.EndToEnd.Money;

/// <summary>
/// The money flows of issue #14 end to end on QuickBooks Online: signed events over HTTP into the real app (local
/// Durable engine on Azurite), the QuickBooks money adapter against the QuickBooks simulator, the status API polled,
/// and what the simulated company's books hold afterwards. Tenant t1's only connection is the QuickBooks company.
/// </summary>
public sealed class QuickBooksMoneyFlowTests
{
    private static readonly DateOnly Day = MoneyEventSamples.Date;

    [Fact]
    public async Task A_payment_is_posted_once_and_status_shows_it_synced()
    {
        await using var qbo = await QuickBooksMoneyApp.StartAsync();
        qbo.SeedInvoice("INV-1", 500m);
        var payment = MoneyEventSamples.PaymentCreated("pay_1", "INV-1", 200m);

        using var accepted = await qbo.SendAsync(payment);
        var body = JsonNode.Parse(await accepted.Content.ReadAsStringAsync())!;
        var synced = await qbo.WaitForStateAsync("payments", "pay_1", "synced");
        using var redelivered = await qbo.SendAsync(payment);
        var after = await qbo.WaitForStateAsync("payments", "pay_1", "synced");

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.EndsWith("/api/tenants/t1/payments/pay_1", (string?)body["statusUrl"], StringComparison.Ordinal);
        Assert.True(redelivered.IsSuccessStatusCode, redelivered.StatusCode.ToString());
        var held = Assert.Single(qbo.Held("Payment"));
        Assert.Equal(200m, (decimal)held["TotalAmt"]!);
        Assert.Equal([("Invoice", 200m)], Lines(held));
        Assert.Equal(300m, qbo.Due("INV-1"));
        Assert.Equal(("payment", "synced"), ((string?)synced["type"], (string?)Branch(synced)["state"]));
        Assert.Equal((string?)held["Id"], (string?)Branch(synced)["ledgerId"]);
        Assert.NotNull((string?)Branch(synced)["syncedAt"]);
        Assert.Equal(Branch(synced).ToJsonString(), Branch(after).ToJsonString());
    }

    [Fact]
    public async Task A_payment_waits_visibly_for_its_invoice_then_syncs()
    {
        await using var qbo = await QuickBooksMoneyApp.StartAsync();

        await qbo.SendAsync(MoneyEventSamples.PaymentCreated("pay_w", "INV-LATER", 120m));
        var waiting = await qbo.WaitForStateAsync("payments", "pay_w", "waiting");
        var heldWhileWaiting = qbo.Held("Payment").Count;
        qbo.SeedInvoice("INV-LATER", 300m);
        var synced = await qbo.WaitForStateAsync("payments", "pay_w", "synced");

        Assert.Contains("INV-LATER", (string?)Branch(waiting)["reason"], StringComparison.Ordinal);
        Assert.Equal(0, heldWhileWaiting);
        var held = Assert.Single(qbo.Held("Payment"));
        Assert.Equal((string?)held["Id"], (string?)Branch(synced)["ledgerId"]);
        Assert.Equal(180m, qbo.Due("INV-LATER"));
    }

    [Fact]
    public async Task Cin7_duplicate_payment_by_bank_reconciliation_is_dropped()
    {
        await using var qbo = await QuickBooksMoneyApp.StartAsync();
        qbo.SeedInvoice("INV-CIN7", 400m);
        var bankId = qbo.Qbo.Seed.BankPayment(qbo.Realm, "INV-CIN7", 250m, Day, "Bank rec 17");

        await qbo.SendAsync(MoneyEventSamples.PaymentCreated("pay_cin7", "INV-CIN7", 250m, Day));
        var status = await qbo.WaitForStateAsync("payments", "pay_cin7", "duplicate");

        Assert.Equal(("duplicate", bankId), ((string?)Branch(status)["state"], (string?)Branch(status)["duplicateOf"]));
        var held = Assert.Single(qbo.Held("Payment"));
        Assert.Equal(bankId, (string?)held["Id"]);
        Assert.Equal(150m, qbo.Due("INV-CIN7"));
    }

    [Fact]
    public async Task Cin7_payment_over_the_amount_due_is_refused_with_an_alert()
    {
        await using var qbo = await QuickBooksMoneyApp.StartAsync();
        qbo.SeedInvoice("INV-OVER", 100m);

        await qbo.SendAsync(MoneyEventSamples.PaymentCreated("pay_over", "INV-OVER", 150m));
        var status = await qbo.WaitForStateAsync("payments", "pay_over", "refused");
        var (code, attention) = await qbo.GetAsync("/api/tenants/t1/attention");

        var reason = (string?)Branch(status)["reason"];
        Assert.Contains("exceeds amount due", reason, StringComparison.Ordinal);
        Assert.Contains("INV-OVER", reason, StringComparison.Ordinal);
        Assert.Empty(qbo.Held("Payment"));
        Assert.Equal(100m, qbo.Due("INV-OVER"));
        Assert.Contains(qbo.App.Alerts.All, a => a.Kind == AlertKind.PaymentRefused && a.DocumentId == "pay_over");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Contains(attention!["items"]!.AsArray(), i => (string?)i!["id"] == "pay_over" && (string?)i["type"] == "payment" && (string?)i["state"] == "refused");
    }

    [Fact]
    public async Task A_deleted_payment_is_deleted_in_the_ledger()
    {
        await using var qbo = await QuickBooksMoneyApp.StartAsync();
        qbo.SeedInvoice("INV-DEL", 300m);
        await qbo.SendAsync(MoneyEventSamples.PaymentCreated("pay_del", "INV-DEL", 100m));
        await qbo.WaitForStateAsync("payments", "pay_del", "synced");
        var dueWhilePaid = qbo.Due("INV-DEL");

        await qbo.SendAsync(MoneyEventSamples.PaymentDeleted("pay_del"));
        var status = await qbo.WaitForStateAsync("payments", "pay_del", "deleted");

        Assert.Equal(200m, dueWhilePaid);
        Assert.Equal("deleted", (string?)Branch(status)["state"]);
        Assert.True((bool?)status["deleted"]);
        Assert.Empty(qbo.Held("Payment"));
        Assert.Equal(300m, qbo.Due("INV-DEL"));
    }

    [Fact]
    public async Task Cin7_cash_refund_of_a_credit_note()
    {
        await using var qbo = await QuickBooksMoneyApp.StartAsync();
        await qbo.App.SendAsync(TestEvents.CreditNote("cn_cash"));
        await qbo.App.WaitForStatusAsync("cn_cash", s => TestApp.IsState(s, "synced"));
        var memo = Assert.Single(qbo.Qbo.Store.CreditMemosByNumber("CN-cn_cash", qbo.Realm));

        var refund = MoneyEventSamples.RefundCreated(RefundOf.CreditNote("cn_cash"), "rf_cash", 150m);
        await qbo.SendAsync(refund);
        var status = await qbo.WaitForStateAsync("refunds", "rf_cash", "synced");
        await qbo.SendAsync(refund);
        await qbo.WaitForStateAsync("refunds", "rf_cash", "synced");

        var after = Assert.Single(qbo.Qbo.Store.CreditMemosByNumber("CN-cn_cash", qbo.Realm));
        Assert.Equal((220m, 220m), ((decimal)memo["TotalAmt"]!, (decimal)memo["RemainingCredit"]!));
        Assert.Equal(70m, (decimal)after["RemainingCredit"]!);
        var entry = Assert.Single(qbo.Held("JournalEntry"));
        Assert.Equal(
            [("Debit", "84", qbo.CustomerId, 150m), ("Credit", "35", null, 150m)],
            entry["Line"]!.AsArray().Select(l => ((string)l!["JournalEntryLineDetail"]!["PostingType"]!, (string)l["JournalEntryLineDetail"]!["AccountRef"]!["value"]!, (string?)l["JournalEntryLineDetail"]!["Entity"]?["EntityRef"]?["value"], (decimal)l["Amount"]!)).ToList());
        var apply = Assert.Single(qbo.Held("Payment"));
        Assert.Equal(0m, (decimal)apply["TotalAmt"]!);
        Assert.Equal([("JournalEntry", 150m), ("CreditMemo", 150m)], Lines(apply));
        Assert.Equal(("refund", "synced"), ((string?)status["type"], (string?)Branch(status)["state"]));
        Assert.NotNull((string?)Branch(status)["ledgerId"]);
    }

    [Fact]
    public async Task Ordway_refund_of_a_payment_in_an_open_period_with_write_off()
    {
        await using var qbo = await QuickBooksMoneyApp.StartAsync();
        qbo.SeedInvoice("INV-ORD1", 100m);
        await qbo.SendAsync(MoneyEventSamples.PaymentCreated("pay_ord1", "INV-ORD1", 100m));
        var paid = await qbo.WaitForStateAsync("payments", "pay_ord1", "synced");
        var paymentId = (string)Branch(paid)["ledgerId"]!;

        await qbo.SendAsync(MoneyEventSamples.RefundCreated(
            RefundOf.Money(MoneyDocumentKind.Payment, "pay_ord1"), "rf_ord1", 40m, writeOff: new WriteOff(40m, "7", null)));
        var status = await qbo.WaitForStateAsync("refunds", "rf_ord1", "synced");

        var entry = Assert.Single(qbo.Held("JournalEntry"));
        Assert.Equal(40m, (decimal)entry["TotalAmt"]!);
        Assert.Equal([("Invoice", 60m), ("JournalEntry", 40m)], Lines(qbo.PaymentById(paymentId)));
        var memo = Assert.Single(qbo.Held("CreditMemo"));
        Assert.Equal((40m, 0m), ((decimal)memo["TotalAmt"]!, (decimal)memo["Balance"]!));
        Assert.Equal(2, qbo.Held("Payment").Count); // ours, moved to the journal; the zero-amount write-off application
        Assert.Equal(0m, qbo.Due("INV-ORD1"));
        Assert.Equal(4, Branch(status)["documents"]!.AsArray().Count);
    }

    [Fact]
    public async Task Ordway_refund_of_a_payment_in_a_closed_period_with_write_off()
    {
        var paidOn = new DateOnly(2026, 10, 15);
        await using var qbo = await QuickBooksMoneyApp.StartAsync();
        qbo.SeedInvoice("INV-ORD3", 100m, paidOn);
        await qbo.SendAsync(MoneyEventSamples.PaymentCreated("pay_ord3", "INV-ORD3", 100m, paidOn));
        var paid = await qbo.WaitForStateAsync("payments", "pay_ord3", "synced");
        var paymentId = (string)Branch(paid)["ledgerId"]!;
        qbo.Qbo.Control.SetBookCloseDate(qbo.Realm, new DateOnly(2026, 10, 31));

        await qbo.SendAsync(MoneyEventSamples.RefundCreated(
            RefundOf.Money(MoneyDocumentKind.Payment, "pay_ord3"), "rf_ord3", 100m, new DateOnly(2026, 10, 20), new WriteOff(100m, "7", null)));
        var status = await qbo.WaitForStateAsync("refunds", "rf_ord3", "synced");

        var entry = Assert.Single(qbo.Held("JournalEntry"));
        Assert.Equal("2026-11-01", (string?)entry["TxnDate"]);
        Assert.Equal([("Invoice", 100m)], Lines(qbo.PaymentById(paymentId)));
        Assert.Equal(0m, qbo.Due("INV-ORD3"));
        var memo = Assert.Single(qbo.Held("CreditMemo"));
        Assert.Equal(("2026-11-01", 0m), ((string?)memo["TxnDate"], (decimal)memo["Balance"]!));
        var writeOff = qbo.Held("Payment").Single(p => (string?)p["Id"] != paymentId);
        Assert.Equal([("JournalEntry", 100m), ("CreditMemo", 100m)], Lines(writeOff));
        Assert.Equal("synced", (string?)Branch(status)["state"]);
    }

    [Fact]
    public async Task Ostendo_overpayment_is_native_and_its_credit_is_applied_to_a_second_invoice()
    {
        await using var qbo = await QuickBooksMoneyApp.StartAsync();
        qbo.SeedInvoice("INV-OST1", 100m);
        qbo.SeedInvoice("INV-OST2", 80m);

        await qbo.SendAsync(MoneyEventSamples.OverpaymentCreated("ovp_1", 150m, "INV-OST1", 100m));
        var posted = await qbo.WaitForStateAsync("overpayments", "ovp_1", "synced");
        var unappliedFirst = (decimal)Assert.Single(qbo.Held("Payment"))["UnappliedAmt"]!;
        await qbo.SendAsync(MoneyEventSamples.CustomerCreditApplied("ovp_1", "app_ost", "INV-OST2", 50m, creditKind: MoneyDocumentKind.Overpayment));
        var applied = await qbo.WaitForAsync("overpayments", "ovp_1", AllApplied);

        Assert.Equal(50m, unappliedFirst);
        var payment = Assert.Single(qbo.Held("Payment"));
        Assert.Equal((string?)payment["Id"], (string?)Branch(posted)["ledgerId"]);
        Assert.Equal([("Invoice", 100m), ("Invoice", 50m)], Lines(payment));
        Assert.Equal((150m, 0m), ((decimal)payment["TotalAmt"]!, (decimal)payment["UnappliedAmt"]!));
        Assert.Equal((0m, 30m), (qbo.Due("INV-OST1"), qbo.Due("INV-OST2")));
        var application = Assert.Single(Branch(applied)["applications"]!.AsArray())!;
        Assert.Equal(("app_ost", "INV-OST2", 50m), ((string?)application["applicationId"], (string?)application["invoiceNumber"], (decimal)application["amount"]!));
    }

    private static bool AllApplied(JsonNode status) =>
        State(status) == "synced" && Branch(status)["applications"] is JsonArray { Count: > 0 } applications && applications.All(a => (string?)a!["state"] == "applied");

    [Fact]
    public async Task Flowrev_400_credit_on_a_1200_invoice_leaves_800_due()
    {
        await using var qbo = await QuickBooksMoneyApp.StartAsync();
        qbo.SeedInvoice("INV-FLOW", 1200m);
        var sample = TestEvents.CreditNote("cn_flow", allocations: [new AllocationRequest("INV-FLOW", 400m, Day)]);
        var flowrev = sample with
        {
            CreditNote = sample.CreditNote with
            {
                AmountsAre = AmountsAre.NoTax,
                Lines = [new CreditNoteLine("Subscription credit", 1m, 400m, "200", null, 0m, 400m)],
                Subtotal = 400m,
                TotalTax = 0m,
                Total = 400m,
            },
        };

        await qbo.App.SendAsync(flowrev);
        var status = await qbo.App.WaitForStatusAsync("cn_flow", s => TestApp.IsState(s, "synced"));

        var memo = Assert.Single(qbo.Qbo.Store.CreditMemosByNumber("CN-cn_flow", qbo.Realm));
        Assert.Equal((400m, 0m), ((decimal)memo["TotalAmt"]!, (decimal)memo["RemainingCredit"]!));
        Assert.Equal(800m, qbo.Due("INV-FLOW"));
        Assert.Equal("allocated", (string?)status["ledgers"]![0]!["allocations"]![0]!["state"]);
    }

    [Fact]
    public async Task A_customer_credit_is_received_and_applied_to_a_later_invoice()
    {
        await using var qbo = await QuickBooksMoneyApp.StartAsync();
        await qbo.SendAsync(MoneyEventSamples.CustomerCreditCreated("cc_1", 100m));
        var received = await qbo.WaitForStateAsync("customer-credits", "cc_1", "synced");
        var unappliedFirst = (decimal)Assert.Single(qbo.Held("Payment"))["UnappliedAmt"]!;

        qbo.SeedInvoice("INV-CC", 200m);
        await qbo.SendAsync(MoneyEventSamples.CustomerCreditApplied("cc_1", "app_cc", "INV-CC", 60m));
        var applied = await qbo.WaitForAsync("customer-credits", "cc_1", AllApplied);

        Assert.Equal(100m, unappliedFirst);
        var credit = Assert.Single(qbo.Held("Payment"));
        Assert.Equal((string?)credit["Id"], (string?)Branch(received)["ledgerId"]);
        Assert.Equal([("Invoice", 60m)], Lines(credit));
        Assert.Equal((100m, 40m), ((decimal)credit["TotalAmt"]!, (decimal)credit["UnappliedAmt"]!));
        Assert.Equal(140m, qbo.Due("INV-CC"));
        Assert.Equal("customer_credit", (string?)applied["type"]);
    }

    /// <summary>
    /// Intuit's asset-account method (docs/quickbooks.md "Money flows"): the deposit is a cheque (Purchase) to the
    /// prepayments account; applying it to a bill is a VendorCredit on that account and a zero-amount BillPayment linking
    /// the two, so the bill's balance falls and the deposit's account is cleared by what was applied.
    /// </summary>
    [Fact]
    public async Task A_supplier_deposit_is_paid_and_applied_to_a_bill()
    {
        await using var qbo = await QuickBooksMoneyApp.StartAsync(app =>
        {
            app.Settings["QuickBooks:BillPaymentAccountId"] = "35";
            app.Settings["QuickBooks:SupplierDepositAccountId"] = "41";
        });
        var vendor = qbo.Qbo.Seed.Vendor(qbo.Realm, MoneyEventSamples.Supplier.Name);
        qbo.Qbo.Seed.Bill(qbo.Realm, "BILL-1", vendor, 300m);

        await qbo.SendAsync(MoneyEventSamples.SupplierDepositCreated("sd_1", 100m));
        var paid = await qbo.WaitForStateAsync("supplier-deposits", "sd_1", "synced");
        await qbo.SendAsync(MoneyEventSamples.SupplierDepositApplied("sd_1", "app_sd", "BILL-1", 60m));
        var applied = await qbo.WaitForAsync("supplier-deposits", "sd_1", AllApplied);

        var cheque = Assert.Single(qbo.Held("Purchase"));
        Assert.Equal((string?)cheque["Id"], (string?)Branch(paid)["ledgerId"]);
        Assert.Equal(100m, (decimal)cheque["TotalAmt"]!);
        var credit = Assert.Single(qbo.Held("VendorCredit"));
        Assert.Equal(60m, (decimal)credit["TotalAmt"]!);
        var billPayment = Assert.Single(qbo.Held("BillPayment"));
        Assert.Equal(0m, (decimal)billPayment["TotalAmt"]!);
        Assert.Equal(240m, qbo.Qbo.Store.BillDue(qbo.Realm, "BILL-1")!.AmountDue);
        Assert.Equal("supplier_deposit", (string?)applied["type"]);
        Assert.Equal("applied", (string?)Branch(applied)["applications"]![0]!["state"]);
    }

    [Fact]
    public async Task Pull_mode_sends_a_payment_entered_in_the_ledger_once_as_a_signed_webhook()
    {
        const string Secret = "t1-payment-webhook-secret";
        var clock = new SteppedClock(DateTimeOffset.UtcNow);
        await using var receiver = await PaymentWebhookReceiver.StartAsync(Secret, clock);
        await using var qbo = await QuickBooksMoneyApp.StartAsync(
            app =>
            {
                app.Settings["FunctionsHosting:RunTimers"] = "false";
                app.Settings["Tenants:t1:PaymentWebhookUrl"] = receiver.Url.ToString();
                app.Settings["Tenants:t1:PaymentWebhookSecret"] = Secret;
            },
            clock);
        qbo.SeedInvoice("INV-PUSH", 300m);
        qbo.SeedInvoice("INV-BANK", 300m);
        await qbo.SendAsync(MoneyEventSamples.PaymentCreated("pay_push", "INV-PUSH", 100m));
        var pushed = await qbo.WaitForStateAsync("payments", "pay_push", "synced");
        var bankId = qbo.Qbo.Seed.BankPayment(qbo.Realm, "INV-BANK", 120m, Day, "Bank rec 9");
        var pull = qbo.App.Services.GetRequiredService<PaymentPullRun>();

        await pull.RunAsync(CancellationToken.None);
        clock.Jump(TimeSpan.FromMinutes(1));
        await pull.RunAsync(CancellationToken.None);

        var received = Assert.Single(receiver.Received);
        Assert.True(received.SignatureValid);
        Assert.True(received.Accepted);
        Assert.Equal("ledger_payment.created", received.Type);
        Assert.Equal(LedgerPaymentEvent.EventId(TestApp.QuickBooksConnectionId, bankId, PulledPaymentChange.Created), received.Id);
        Assert.Equal("quickbooks", received.Payment.GetProperty("ledger").GetString());
        Assert.Equal(bankId, received.Payment.GetProperty("ledgerPaymentId").GetString());
        Assert.Equal("INV-BANK", received.Payment.GetProperty("invoiceNumber").GetString());
        Assert.Equal(120m, received.Payment.GetProperty("amount").GetDecimal());
        Assert.NotEqual(bankId, (string?)Branch(pushed)["ledgerId"]);
        Assert.Equal(2, qbo.Held("Payment").Count);
    }
}
