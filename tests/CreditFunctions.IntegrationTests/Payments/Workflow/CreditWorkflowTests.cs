using CreditFunctions.Documents;
using CreditFunctions.Payments;
using static CreditFunctions.IntegrationTests.Payments.Workflow.MoneyWorkflowHarness;

namespace CreditFunctions.IntegrationTests.Payments.Workflow;

/// <summary>Customer credits with their applications, and refunds that wait for what they refund, through the real durable engine.</summary>
public sealed class CreditWorkflowTests
{
    [Fact]
    public async Task A_customer_credit_is_posted_and_each_application_is_applied_once()
    {
        var ledger = new FakeMoneyLedger();
        ledger.Invoice("INV-0002", 80m);
        await using var app = await StartAsync(ledger);
        var credit = new PrepaidCreditDocument("cc_1", CreditNoteKind.Receivable, Customer, new DateOnly(2026, 11, 20), "AUD", 300m, "090", "2400", null);
        var application = new CreditApplication("app_1", "INV-0002", 80m, new DateOnly(2026, 11, 21));

        await app.AcceptAsync(Created(credit));
        await app.AcceptAsync(new MoneyEvent("evt_app_1", MoneyEventType.CustomerCreditApplied, DateTimeOffset.UnixEpoch, MoneyDocumentKind.CustomerCredit, "cc_1", null, application));
        await app.AcceptAsync(new MoneyEvent("evt_app_1_again", MoneyEventType.CustomerCreditApplied, DateTimeOffset.UnixEpoch, MoneyDocumentKind.CustomerCredit, "cc_1", null, application));
        var status = await app.WaitForMoneyStatusAsync("customer-credits", "cc_1", s => State(s) == "synced" && Branch(s)["applications"]!.AsArray().All(a => (string?)a!["state"] == "applied"));

        Assert.Equal(1, ledger.CountOf("PostPrepaidCredit"));
        var applied = Assert.Single(ledger.Calls, c => c.StartsWith("ApplyCredit:", StringComparison.Ordinal));
        var creditId = (string?)Branch(status)["ledgerId"];
        Assert.Equal($"ApplyCredit:app_1:{creditId}:INV-0002", applied);
        Assert.Equal("customer_credit", (string?)status["type"]);
        Assert.Equal(2, Branch(status)["documents"]!.AsArray().Count);
    }

    [Fact]
    public async Task Ordway_refund_of_a_payment_waits_for_the_payment_then_refunds_in_the_period_the_lock_date_says()
    {
        var ledger = new FakeMoneyLedger { LockDate = new DateOnly(2026, 11, 30) };
        ledger.Invoice("INV-0001", 100m);
        await using var app = await StartAsync(ledger);
        var refund = new RefundDocument(
            "rf_1", CreditNoteKind.Receivable, Customer, new DateOnly(2026, 12, 5), "AUD", 100m, RefundOf.Money(MoneyDocumentKind.Payment, "pay_1"), "090", null, new WriteOff(10m, "6100", null));

        await app.AcceptAsync(Created(refund));
        var waiting = await app.WaitForMoneyStatusAsync("refunds", "rf_1", s => State(s) == "waiting");
        await app.AcceptAsync(Created(Payment()));
        var paid = await app.WaitForMoneyStatusAsync("payments", "pay_1", s => State(s) == "synced");
        var refunded = await app.WaitForMoneyStatusAsync("refunds", "rf_1", s => State(s) == "synced");

        Assert.Equal("waiting for payment pay_1 to sync on t1-xero", (string?)Branch(waiting)["reason"]);
        Assert.Contains($"RefundPayment:{(string?)Branch(paid)["ledgerId"]}:closed", ledger.Calls);
        Assert.Equal(1, ledger.CountOf("RefundPayment"));
        Assert.StartsWith("ManualJournal ", (string?)Branch(refunded)["documents"]![0], StringComparison.Ordinal);
    }
}
