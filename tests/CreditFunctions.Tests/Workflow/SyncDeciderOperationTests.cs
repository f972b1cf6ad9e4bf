using CreditFunctions.Alerts;
using CreditFunctions.Ledgers;
using CreditFunctions.Workflow;
using static CreditFunctions.Tests.Workflow.WorkflowSamples;

namespace CreditFunctions.Tests.Workflow;

/// <summary>What operators do: retry, and what the queue does with poison messages.</summary>
public sealed class SyncDeciderOperationTests
{
    private static readonly LedgerWriteIntended Create = Intended(LedgerOperation.CreateCreditNote, At(1));

    private static SyncEvent[] Rejected() =>
    [
        .. Started(), Create,
        new LedgerWriteFailed(Xero, Create.Key, LedgerFailureKind.Validation, "Account code '999' is not a valid code", null, At(2)),
        new BranchHeld(Xero, BranchPhase.Failed, "Account code '999' is not a valid code", At(2)),
    ];

    [Fact]
    public void Retry_runs_a_failed_branch_again_under_a_new_round_and_keeps_its_history()
    {
        var spec = DeciderSpec.Given(Rejected())
            .When(new Retry(At(60)))
            .Then(new BranchResumed(Xero, NewRound: true, At(60)));

        var step = Assert.IsType<BranchStep.Write>(SyncDecider.NextStep(spec.State, Xero, At(60)));
        Assert.Equal(Key(LedgerOperation.CreateCreditNote, round: 2), step.Key);
        Assert.NotEqual(Create.Key, step.Key);

        spec.When(new BeginWrite(Xero, At(61)));
        var branch = spec.State.Branch(Xero)!;
        Assert.Equal(2, branch.Attempts);
        Assert.Equal("Account code '999' is not a valid code", branch.LastError);
        Assert.Equal(SyncStatusState.Syncing, SyncStatusView.From(spec.State, At(61)).State);
    }

    [Fact]
    public void Retry_resets_failed_allocations()
    {
        var allocate = Intended(LedgerOperation.Allocate, At(3), allocation: 0);
        var spec = DeciderSpec.Given([.. Started(Target(1, false, Inv1)), Create, Succeeded(Create, LedgerDocId, At(2)), allocate])
            .When(CompleteWrite.Fail(Xero, allocate.Key, Failure(LedgerFailureKind.Validation), At(4), 0))
            .When(new Retry(At(60)));

        Assert.Equal(AllocationStatus.Pending, spec.State.Branch(Xero)!.Allocations[0].Status);
        Assert.Equal(Key(LedgerOperation.Allocate, round: 2, allocation: 0), Assert.IsType<BranchStep.Write>(SyncDecider.NextStep(spec.State, Xero, At(60))).Key);
    }

    [Fact]
    public void Retry_of_a_document_that_needs_no_attention_decides_nothing()
    {
        var state = DeciderSpec.Given(Synced()).State;

        Assert.False(SyncDecider.CanRetry(state));
        Assert.True(SyncDecider.CanRetry(DeciderSpec.Given(Rejected()).State));
        DeciderSpec.Given(state).When(new Retry(At(60))).ThenNothing();
    }

    [Fact]
    public void Retry_twice_resumes_once()
    {
        DeciderSpec.Given(Rejected()).When(new Retry(At(60))).When(new Retry(At(61))).ThenNothing();
    }

    [Fact]
    public void Retry_before_the_first_event_is_impossible()
    {
        DeciderSpec.ThrowsWhen(SyncState.Initial, new Retry(T0));
    }

    [Fact]
    public void Retry_resumes_a_parked_branch()
    {
        DeciderSpec.Given([.. Started(), Create])
            .When(CompleteWrite.Fail(Xero, Create.Key, Failure(LedgerFailureKind.AuthorisationLost), At(2), 0))
            .When(new Retry(At(60)))
            .Then(new BranchResumed(Xero, NewRound: true, At(60)));
    }

    [Fact]
    public void A_poisoned_step_fails_the_branch_and_alerts()
    {
        var spec = DeciderSpec.Given(Started())
            .When(new MarkPoisoned(Xero, "dequeued 5 times", At(60)))
            .Then(
                new BranchHeld(Xero, BranchPhase.Failed, "Poisoned: dequeued 5 times", At(60)),
                new AlertRaised(AlertKind.Poisoned, Xero, $"Credit note {Doc} on {Xero}: dequeued 5 times", At(60)));

        Assert.Equal(SyncStatusState.Failed, SyncStatusView.From(spec.State, At(60)).State);
        spec.When(new MarkPoisoned(Xero, "again", At(61))).ThenNothing();
    }

    [Fact]
    public void A_poisoned_step_of_a_synced_branch_changes_nothing()
    {
        DeciderSpec.Given(Synced()).When(new MarkPoisoned(Xero, "late duplicate", At(60))).ThenNothing();
    }

    [Fact]
    public void A_poisoned_write_in_flight_is_read_back_after_a_retry()
    {
        var spec = DeciderSpec.Given([.. Started(), Create])
            .When(new MarkPoisoned(Xero, "dequeued 5 times", At(60)))
            .When(new Retry(At(600)));

        Assert.IsType<BranchStep.ReadBack>(SyncDecider.NextStep(spec.State, Xero, At(600)));
    }
}
