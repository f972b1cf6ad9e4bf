using System.Net;
using CreditFunctions.Alerts;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.Ledgers;
using CreditFunctions.Workflow.Durable;
using static CreditFunctions.IntegrationTests.Payments.Workflow.MoneyWorkflowHarness;

namespace CreditFunctions.IntegrationTests.Payments.Workflow;

/// <summary>
/// Payments through the real durable engine and store (docs/payments.md "Workflow"), against a fake money ledger:
/// look before post, waits, Cin7's duplicate and over-amount rules, lost answers, deletes, retry, and the status API.
/// </summary>
public sealed class PaymentWorkflowTests
{
    [Fact]
    public async Task A_payment_is_posted_once_and_its_status_shows_the_ledger_payment_and_sync_time()
    {
        var ledger = new FakeMoneyLedger();
        ledger.Invoice("INV-0001", 250m);
        await using var app = await StartAsync(ledger, a => a.AddSecondTenant("t2-api-key"));

        var first = await app.AcceptAsync(Created(Payment()));
        var again = await app.AcceptAsync(Created(Payment()));
        var status = await app.WaitForMoneyStatusAsync("payments", "pay_1", s => State(s) == "synced");

        Assert.Equal(AcceptOutcome.Accepted, first.Outcome);
        Assert.Equal(AcceptOutcome.Duplicate, again.Outcome);
        Assert.Equal("/api/tenants/t1/payments/pay_1", first.Key.StatusUrl);
        Assert.Equal(1, ledger.CountOf("CreatePayment"));
        var payment = Assert.Single(ledger.PaymentsOn("INV-0001"));
        Assert.Equal(150m, ledger.InvoiceNamed("INV-0001")!.AmountDue);
        var branch = Branch(status);
        Assert.Equal("payment", (string?)status["type"]);
        Assert.Equal("xero", (string?)branch["ledger"]);
        Assert.Equal(TestApp.ConnectionId, (string?)branch["connectionId"]);
        Assert.Equal(payment.LedgerPaymentId, (string?)branch["ledgerId"]);
        Assert.NotNull((DateTimeOffset?)branch["syncedAt"]);
        Assert.Equal(1, (int?)branch["attempts"]);
        Assert.False((bool?)status["late"]);

        // Access: another tenant's key sees nothing; bad ids and unknown documents or kinds are named.
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync("/api/tenants/t1/payments/pay_1", apiKey: "t2-api-key")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.GetAsync("/api/tenants/t1/payments/pay_1", apiKey: "nope")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync("/api/tenants/t1/payments/pay_unknown")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync("/api/tenants/t1/coupons/pay_1")).Status);
        var (badStatus, badBody) = await app.GetAsync("/api/tenants/t1/payments/" + Uri.EscapeDataString("pay 1!"));
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.NotNull(badBody!["errors"]!["id"]);
        Assert.Equal(HttpStatusCode.Conflict, (await app.GetAsync("/api/tenants/t1/payments/pay_1/retry", method: HttpMethod.Post)).Status);
    }

    [Fact]
    public async Task A_payment_waits_visibly_for_its_invoice_then_posts()
    {
        var ledger = new FakeMoneyLedger();
        await using var app = await StartAsync(ledger);

        await app.AcceptAsync(Created(Payment()));
        var waiting = await app.WaitForMoneyStatusAsync("payments", "pay_1", s => State(s) == "waiting");
        ledger.Invoice("INV-0001", 100m);
        var synced = await app.WaitForMoneyStatusAsync("payments", "pay_1", s => State(s) == "synced");

        Assert.Equal("waiting for invoice INV-0001", (string?)Branch(waiting)["reason"]);
        Assert.NotNull(Branch(waiting)["nextAttemptAt"]);
        Assert.Equal(1, ledger.CountOf("CreatePayment"));
        Assert.Equal(0m, ledger.InvoiceNamed("INV-0001")!.AmountDue);
        Assert.Null((string?)Branch(synced)["reason"]);
    }

    [Fact]
    public async Task Cin7_duplicate_payment_by_bank_reconciliation_is_dropped_not_posted()
    {
        var ledger = new FakeMoneyLedger();
        ledger.Invoice("INV-0001", 100m);
        ledger.PaymentEnteredInLedger("INV-0001", "bank-rec-7", 100m, new DateOnly(2026, 11, 20));
        await using var app = await StartAsync(ledger);

        await app.AcceptAsync(Created(Payment()));
        var status = await app.WaitForMoneyStatusAsync("payments", "pay_1", s => State(s) == "duplicate");

        Assert.Equal(0, ledger.CountOf("CreatePayment"));
        Assert.Equal("bank-rec-7", (string?)Branch(status)["duplicateOf"]);
        Assert.Contains("duplicate of ledger payment bank-rec-7", (string?)Branch(status)["reason"], StringComparison.Ordinal);
        Assert.Single(ledger.PaymentsOn("INV-0001"));
    }

    [Fact]
    public async Task A_payment_over_the_amount_due_is_refused_alerted_listed_for_attention_and_retried_once_the_invoice_is_fixed()
    {
        var ledger = new FakeMoneyLedger();
        ledger.Invoice("INV-0001", 100m);
        await using var app = await StartAsync(ledger);

        await app.AcceptAsync(Created(Payment(amount: 120m)));
        var refused = await app.WaitForMoneyStatusAsync("payments", "pay_1", s => State(s) == "refused");
        var (_, attention) = await app.GetAsync("/api/tenants/t1/attention");

        Assert.Equal("exceeds amount due 120.00 > 100.00 on INV-0001", (string?)Branch(refused)["reason"]);
        Assert.Equal(0, ledger.CountOf("CreatePayment"));
        Assert.Contains(app.Alerts.All, a => a.Kind == AlertKind.PaymentRefused && a.DocumentId == "pay_1" && a.Message.Contains("120.00 > 100.00", StringComparison.Ordinal));
        var item = Assert.Single(attention!["items"]!.AsArray(), i => (string?)i!["id"] == "pay_1");
        Assert.Equal("payment", (string?)item!["type"]);
        Assert.Equal("refused", (string?)item["state"]);

        ledger.Invoice("INV-0001", 120m); // the invoice was corrected in the ledger
        var (retryStatus, retryBody) = await app.GetAsync("/api/tenants/t1/payments/pay_1/retry", method: HttpMethod.Post);
        var synced = await app.WaitForMoneyStatusAsync("payments", "pay_1", s => State(s) == "synced");

        Assert.Equal(HttpStatusCode.Accepted, retryStatus);
        Assert.Equal("/api/tenants/t1/payments/pay_1", (string?)retryBody!["statusUrl"]);
        Assert.Equal(1, ledger.CountOf("CreatePayment"));
        Assert.Equal(2, (int?)Branch(synced)["attempts"]);
    }

    [Fact]
    public async Task A_lost_answer_is_looked_for_before_posting_again_so_the_payment_is_made_once()
    {
        var ledger = new FakeMoneyLedger { LoseNextAnswer = true };
        ledger.Invoice("INV-0001", 100m);
        await using var app = await StartAsync(ledger);

        await app.AcceptAsync(Created(Payment()));
        var status = await app.WaitForMoneyStatusAsync("payments", "pay_1", s => State(s) == "synced");

        Assert.Equal(1, ledger.CountOf("CreatePayment"));
        Assert.Equal(2, ledger.CountOf("ListInvoicePayments"));
        var payment = Assert.Single(ledger.PaymentsOn("INV-0001"));
        Assert.Equal(payment.LedgerPaymentId, (string?)Branch(status)["ledgerId"]);
    }

    [Fact]
    public async Task A_failed_write_fails_the_branch_with_the_ledgers_words_and_an_alert()
    {
        var ledger = new FakeMoneyLedger { FailNextWrite = new LedgerFailure(LedgerFailureKind.Validation, "Account code '999' is not a valid code") };
        ledger.Invoice("INV-0001", 100m);
        await using var app = await StartAsync(ledger);

        await app.AcceptAsync(Created(Payment()));
        var failed = await app.WaitForMoneyStatusAsync("payments", "pay_1", s => State(s) == "failed");

        Assert.Equal("Account code '999' is not a valid code", (string?)Branch(failed)["lastError"]);
        Assert.Contains(app.Alerts.All, a => a.Kind == AlertKind.LedgerRejected && a.DocumentId == "pay_1");
    }

    [Fact]
    public async Task A_deleted_payment_is_deleted_in_the_ledger()
    {
        var ledger = new FakeMoneyLedger();
        ledger.Invoice("INV-0001", 100m);
        await using var app = await StartAsync(ledger);
        await app.AcceptAsync(Created(Payment()));
        var synced = await app.WaitForMoneyStatusAsync("payments", "pay_1", s => State(s) == "synced");
        var ledgerPaymentId = (string?)Branch(synced)["ledgerId"];

        await app.AcceptAsync(new(
            "evt_del", CreditFunctions.Payments.MoneyEventType.PaymentDeleted, DateTimeOffset.UnixEpoch, CreditFunctions.Payments.MoneyDocumentKind.Payment, "pay_1", null, null));
        var deleted = await app.WaitForMoneyStatusAsync("payments", "pay_1", s => State(s) == "deleted");

        Assert.Empty(ledger.PaymentsOn("INV-0001"));
        Assert.Contains("DeletePayment:" + ledgerPaymentId, ledger.Calls);
        Assert.Equal(100m, ledger.InvoiceNamed("INV-0001")!.AmountDue);
        Assert.True((bool?)deleted["deleted"]);
    }

    [Fact]
    public async Task A_delete_that_arrives_while_the_payment_waits_for_its_invoice_wins()
    {
        var ledger = new FakeMoneyLedger();
        await using var app = await StartAsync(ledger);
        await app.AcceptAsync(Created(Payment()));
        await app.WaitForMoneyStatusAsync("payments", "pay_1", s => State(s) == "waiting");

        await app.AcceptAsync(new(
            "evt_del", CreditFunctions.Payments.MoneyEventType.PaymentDeleted, DateTimeOffset.UnixEpoch, CreditFunctions.Payments.MoneyDocumentKind.Payment, "pay_1", null, null));
        var deleted = await app.WaitForMoneyStatusAsync("payments", "pay_1", s => State(s) == "deleted");
        ledger.Invoice("INV-0001", 100m); // too late: the payment no longer exists in the order system

        Assert.Equal("deleted in the order system before it was posted", (string?)Branch(deleted)["reason"]);
        Assert.Equal(0, ledger.CountOf("CreatePayment"));
        Assert.Equal(0, ledger.CountOf("DeletePayment"));
    }

    [Fact]
    public async Task In_pull_mode_a_payment_is_recorded_and_not_pushed()
    {
        var ledger = new FakeMoneyLedger();
        ledger.Invoice("INV-0001", 100m);
        await using var app = await StartAsync(ledger, a => a.Settings["Tenants:t1:PaymentMode"] = "Pull");

        await app.AcceptAsync(Created(Payment()));
        var status = await app.WaitForMoneyStatusAsync("payments", "pay_1", s => State(s) == "not-pushed");

        Assert.Empty(ledger.Calls);
        Assert.Contains("pull", (string?)Branch(status)["reason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_payment_not_synced_by_the_tenants_deadline_raises_one_SLA_alert_and_shows_late()
    {
        var ledger = new FakeMoneyLedger(); // the invoice never arrives
        await using var app = await StartAsync(ledger, a => a.Settings["Tenants:t1:SyncDeadline"] = "00:00:01");

        await app.AcceptAsync(Created(Payment()));
        var late = await app.WaitForMoneyStatusAsync("payments", "pay_1", s => (bool?)s["late"] == true && app.Alerts.All.Any(a => a.Kind == AlertKind.SlaBreached));

        Assert.Equal("waiting", State(late));
        Assert.Single(app.Alerts.All, a => a.Kind == AlertKind.SlaBreached && a.DocumentId == "pay_1");
        var (_, attention) = await app.GetAsync("/api/tenants/t1/attention");
        Assert.Contains(attention!["items"]!.AsArray(), i => (string?)i!["id"] == "pay_1");
    }
}
