using CreditFunctions.Alerts;
using CreditFunctions.Ledgers;
using CreditFunctions.Payments.Workflow;
using CreditFunctions.Tenants;
using static CreditFunctions.Tests.Payments.Workflow.MoneySamples;

namespace CreditFunctions.Tests.Payments.Workflow;

/// <summary>A payment's branch: given accepted events and step outcomes, when the next one comes, then the branch's state and its next work.</summary>
public sealed class MoneyRulesPaymentTests
{
    [Fact]
    public void A_payment_posts_on_every_connection_under_a_deterministic_key_of_its_own()
    {
        var state = Given(Policy(PaymentMode.Both, new LedgerConnection(Xero, LedgerKind.Xero, "o"), new LedgerConnection(Qbo, LedgerKind.QuickBooks, "r")), Created(Payment()));

        var xero = Next(state, At(1), Xero);
        var qbo = Next(state, At(1), Qbo);

        Assert.Equal(MoneyOperation.PostPayment, xero.Operation);
        Assert.Equal("t1:t1-xero:pay:pay_1:pay:r1", xero.Key.Value);
        Assert.Equal(xero.Key, Next(Given(Created(Payment())), At(9)).Key);
        Assert.NotEqual(xero.Key, qbo.Key);
        Assert.True(qbo.Key.Value.Length <= 50);
        Assert.Equal(MoneyBranchStatus.Pending, MoneyStatusView.From(state, At(1)).State);
    }

    [Fact]
    public void In_pull_mode_a_payment_is_recorded_and_not_pushed()
    {
        var state = Given(Policy(PaymentMode.Pull), Created(Payment()));

        Assert.IsType<MoneyWork.None>(MoneyRules.NextWork(state, Xero, At(1)));
        Assert.Equal(MoneyBranchStatus.NotPushed, state.Branch(Xero)!.Status);
        Assert.True(state.IsComplete);
        Assert.Equal(MoneyBranchStatus.NotPushed, MoneyStatusView.From(state, At(1)).State);
    }

    [Fact]
    public void A_redelivered_event_changes_nothing()
    {
        var state = Given(Created(Payment()));

        Assert.Same(state, MoneyRules.Accept(state, Tenant, Created(Payment()), Policy(), At(5)));
    }

    [Fact]
    public void A_payment_waits_visibly_for_its_invoice_and_looks_again_after_a_backoff_under_the_same_key()
    {
        var state = Given(Created(Payment()));
        var post = Next(state, At(1));

        state = Then(state, post, MoneyStepResult.Waiting("waiting for invoice INV-0001") with { Jitter = 0 }, At(2));

        var branch = state.Branch(Xero)!;
        Assert.Equal(MoneyBranchStatus.Waiting, branch.Status);
        Assert.Equal("waiting for invoice INV-0001", branch.Reason);
        Assert.Equal(At(3), branch.NextAttemptAt); // 2 s × ½ (half jitter, jitter 0)
        Assert.Equal(new MoneyWork.NotYet(At(3)), MoneyRules.NextWork(state, Xero, At(2)));
        Assert.Equal(post.Key, Next(state, At(3)).Key);
        Assert.Equal(MoneyBranchStatus.Waiting, MoneyStatusView.From(state, At(2)).State);
    }

    [Fact]
    public void A_posted_payment_is_synced_with_the_ledger_payment_and_its_time()
    {
        var state = Given(Created(Payment()));

        state = Then(state, Next(state, At(1)), MoneyStepResult.Done(Posting("lp-1")), At(2));

        var branch = state.Branch(Xero)!;
        Assert.Equal(MoneyBranchStatus.Synced, branch.Status);
        Assert.Equal("lp-1", branch.Posting!.LedgerId);
        Assert.Equal(At(2), branch.SyncedAt);
        Assert.IsType<MoneyWork.None>(MoneyRules.NextWork(state, Xero, At(3)));
        Assert.False(MoneyStatusView.From(state, At(3)).Late);
    }

    [Fact]
    public void An_ambiguous_post_is_looked_for_again_under_the_same_key_before_anything_is_posted()
    {
        var state = Given(Created(Payment()));
        var post = Next(state, At(1));

        state = Then(state, post, MoneyStepResult.Failed(new LedgerFailure(LedgerFailureKind.Ambiguous, "no answer")) with { Jitter = 0.5 }, At(2));

        var branch = state.Branch(Xero)!;
        Assert.Equal([post.Key.Value], branch.AttemptedKeys);
        Assert.Equal("no answer", branch.LastError);
        var again = Next(state, branch.NextAttemptAt!.Value);
        Assert.Equal(post, again);
    }

    [Fact]
    public void A_throttled_step_waits_for_the_ledgers_retry_after()
    {
        var state = Given(Created(Payment()));

        state = Then(state, Next(state, At(1)), MoneyStepResult.Failed(new LedgerFailure(LedgerFailureKind.Throttled, "429", TimeSpan.FromSeconds(60))), At(2));

        Assert.Equal(At(62), state.Branch(Xero)!.NextAttemptAt);
        Assert.Equal(MoneyBranchStatus.Pending, state.Branch(Xero)!.Status);
    }

    [Theory]
    [InlineData(LedgerFailureKind.Validation, AlertKind.LedgerRejected, "Account code '999' is not a valid code")]
    [InlineData(LedgerFailureKind.AuthorisationLost, AlertKind.ConnectionLost, "The ledger connection needs reconnecting")]
    public void A_refusal_or_a_lost_connection_fails_the_branch_with_an_alert(LedgerFailureKind kind, AlertKind alert, string reason)
    {
        var state = Given(Created(Payment()));

        var (after, alerts) = MoneyRules.Complete(state, Xero, Next(state, At(1)), MoneyStepResult.Failed(new LedgerFailure(kind, "Account code '999' is not a valid code")), Settings, At(2));

        Assert.Equal(MoneyBranchStatus.Failed, after.Branch(Xero)!.Status);
        Assert.Equal(reason, after.Branch(Xero)!.Reason);
        Assert.Equal(alert, Assert.Single(alerts).Kind);
        Assert.True(MoneyStatusView.From(after, At(2)).NeedsAttention);
        Assert.True(MoneyRules.CanRetry(after));
    }

    [Fact]
    public void A_payment_over_the_amount_due_is_refused_not_exported_with_an_alert_at_once()
    {
        var state = Given(Created(Payment(120m)));

        var (after, alerts) = MoneyRules.Complete(state, Xero, Next(state, At(1)), MoneyStepResult.Refused("exceeds amount due 120.00 > 100.00 on INV-0001"), Settings, At(2));

        Assert.Equal(MoneyBranchStatus.Refused, after.Branch(Xero)!.Status);
        Assert.Equal("exceeds amount due 120.00 > 100.00 on INV-0001", after.Branch(Xero)!.Reason);
        Assert.Null(after.Branch(Xero)!.Posting);
        var alert = Assert.Single(alerts);
        Assert.Equal(AlertKind.PaymentRefused, alert.Kind);
        Assert.Contains("120.00 > 100.00", alert.Message, StringComparison.Ordinal);
        var view = MoneyStatusView.From(after, At(2));
        Assert.Equal(MoneyBranchStatus.Refused, view.State);
        Assert.True(view.NeedsAttention);
    }

    [Fact]
    public void An_operator_retry_of_a_refused_payment_evaluates_it_again_under_a_new_key()
    {
        var state = Given(Created(Payment(120m)));
        var first = Next(state, At(1));
        state = Then(state, first, MoneyStepResult.Refused("exceeds amount due"), At(2));

        state = MoneyRules.Retry(state, At(60));

        var again = Next(state, At(60));
        Assert.Equal(MoneyOperation.PostPayment, again.Operation);
        Assert.Equal("t1:t1-xero:pay:pay_1:pay:r2", again.Key.Value);
        Assert.Equal(MoneyBranchStatus.Pending, state.Branch(Xero)!.Status);
        Assert.False(MoneyRules.CanRetry(state));
        Assert.Same(state, MoneyRules.Retry(state, At(61)));
    }

    [Fact]
    public void A_duplicate_is_dropped_and_recorded_with_the_ledger_payment_it_matched()
    {
        var state = Given(Created(Payment()));

        state = Then(state, Next(state, At(1)), MoneyStepResult.Duplicate("bank-rec-7", "duplicate of ledger payment bank-rec-7"), At(2));

        var branch = state.Branch(Xero)!;
        Assert.Equal(MoneyBranchStatus.Duplicate, branch.Status);
        Assert.Equal("bank-rec-7", branch.DuplicateOf);
        Assert.Null(branch.Posting);
        Assert.True(state.IsComplete);
        Assert.Equal(MoneyBranchStatus.Duplicate, MoneyStatusView.From(state, At(2)).State);
    }

    [Fact]
    public void A_step_that_keeps_throwing_fails_its_branch_as_poisoned()
    {
        var state = Given(Created(Payment()));
        var post = Next(state, At(1));

        var (once, none) = MoneyRules.Threw(state, Xero, post, "worker died", 1, Settings, At(2));
        var (thrice, alerts) = MoneyRules.Threw(once, Xero, post, "worker died", 3, Settings, At(9));

        Assert.Empty(none);
        Assert.Equal(MoneyBranchStatus.Pending, once.Branch(Xero)!.Status);
        Assert.Equal([post.Key.Value], once.Branch(Xero)!.AttemptedKeys);
        Assert.Equal(MoneyBranchStatus.Failed, thrice.Branch(Xero)!.Status);
        Assert.Equal(AlertKind.Poisoned, Assert.Single(alerts).Kind);
    }
}
