using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CreditFunctions.Alerts;
using CreditFunctions.Documents;
using CreditFunctions.IntegrationTests.Payments;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.Payments;
using CreditFunctions.Payments.Pull;
using Microsoft.Extensions.DependencyInjection;
using CreditFunctions.TestSupport;
using static CreditFunctions.IntegrationTests.EndToEnd.Money.MoneyE2E;
using static CreditFunctions.IntegrationTests.EndToEnd.Money.XeroMoneyE2E;

namespace CreditFunctions.IntegrationTests.EndToEnd.Money;

/// <summary>
/// The money flows of issue 14 end to end: signed events over HTTP into the real app (local Durable engine on Azurite),
/// the real Xero money adapter, and the Xero simulator's books. Tenant t1's only connection is Xero (t1-xero).
/// </summary>
public sealed class XeroMoneyFlowTests
{
    private static readonly DateOnly Day = MoneyEventSamples.Date;

    [Fact]
    public async Task A_payment_is_posted_once_and_status_shows_it_synced()
    {
        await using var app = await StartAsync();
        app.Invoice("INV-1", 250m);
        var payment = MoneyEventSamples.PaymentCreated(invoiceNumber: "INV-1", amount: 100m);

        using var accepted = await app.SendMoneyAsync(payment);
        var body = JsonNode.Parse(await accepted.Content.ReadAsStringAsync())!;
        var synced = await app.WaitForStateAsync("payments", "pay_1", "synced");
        using var again = await app.SendMoneyAsync(payment);
        var after = await app.WaitForStateAsync("payments", "pay_1", "synced");

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("/api/tenants/t1/payments/pay_1", (string?)body["statusUrl"]);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var ledgerPayment = Assert.Single(app.LivePayments());
        Assert.Single(app.Xero.Store.Payments(app.XeroTenantId));
        Assert.Equal(100m, (decimal)ledgerPayment["Amount"]!);
        Assert.Equal(150m, app.AmountDue("INV-1"));
        Assert.Equal((string?)ledgerPayment["PaymentID"], (string?)Branch(synced)["ledgerId"]);
        Assert.Equal("xero", (string?)Branch(synced)["ledger"]);
        Assert.NotNull((DateTimeOffset?)Branch(synced)["syncedAt"]);
        Assert.Equal((string?)Branch(synced)["syncedAt"], (string?)Branch(after)["syncedAt"]);
        Assert.Equal(1, (int?)Branch(after)["attempts"]);
        app.Conformance.AssertNoViolations();
    }

    [Fact]
    public async Task A_payment_waits_visibly_for_its_invoice_then_syncs()
    {
        await using var app = await StartAsync();

        await app.SendMoneyAsync(MoneyEventSamples.PaymentCreated(invoiceNumber: "INV-LATE", amount: 100m));
        var waiting = await app.WaitForStateAsync("payments", "pay_1", "waiting");
        Assert.Empty(app.Xero.Store.Payments(app.XeroTenantId));
        app.Invoice("INV-LATE", 100m);
        var synced = await app.WaitForStateAsync("payments", "pay_1", "synced");

        Assert.Equal("waiting for invoice INV-LATE", (string?)Branch(waiting)["reason"]);
        Assert.Null((string?)Branch(synced)["reason"]);
        Assert.Single(app.LivePayments());
        Assert.Equal(0m, app.AmountDue("INV-LATE"));
        Assert.Equal("PAID", (string?)app.InvoiceInXero("INV-LATE")["Status"]);
    }

    [Fact]
    public async Task Cin7_duplicate_payment_by_bank_reconciliation_is_dropped()
    {
        await using var app = await StartAsync();
        app.Invoice("INV-1", 250m);
        var reconciled = app.Xero.Seed.BankReconciliationPayment(app.XeroTenantId, "INV-1", 100m, Day);

        await app.SendMoneyAsync(MoneyEventSamples.PaymentCreated(invoiceNumber: "INV-1", amount: 100m));
        var status = await app.WaitForStateAsync("payments", "pay_1", "duplicate");

        Assert.Equal(reconciled.ToString(), (string?)Branch(status)["duplicateOf"]);
        var only = Assert.Single(app.Xero.Store.Payments(app.XeroTenantId));
        Assert.Equal(reconciled.ToString(), (string?)only["PaymentID"]);
        Assert.Equal(150m, app.AmountDue("INV-1"));
    }

    [Fact]
    public async Task Cin7_payment_over_the_amount_due_is_refused_with_an_alert()
    {
        await using var app = await StartAsync();
        app.Invoice("INV-1", 100m);

        await app.SendMoneyAsync(MoneyEventSamples.PaymentCreated(invoiceNumber: "INV-1", amount: 120m));
        var refused = await app.WaitForStateAsync("payments", "pay_1", "refused");
        var (_, attention) = await app.GetAsync("/api/tenants/t1/attention");

        Assert.Equal("exceeds amount due 120.00 > 100.00 on INV-1", (string?)Branch(refused)["reason"]);
        Assert.Empty(app.Xero.Store.Payments(app.XeroTenantId));
        Assert.Equal(100m, app.AmountDue("INV-1"));
        Assert.Contains(app.Alerts.All, a => a.Kind == AlertKind.PaymentRefused && a.DocumentId == "pay_1");
        var item = Assert.Single(attention!["items"]!.AsArray(), i => (string?)i!["id"] == "pay_1");
        Assert.Equal("refused", (string?)item!["state"]);
    }

    [Fact]
    public async Task A_deleted_payment_is_deleted_in_the_ledger()
    {
        await using var app = await StartAsync();
        app.Invoice("INV-1", 250m);
        await app.SendMoneyAsync(MoneyEventSamples.PaymentCreated(invoiceNumber: "INV-1", amount: 100m));
        var synced = await app.WaitForStateAsync("payments", "pay_1", "synced");
        Assert.Equal(150m, app.AmountDue("INV-1"));

        await app.SendMoneyAsync(MoneyEventSamples.PaymentDeleted());
        var deleted = await app.WaitForStateAsync("payments", "pay_1", "deleted");

        Assert.True((bool?)deleted["deleted"]);
        var stored = Assert.Single(app.Xero.Store.Payments(app.XeroTenantId));
        Assert.Equal((string?)Branch(synced)["ledgerId"], (string?)stored["PaymentID"]);
        Assert.Equal("DELETED", (string?)stored["Status"]);
        Assert.Equal(250m, app.AmountDue("INV-1"));
        Assert.Equal("AUTHORISED", (string?)app.InvoiceInXero("INV-1")["Status"]);
    }

    [Fact]
    public async Task A_payment_event_with_a_missing_field_is_refused_with_a_problem_naming_it_and_nothing_is_stored()
    {
        await using var app = await StartAsync();
        app.Invoice("INV-1", 250m);
        var json = JsonNode.Parse(MoneyEventWriter.ToUtf8Bytes(MoneyEventSamples.PaymentCreated(invoiceNumber: "INV-1")))!;
        Assert.True(json["data"]!["payment"]!.AsObject().Remove("invoiceNumber"));

        using var response = await app.SendRawAsync(Encoding.UTF8.GetBytes(json.ToJsonString()));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var (status, _) = await app.GetAsync("/api/tenants/t1/payments/pay_1");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.NotNull(problem["errors"]!["data.payment.invoiceNumber"]);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Empty(app.Xero.Store.Payments(app.XeroTenantId));
    }

    [Fact]
    public async Task An_unsigned_payment_event_is_refused_with_401_and_nothing_is_stored()
    {
        await using var app = await StartAsync();
        app.Invoice("INV-1", 250m);

        using var response = await app.SendRawAsync(MoneyEventWriter.ToUtf8Bytes(MoneyEventSamples.PaymentCreated(invoiceNumber: "INV-1")), secret: null);
        using var forged = await app.SendRawAsync(MoneyEventWriter.ToUtf8Bytes(MoneyEventSamples.PaymentCreated(invoiceNumber: "INV-1")), secret: "not-the-secret");
        var (status, _) = await app.GetAsync("/api/tenants/t1/payments/pay_1");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Empty(app.Xero.Store.Payments(app.XeroTenantId));
    }

    [Fact]
    public async Task Cin7_cash_refund_of_a_credit_note()
    {
        await using var app = await StartAsync();
        await app.SendAsync(TestEvents.CreditNote("cn_refund"));
        var note = await app.WaitForStatusAsync("cn_refund", s => TestApp.IsState(s, "synced"));
        var refund = MoneyEventSamples.RefundCreated(RefundOf.CreditNote("cn_refund"), amount: 50m);

        await app.SendMoneyAsync(refund);
        var refunded = await app.WaitForStateAsync("refunds", "ref_1", "synced");
        await app.SendMoneyAsync(refund);
        await app.WaitForStateAsync("refunds", "ref_1", "synced");

        var credit = Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_refund", app.XeroTenantId));
        Assert.Equal((string?)note["ledgers"]![0]!["ledgerDocumentId"], (string?)credit["CreditNoteID"]);
        Assert.Equal((220m, 170m), ((decimal)credit["Total"]!, (decimal)credit["RemainingCredit"]!));
        var cash = Assert.Single(app.LivePayments());
        Assert.Equal(("ARCREDITPAYMENT", 50m), ((string?)cash["PaymentType"], (decimal)cash["Amount"]!));
        Assert.Equal((string?)credit["CreditNoteID"], (string?)cash["CreditNote"]!["CreditNoteID"]);
        Assert.Equal((string?)cash["PaymentID"], (string?)Branch(refunded)["ledgerId"]);
    }

    [Fact]
    public async Task Ordway_refund_of_a_payment_in_an_open_period_with_write_off()
    {
        await using var app = await StartAsync();
        app.Invoice("INV-ORD", 1000m);
        await app.SendMoneyAsync(MoneyEventSamples.PaymentCreated(invoiceNumber: "INV-ORD", amount: 1000m));
        var paid = await app.WaitForStateAsync("payments", "pay_1", "synced");
        Assert.Equal(0m, app.AmountDue("INV-ORD"));

        await app.SendMoneyAsync(MoneyEventSamples.RefundCreated(
            RefundOf.Money(MoneyDocumentKind.Payment, "pay_1"), amount: 300m, date: Day.AddDays(10), writeOff: new WriteOff(100m, "684", null)));
        var refunded = await app.WaitForStateAsync("refunds", "ref_1", "synced");

        // Open period: the payment is unapplied (the invoice reopens by the refund), the write-off settles 100 of it.
        Assert.Equal(200m, app.AmountDue("INV-ORD"));
        var payments = app.Xero.Store.Payments(app.XeroTenantId);
        Assert.Equal("DELETED", (string?)payments.Single(p => (string?)p["PaymentID"] == (string?)Branch(paid)["ledgerId"])["Status"]);
        var cashOut = Assert.Single(payments, p => (string?)p["PaymentType"] == "AROVERPAYMENTPAYMENT");
        Assert.Equal(300m, (decimal)cashOut["Amount"]!);
        var overpayment = Assert.Single(app.Xero.Store.Overpayments(app.XeroTenantId));
        Assert.Equal((1000m, 0m), ((decimal)overpayment["Total"]!, (decimal)overpayment["RemainingCredit"]!));
        var writeOff = Assert.Single(app.Xero.Store.CreditNotes(app.XeroTenantId));
        Assert.Equal(("684", 100m, 0m), ((string?)writeOff["LineItems"]![0]!["AccountCode"], (decimal)writeOff["Total"]!, (decimal)writeOff["RemainingCredit"]!));
        Assert.NotEmpty(Branch(refunded)["documents"]!.AsArray());
    }

    [Fact]
    public async Task Ordway_refund_of_a_payment_in_a_closed_period_with_write_off()
    {
        await using var app = await StartAsync();
        app.Invoice("INV-ORDC", 1000m);
        await app.SendMoneyAsync(MoneyEventSamples.PaymentCreated(invoiceNumber: "INV-ORDC", amount: 1000m));
        var paid = await app.WaitForStateAsync("payments", "pay_1", "synced");
        app.Xero.Control.SetLockDates(app.XeroTenantId, Day, null); // the payment's date is now in a closed period

        await app.SendMoneyAsync(MoneyEventSamples.RefundCreated(
            RefundOf.Money(MoneyDocumentKind.Payment, "pay_1"), amount: 300m, date: Day.AddDays(10), writeOff: new WriteOff(100m, "684", null)));
        await app.WaitForStateAsync("refunds", "ref_1", "synced");

        // Closed period: the payment stays applied, the refund and what the customer owes again are in the open period.
        Assert.Equal((0m, "PAID"), (app.AmountDue("INV-ORDC"), (string?)app.InvoiceInXero("INV-ORDC")["Status"]));
        var payments = app.Xero.Store.Payments(app.XeroTenantId);
        Assert.Equal("AUTHORISED", (string?)payments.Single(p => (string?)p["PaymentID"] == (string?)Branch(paid)["ledgerId"])["Status"]);
        var cashOut = Assert.Single(payments, p => (string?)p["PaymentType"] == "ARCREDITPAYMENT");
        Assert.Equal(300m, (decimal)cashOut["Amount"]!);
        var receivable = Assert.Single(app.Xero.Store.Invoices(app.XeroTenantId), i => ((string?)i["InvoiceNumber"])!.StartsWith("CF-", StringComparison.Ordinal));
        Assert.Equal((300m, 200m), ((decimal)receivable["Total"]!, (decimal)receivable["AmountDue"]!));
        Assert.Equal(2, app.Xero.Store.CreditNotes(app.XeroTenantId).Count);
        Assert.Empty(app.Xero.Store.Overpayments(app.XeroTenantId));
    }

    [Fact]
    public async Task Ostendo_overpayment_is_native_and_its_credit_is_applied_to_a_second_invoice()
    {
        await using var app = await StartAsync();
        app.Invoice("INV-OST", 500m);

        await app.SendMoneyAsync(MoneyEventSamples.OverpaymentCreated(amount: 650m, invoiceNumber: "INV-OST", appliedToInvoice: 500m));
        var posted = await app.WaitForStateAsync("overpayments", "ovp_1", "synced");
        var overpayment = Assert.Single(app.Xero.Store.Overpayments(app.XeroTenantId));
        Assert.Equal((650m, 150m), ((decimal)overpayment["Total"]!, (decimal)overpayment["RemainingCredit"]!));
        Assert.Equal(0m, app.AmountDue("INV-OST"));
        var receipt = Assert.Single(app.Xero.Store.BankTransactions(app.XeroTenantId));
        Assert.Equal(("RECEIVE-OVERPAYMENT", 650m), ((string?)receipt["Type"], (decimal)receipt["Total"]!));

        app.Invoice("INV-OST2", 100m);
        var application = MoneyEventSamples.CustomerCreditApplied(
            creditId: "ovp_1", invoiceNumber: "INV-OST2", amount: 100m, creditKind: MoneyDocumentKind.Overpayment);
        await app.SendMoneyAsync(application);
        await app.SendMoneyAsync(application);
        var applied = await app.WaitForMoneyAsync("overpayments", "ovp_1", s =>
            State(s) == "synced" && Branch(s)["applications"] is JsonArray a && a.Count == 1 && (string?)a[0]!["state"] == "applied");

        Assert.Equal(0m, app.AmountDue("INV-OST2"));
        var after = Assert.Single(app.Xero.Store.Overpayments(app.XeroTenantId));
        Assert.Equal(50m, (decimal)after["RemainingCredit"]!);
        Assert.Equal(2, after["Allocations"]!.AsArray().Count);
        // The main document is the bank transaction (the deposit the customer made); the Overpayment is its credit.
        Assert.Equal((string?)receipt["BankTransactionID"], (string?)Branch(posted)["ledgerId"]);
        Assert.Contains(Branch(posted)["documents"]!.AsArray(), d => ((string?)d)!.Contains((string)overpayment["OverpaymentID"]!, StringComparison.Ordinal));
        Assert.Equal("overpayment", (string?)applied["type"]);
    }

    [Fact]
    public async Task Flowrev_400_credit_on_a_1200_invoice_leaves_800_due()
    {
        await using var app = await StartAsync();
        app.Invoice("INV-FLOW", 1200m);

        // 363.64 + 10% GST (36.36) = 400.00
        await app.SendAsync(TestEvents.CreditNote("cn_flow", net: 363.64m, allocations: [new AllocationRequest("INV-FLOW", 400m, Day)]));
        var status = await app.WaitForStatusAsync("cn_flow", s => TestApp.IsState(s, "synced"));

        Assert.Equal("allocated", (string?)status["ledgers"]![0]!["allocations"]![0]!["state"]);
        Assert.Equal(800m, app.AmountDue("INV-FLOW"));
        var credit = Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_flow", app.XeroTenantId));
        Assert.Equal((400m, 0m), ((decimal)credit["Total"]!, (decimal)credit["RemainingCredit"]!));
        Assert.Equal("200", (string?)credit["LineItems"]![0]!["AccountCode"]);
    }

    [Fact]
    public async Task A_customer_credit_is_received_and_applied_to_a_later_invoice()
    {
        await using var app = await StartAsync();

        await app.SendMoneyAsync(MoneyEventSamples.CustomerCreditCreated(amount: 100m));
        await app.WaitForStateAsync("customer-credits", "cc_1", "synced");
        var receipt = Assert.Single(app.Xero.Store.BankTransactions(app.XeroTenantId));
        Assert.Equal(("RECEIVE", 100m, "835"), ((string?)receipt["Type"], (decimal)receipt["Total"]!, (string?)receipt["LineItems"]![0]!["AccountCode"]));

        app.Invoice("INV-2", 80m);
        var application = MoneyEventSamples.CustomerCreditApplied(invoiceNumber: "INV-2", amount: 50m);
        await app.SendMoneyAsync(application);
        await app.SendMoneyAsync(application);
        await app.WaitForMoneyAsync("customer-credits", "cc_1", s =>
            State(s) == "synced" && Branch(s)["applications"] is JsonArray a && a.Count == 1 && (string?)a[0]!["state"] == "applied");

        Assert.Equal(30m, app.AmountDue("INV-2"));
        var fromCredit = Assert.Single(app.LivePayments());
        Assert.Equal((50m, "835"), ((decimal)fromCredit["Amount"]!, (string?)fromCredit["Account"]!["Code"]));
        Assert.Single(app.Xero.Store.BankTransactions(app.XeroTenantId));
    }

    [Fact]
    public async Task A_supplier_deposit_is_paid_and_applied_to_a_bill()
    {
        await using var app = await StartAsync();
        var supplier = app.Xero.Seed.Contact(app.XeroTenantId, MoneyEventSamples.Supplier.Name, MoneyEventSamples.Supplier.Id);

        await app.SendMoneyAsync(MoneyEventSamples.SupplierDepositCreated(amount: 100m));
        await app.WaitForStateAsync("supplier-deposits", "sd_1", "synced");
        var spent = Assert.Single(app.Xero.Store.BankTransactions(app.XeroTenantId));
        Assert.Equal(("SPEND", 100m, "620"), ((string?)spent["Type"], (decimal)spent["Total"]!, (string?)spent["LineItems"]![0]!["AccountCode"]));

        app.Invoice("BILL-1", 200m, type: "ACCPAY", contactId: supplier);
        await app.SendMoneyAsync(MoneyEventSamples.SupplierDepositApplied(billNumber: "BILL-1", amount: 50m));
        await app.WaitForMoneyAsync("supplier-deposits", "sd_1", s =>
            State(s) == "synced" && Branch(s)["applications"] is JsonArray a && a.Count == 1 && (string?)a[0]!["state"] == "applied");

        Assert.Equal(150m, app.AmountDue("BILL-1"));
        var fromDeposit = Assert.Single(app.LivePayments());
        Assert.Equal((50m, "620"), ((decimal)fromDeposit["Amount"]!, (string?)fromDeposit["Account"]!["Code"]));
    }

    [Fact]
    public async Task Pull_mode_sends_a_payment_entered_in_the_ledger_once_as_a_signed_webhook()
    {
        const string secret = "t1-payment-webhook-secret";
        var clock = new SteppedClock(DateTimeOffset.UtcNow);
        await using var receiver = await PaymentWebhookReceiver.StartAsync(secret, clock);
        await using var app = await StartAsync(a =>
        {
            a.Settings["FunctionsHosting:RunTimers"] = "false";
            a.Settings["Tenants:t1:PaymentWebhookUrl"] = receiver.Url.ToString();
            a.Settings["Tenants:t1:PaymentWebhookSecret"] = secret;
        }, clock);
        app.Invoice("INV-PUSH", 100m);
        app.Invoice("INV-BANK", 300m);
        await app.SendMoneyAsync(MoneyEventSamples.PaymentCreated(invoiceNumber: "INV-PUSH", amount: 100m));
        var pushed = await app.WaitForStateAsync("payments", "pay_1", "synced");
        var entered = app.Xero.Seed.BankReconciliationPayment(app.XeroTenantId, "INV-BANK", 120m, Day, reference: "Bank feed");
        var run = app.Services.GetRequiredService<PaymentPullRun>();

        await run.RunAsync(CancellationToken.None);
        clock.Jump(TimeSpan.FromMinutes(1));
        await run.RunAsync(CancellationToken.None);

        var received = Assert.Single(receiver.Received);
        Assert.True(received.SignatureValid);
        Assert.True(received.Accepted);
        Assert.Equal("ledger_payment.created", received.Type);
        Assert.Equal(entered.ToString(), received.Payment.GetProperty("ledgerPaymentId").GetString());
        Assert.Equal("INV-BANK", received.Payment.GetProperty("invoiceNumber").GetString());
        Assert.Equal(120m, received.Payment.GetProperty("amount").GetDecimal());
        Assert.Equal(TestApp.ConnectionId, received.Payment.GetProperty("connectionId").GetString());
        Assert.NotEqual((string?)Branch(pushed)["ledgerId"], received.Payment.GetProperty("ledgerPaymentId").GetString());
        Assert.Equal(2, app.LivePayments().Count);
    }
}
