using System.Text.Json;
using CreditFunctions.Alerts;
using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Payments;
using CreditFunctions.Payments.Workflow;
using static CreditFunctions.Tests.Payments.Workflow.MoneySamples;

namespace CreditFunctions.Tests.Payments.Workflow;

/// <summary>Refunds, overpayments, customer credits and their applications; the SLA; keys and the stored form.</summary>
public sealed class MoneyRulesCreditTests
{
    public static TheoryData<RefundOf, MoneyOperation> Refunds => new()
    {
        { RefundOf.CreditNote("cn_1"), MoneyOperation.RefundCreditNote },
        { RefundOf.Money(MoneyDocumentKind.Payment, "pay_1"), MoneyOperation.RefundPayment },
        { RefundOf.Money(MoneyDocumentKind.Overpayment, "ovp_1"), MoneyOperation.RefundCreditBalance },
        { RefundOf.Money(MoneyDocumentKind.CustomerCredit, "cc_1"), MoneyOperation.RefundCreditBalance },
    };

    [Theory]
    [MemberData(nameof(Refunds))]
    public void A_refund_is_written_by_the_step_of_what_it_refunds(RefundOf of, MoneyOperation operation)
    {
        var refund = new RefundDocument("rf_1", CreditNoteKind.Receivable, Customer, new DateOnly(2026, 11, 22), "AUD", 40m, of, "090", null, null);

        var state = Given(Created(refund));

        Assert.Equal(operation, Next(state, At(1)).Operation);
        Assert.Equal($"t1:t1-xero:rfd:rf_1:{(operation == MoneyOperation.RefundCreditNote ? "refund-cn" : operation == MoneyOperation.RefundPayment ? "refund-pay" : "refund-credit")}:r1", Next(state, At(1)).Key.Value);
    }

    [Fact]
    public void A_refund_waits_visibly_until_what_it_refunds_is_synced_on_the_same_connection()
    {
        var refund = new RefundDocument("rf_1", CreditNoteKind.Receivable, Customer, new DateOnly(2026, 11, 22), "AUD", 40m, RefundOf.CreditNote("cn_1"), null, null, null);
        var state = Given(Created(refund));
        var call = Next(state, At(1));

        state = Then(state, call, MoneyStepResult.Waiting("waiting for credit note cn_1 to sync on t1-xero"), At(2));

        Assert.Equal("waiting for credit note cn_1 to sync on t1-xero", state.Branch(Xero)!.Reason);
        Assert.Equal(call, Next(state, state.Branch(Xero)!.NextAttemptAt!.Value));
    }

    [Fact]
    public void Each_application_of_a_credit_is_applied_once_after_the_credit_is_posted()
    {
        var state = Given(Created(CustomerCredit()), Applied("cc_1", "app_1"));
        var post = Next(state, At(2));
        Assert.Equal(MoneyOperation.PostPrepaidCredit, post.Operation);
        state = Then(state, post, MoneyStepResult.Done(new LedgerMoneyPosting("bt-1", "bt-1", ["BankTransaction bt-1"])), At(3));

        var apply = Next(state, At(3));
        Assert.Equal(new MoneyWork.Call(MoneyOperation.ApplyCredit, new LedgerWriteKey("t1:t1-xero:ccr:cc_1:apply:r1:aapp_1"), "app_1"), apply);
        Assert.Equal(MoneyBranchStatus.Pending, state.Branch(Xero)!.Status);
        state = Then(state, apply, MoneyStepResult.Done(new LedgerMoneyPosting("alloc-1", null, ["Allocation alloc-1"])), At(4));

        Assert.Equal(MoneyBranchStatus.Synced, state.Branch(Xero)!.Status);
        Assert.IsType<MoneyWork.None>(MoneyRules.NextWork(state, Xero, At(5)));
        // The same application redelivered under another event id is applied already.
        var again = MoneyRules.Accept(state, Tenant, Applied("cc_1", "app_1", eventId: "evt_again"), Policy(), At(6));
        Assert.IsType<MoneyWork.None>(MoneyRules.NextWork(again, Xero, At(6)));
        Assert.Equal(["BankTransaction bt-1", "Allocation alloc-1"], MoneyStatusView.From(state, At(5)).Ledgers[0].Documents);
    }

    [Fact]
    public void A_later_application_reopens_a_synced_credit_and_starts_a_new_deadline()
    {
        var state = Given(Created(CustomerCredit()));
        state = Then(state, Next(state, At(1)), MoneyStepResult.Done(new LedgerMoneyPosting("bt-1", "bt-1", [])), At(2));
        Assert.True(state.IsComplete);

        state = MoneyRules.Accept(state, Tenant, Applied("cc_1", "app_2"), Policy(), At(3600));

        Assert.False(state.IsComplete);
        Assert.Equal(At(3600) + TimeSpan.FromMinutes(30), state.Deadline);
        Assert.Equal("app_2", Next(state, At(3600)).ApplicationId);
    }

    [Fact]
    public void An_application_that_arrives_before_its_credit_waits_for_the_credit()
    {
        var state = Given(Applied("cc_1", "app_1"));

        Assert.Equal(MoneyBranchStatus.Waiting, state.Branch(Xero)!.Status);
        Assert.IsType<MoneyWork.None>(MoneyRules.NextWork(state, Xero, At(1)));

        state = MoneyRules.Accept(state, Tenant, Created(CustomerCredit()), Policy(), At(2));

        Assert.Equal(MoneyOperation.PostPrepaidCredit, Next(state, At(2)).Operation);
    }

    [Fact]
    public void An_overpayment_posts_once_and_refunds_its_credit_through_the_credit_balance()
    {
        var overpayment = new OverpaymentDocument("ovp_1", CreditNoteKind.Receivable, Customer, new DateOnly(2026, 11, 20), "AUD", 150m, "INV-0001", 100m, "090", null);

        var state = Given(Created(overpayment));

        Assert.Equal(MoneyOperation.PostOverpayment, Next(state, At(1)).Operation);
        Assert.Equal(50m, overpayment.Credit);
    }

    [Fact]
    public void The_SLA_alerts_once_for_a_document_not_finished_by_its_deadline()
    {
        var state = Given(Created(Payment()));

        var (early, none) = MoneyRules.Tick(state, At(60));
        var (late, alerts) = MoneyRules.Tick(early, At(1800));
        var (again, twice) = MoneyRules.Tick(late, At(3600));

        Assert.Empty(none);
        var alert = Assert.Single(alerts);
        Assert.Equal(AlertKind.SlaBreached, alert.Kind);
        Assert.Contains("payment pay_1", alert.Message, StringComparison.Ordinal);
        Assert.Empty(twice);
        Assert.True(MoneyStatusView.From(again, At(3600)).Late);
        Assert.True(MoneyStatusView.From(again, At(3600)).NeedsAttention);

        var (recovered, recoveryAlerts) = MoneyRules.Complete(again, Xero, Next(again, At(3601)), MoneyStepResult.Done(Posting("lp-1")), Settings, At(3602));
        Assert.Equal(AlertKind.SlaRecovered, Assert.Single(recoveryAlerts).Kind);
        Assert.False(MoneyStatusView.From(recovered, At(3602)).NeedsAttention);
    }

    [Fact]
    public void A_finished_document_raises_no_SLA_alert()
    {
        var state = Given(Created(Payment()));
        state = Then(state, Next(state, At(1)), MoneyStepResult.Done(Posting("lp-1")), At(2));

        Assert.Empty(MoneyRules.Tick(state, At(7200)).Alerts);
    }

    [Theory]
    [InlineData(LedgerKind.Xero, 128)]
    [InlineData(LedgerKind.QuickBooks, 50)]
    [InlineData(LedgerKind.Myob, 128)]
    public void A_key_longer_than_the_ledger_takes_is_hashed_to_fit(LedgerKind ledger, int max)
    {
        var longId = new string('x', 100);

        var key = MoneyRules.Key("tenant-with-a-long-name", "connection-with-a-long-name", MoneyDocumentKind.Payment, longId, MoneyOperation.PostPayment, 1, null, ledger);
        var same = MoneyRules.Key("tenant-with-a-long-name", "connection-with-a-long-name", MoneyDocumentKind.Payment, longId, MoneyOperation.PostPayment, 1, null, ledger);
        var otherRound = MoneyRules.Key("tenant-with-a-long-name", "connection-with-a-long-name", MoneyDocumentKind.Payment, longId, MoneyOperation.PostPayment, 2, null, ledger);

        Assert.StartsWith("k-", key.Value, StringComparison.Ordinal);
        Assert.Equal(Math.Min(max, 66), key.Value.Length); // k- and at most the 64 hex digits of SHA-256
        Assert.Equal(same, key);
        Assert.NotEqual(otherRound, key);
    }

    [Fact]
    public void The_state_and_events_survive_their_stored_form()
    {
        var state = Given(Created(CustomerCredit()), Applied("cc_1", "app_1"));
        state = Then(state, Next(state, At(2)), MoneyStepResult.Done(new LedgerMoneyPosting("bt-1", "bt-1", ["BankTransaction bt-1"])), At(3));

        var back = MoneyJson.Deserialize(MoneyJson.Serialize(state));
        var evt = MoneyJson.DeserializeEvent(MoneyJson.Serialize(Created(Payment())));

        Assert.Equal(MoneyJson.Serialize(state), MoneyJson.Serialize(back));
        Assert.Equal(CustomerCredit(), back.Document);
        Assert.Equal(Payment(), evt.Document);
        Assert.Contains("\"status\":\"Pending\"", MoneyJson.Serialize(state), StringComparison.Ordinal);
        Assert.Throws<JsonException>(() => MoneyJson.Deserialize("null"));
    }
}
