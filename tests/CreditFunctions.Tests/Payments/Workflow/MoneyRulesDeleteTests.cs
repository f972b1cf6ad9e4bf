using CreditFunctions.Ledgers;
using CreditFunctions.Payments.Workflow;
using static CreditFunctions.Tests.Payments.Workflow.MoneySamples;

namespace CreditFunctions.Tests.Payments.Workflow;

/// <summary>payment.deleted: ours is deleted in the ledger, a matched duplicate never is, and a delete wins over a create still under way.</summary>
public sealed class MoneyRulesDeleteTests
{
    [Fact]
    public void A_delete_of_a_posted_payment_deletes_ours_in_the_ledger()
    {
        var state = Given(Created(Payment()));
        state = Then(state, Next(state, At(1)), MoneyStepResult.Done(Posting("lp-1")), At(2));

        state = MoneyRules.Accept(state, Tenant, Deleted(), Policy(), At(10));
        var delete = Next(state, At(10));
        state = Then(state, delete, MoneyStepResult.Done(Posting("lp-1"), "ledger payment lp-1 deleted"), At(11));

        Assert.Equal(MoneyOperation.DeletePayment, delete.Operation);
        Assert.Equal("t1:t1-xero:pay:pay_1:delete:r1", delete.Key.Value);
        Assert.Equal(MoneyBranchStatus.Deleted, state.Branch(Xero)!.Status);
        Assert.Equal(MoneyBranchStatus.Deleted, MoneyStatusView.From(state, At(11)).State);
        Assert.IsType<MoneyWork.None>(MoneyRules.NextWork(state, Xero, At(12)));
    }

    [Fact]
    public void A_delete_before_the_payment_was_posted_wins_and_nothing_is_posted()
    {
        var state = Given(Created(Payment()), Deleted());

        Assert.IsType<MoneyWork.None>(MoneyRules.NextWork(state, Xero, At(5)));
        Assert.Equal(MoneyBranchStatus.Deleted, state.Branch(Xero)!.Status);
        Assert.Equal("deleted in the order system before it was posted", state.Branch(Xero)!.Reason);
    }

    [Fact]
    public void A_delete_that_arrives_before_its_create_still_wins()
    {
        var state = Given(Deleted(), Created(Payment()));

        Assert.IsType<MoneyWork.None>(MoneyRules.NextWork(state, Xero, At(5)));
        Assert.Equal(MoneyBranchStatus.Deleted, state.Branch(Xero)!.Status);
    }

    [Fact]
    public void A_post_that_lands_after_the_delete_was_accepted_is_deleted_next()
    {
        var state = Given(Created(Payment()));
        var post = Next(state, At(1)); // the call is under way when the delete arrives
        state = MoneyRules.Accept(state, Tenant, Deleted(), Policy(), At(2));

        state = Then(state, post, MoneyStepResult.Done(Posting("lp-1")), At(3));

        var delete = Next(state, At(3));
        Assert.Equal(MoneyOperation.DeletePayment, delete.Operation);
        Assert.Equal("lp-1", state.Branch(Xero)!.Posting!.LedgerId);
    }

    [Fact]
    public void After_an_ambiguous_post_a_delete_looks_for_what_it_may_have_made()
    {
        var state = Given(Created(Payment()));
        var post = Next(state, At(1));
        state = Then(state, post, MoneyStepResult.Failed(new LedgerFailure(LedgerFailureKind.Ambiguous, "timeout")), At(2));

        state = MoneyRules.Accept(state, Tenant, Deleted(), Policy(), At(3));

        Assert.Equal(MoneyOperation.DeletePayment, Next(state, At(3)).Operation);
        Assert.Equal([post.Key.Value], state.Branch(Xero)!.AttemptedKeys);
        state = Then(state, Next(state, At(3)), MoneyStepResult.Done(null, "nothing of ours was in the ledger"), At(4));
        Assert.Equal(MoneyBranchStatus.Deleted, state.Branch(Xero)!.Status);
    }

    [Fact]
    public void A_delete_of_a_dropped_duplicate_never_touches_the_ledger_payment_it_matched()
    {
        var state = Given(Created(Payment()));
        state = Then(state, Next(state, At(1)), MoneyStepResult.Duplicate("bank-rec-7", "duplicate"), At(2));

        state = MoneyRules.Accept(state, Tenant, Deleted(), Policy(), At(3));

        Assert.IsType<MoneyWork.None>(MoneyRules.NextWork(state, Xero, At(3)));
        Assert.Equal(MoneyBranchStatus.Deleted, state.Branch(Xero)!.Status);
        Assert.Contains("bank-rec-7 was not ours", state.Branch(Xero)!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_post_that_was_still_waiting_for_its_invoice_when_the_delete_arrived_ends_deleted()
    {
        var state = Given(Created(Payment()));
        var post = Next(state, At(1)); // under way: the invoice is looked for
        state = MoneyRules.Accept(state, Tenant, Deleted(), Policy(), At(2));

        state = Then(state, post, MoneyStepResult.Waiting("waiting for invoice INV-0001"), At(3));

        Assert.Equal(MoneyBranchStatus.Deleted, state.Branch(Xero)!.Status);
        Assert.True(state.IsComplete);
        Assert.IsType<MoneyWork.None>(MoneyRules.NextWork(state, Xero, At(60)));
    }
}
