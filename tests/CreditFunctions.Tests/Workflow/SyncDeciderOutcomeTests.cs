using CreditFunctions.Alerts;
using CreditFunctions.Ledgers;
using CreditFunctions.Workflow;
using static CreditFunctions.Tests.Workflow.WorkflowSamples;

namespace CreditFunctions.Tests.Workflow;

/// <summary>What each class of ledger failure does to a branch.</summary>
public sealed class SyncDeciderOutcomeTests
{
    private static readonly LedgerWriteIntended Create = Intended(LedgerOperation.CreateCreditNote, At(1));
    private static readonly LedgerWriteIntended Allocation = Intended(LedgerOperation.Allocate, At(3), allocation: 0);

    private static SyncEvent[] CreateInFlight(SyncPolicy? policy = null) => [.. Started(Target(1, false, Inv1), policy), Create];

    private static SyncEvent[] AllocationInFlight() => [.. Started(Target(1, false, Inv1)), Create, Succeeded(Create, LedgerDocId, At(2)), Allocation];

    [Theory]
    [InlineData(LedgerFailureKind.Transient)]
    [InlineData(LedgerFailureKind.Throttled)]
    public void A_transient_failure_retries_with_backoff_and_posts_again(LedgerFailureKind kind)
    {
        var spec = DeciderSpec.Given(CreateInFlight())
            .When(CompleteWrite.Fail(Xero, Create.Key, Failure(kind, "busy"), At(2), jitter: 0.75))
            .Then(new LedgerWriteFailed(Xero, Create.Key, kind, "busy", At(2).AddSeconds(1.5), At(2)));

        Assert.Equal(new BranchStep.NotYet(At(2).AddSeconds(1.5)), SyncDecider.NextStep(spec.State, Xero, At(3)));
        var step = Assert.IsType<BranchStep.Write>(SyncDecider.NextStep(spec.State, Xero, At(4)));
        Assert.Equal(Create.Key, step.Key);
        Assert.Equal(SyncStatusState.Syncing, SyncStatusView.From(spec.State, At(4)).State);
    }

    [Fact]
    public void Backoff_grows_with_each_failure_in_a_row()
    {
        var failure = Failure(LedgerFailureKind.Transient);
        var spec = DeciderSpec.Given(CreateInFlight())
            .When(CompleteWrite.Fail(Xero, Create.Key, failure, At(2), jitter: 0.999));
        spec.When(new BeginWrite(Xero, At(10))).When(CompleteWrite.Fail(Xero, Create.Key, failure, At(11), jitter: 0.5));

        Assert.Equal(At(11).AddSeconds(2), spec.Single<LedgerWriteFailed>().RetryAt);
        Assert.Equal(2, spec.State.Branch(Xero)!.ConsecutiveFailures);
    }

    [Fact]
    public void A_longer_retry_after_is_honoured()
    {
        DeciderSpec.Given(CreateInFlight())
            .When(CompleteWrite.Fail(Xero, Create.Key, Failure(LedgerFailureKind.Throttled, "429", TimeSpan.FromSeconds(45)), At(2), jitter: 0.5))
            .Then(new LedgerWriteFailed(Xero, Create.Key, LedgerFailureKind.Throttled, "429", At(47), At(2)));
    }

    [Fact]
    public void Allocation_waits_until_the_invoice_is_in_the_ledger()
    {
        var spec = DeciderSpec.Given(AllocationInFlight())
            .When(CompleteWrite.Fail(Xero, Allocation.Key, Failure(LedgerFailureKind.NotFound, "Invoice not found"), At(4), jitter: 0.5))
            .Then(new LedgerWriteFailed(Xero, Allocation.Key, LedgerFailureKind.NotFound, "Invoice not found", At(5), At(4)));

        var branch = spec.State.Branch(Xero)!;
        Assert.Equal(BranchPhase.Active, branch.Phase);
        Assert.Equal(AllocationStatus.Waiting, branch.Allocations[0].Status);
        var status = SyncStatusView.From(spec.State, At(4));
        Assert.Equal(SyncStatusState.Syncing, status.State);
        Assert.Equal(AllocationStatus.Waiting, status.Ledgers[0].Allocations[0].State);
        Assert.Equal(At(5), status.Ledgers[0].NextAttemptAt);

        var retry = Assert.IsType<BranchStep.Write>(SyncDecider.NextStep(spec.State, Xero, At(5)));
        Assert.Equal(Allocation.Key, retry.Key);
    }

    [Fact]
    public void A_pending_allocation_goes_before_one_that_is_waiting()
    {
        var state = DeciderSpec.Given([.. Started(Target(1, false, Inv1, Inv2)), Create, Succeeded(Create, LedgerDocId, At(2)), Allocation])
            .When(CompleteWrite.Fail(Xero, Allocation.Key, Failure(LedgerFailureKind.NotFound), At(4), 0)).State;

        var step = Assert.IsType<BranchStep.Write>(SyncDecider.NextStep(state, Xero, At(4)));

        Assert.Equal(1, step.AllocationIndex);
    }

    [Fact]
    public void A_rejected_document_fails_the_branch_with_the_ledger_message_and_alerts_once()
    {
        var spec = DeciderSpec.Given(CreateInFlight())
            .When(CompleteWrite.Fail(Xero, Create.Key, Failure(LedgerFailureKind.Validation, "Account code '999' is not a valid code"), At(2), 0))
            .Then(
                new LedgerWriteFailed(Xero, Create.Key, LedgerFailureKind.Validation, "Account code '999' is not a valid code", null, At(2)),
                new BranchHeld(Xero, BranchPhase.Failed, "Account code '999' is not a valid code", At(2)),
                new AlertRaised(AlertKind.LedgerRejected, Xero, $"Credit note {Doc} on {Xero}: Account code '999' is not a valid code", At(2)));

        var status = SyncStatusView.From(spec.State, At(2));
        Assert.Equal(SyncStatusState.Failed, status.State);
        Assert.Equal("Account code '999' is not a valid code", status.Ledgers[0].LastError);
        Assert.True(status.NeedsAttention);
        Assert.IsType<BranchStep.None>(SyncDecider.NextStep(spec.State, Xero, At(1000)));
        spec.When(new BeginWrite(Xero, At(3))).ThenNothing();
        spec.When(new Tick(At(100))).ThenNothing();
    }

    [Fact]
    public void A_rejected_allocation_is_failed()
    {
        var spec = DeciderSpec.Given(AllocationInFlight())
            .When(CompleteWrite.Fail(Xero, Allocation.Key, Failure(LedgerFailureKind.Validation, "The invoice you are trying to allocate to has already been paid off"), At(4), 0));

        Assert.Equal(AllocationStatus.Failed, spec.State.Branch(Xero)!.Allocations[0].Status);
        Assert.Equal(AlertKind.LedgerRejected, spec.Single<AlertRaised>().Kind);
    }

    [Fact]
    public void A_closed_period_held_by_policy_fails_and_alerts()
    {
        var spec = DeciderSpec.Given(CreateInFlight())
            .When(CompleteWrite.Fail(Xero, Create.Key, Failure(LedgerFailureKind.PeriodLocked, "The document date cannot be before the period lock date"), At(2), 0, new DateOnly(2026, 12, 1)));

        Assert.Equal(BranchPhase.Failed, spec.Single<BranchHeld>().Phase);
        Assert.Equal(AlertKind.PeriodLocked, spec.Single<AlertRaised>().Kind);
    }

    [Fact]
    public void A_closed_period_is_redated_to_the_first_open_day_under_a_new_key()
    {
        var firstOpenDay = new DateOnly(2026, 12, 1);

        var spec = DeciderSpec.Given(CreateInFlight(Redate))
            .When(CompleteWrite.Fail(Xero, Create.Key, Failure(LedgerFailureKind.PeriodLocked, "locked"), At(2), 0, firstOpenDay))
            .Then(
                new LedgerWriteFailed(Xero, Create.Key, LedgerFailureKind.PeriodLocked, "locked", At(2), At(2)),
                new DocumentRedated(Xero, null, firstOpenDay, At(2)));

        var step = Assert.IsType<BranchStep.Write>(SyncDecider.NextStep(spec.State, Xero, At(2)));
        Assert.Equal(firstOpenDay, step.Date);
        Assert.Equal(Key(LedgerOperation.CreateCreditNote, redatedTo: firstOpenDay), step.Key);
        Assert.NotEqual(Create.Key, step.Key);
    }

    [Fact]
    public void A_redate_that_does_not_move_forward_holds_instead_of_looping()
    {
        var spec = DeciderSpec.Given(CreateInFlight(Redate))
            .When(CompleteWrite.Fail(Xero, Create.Key, Failure(LedgerFailureKind.PeriodLocked, "locked"), At(2), 0, Date));

        Assert.Equal(BranchPhase.Failed, spec.Single<BranchHeld>().Phase);
    }

    [Fact]
    public void A_closed_period_on_an_allocation_redates_that_allocation()
    {
        var firstOpenDay = new DateOnly(2026, 12, 1);
        var state = DeciderSpec.Given([.. Started(Target(1, false, Inv1), Redate), Create, Succeeded(Create, LedgerDocId, At(2)), Allocation]).State;

        var spec = DeciderSpec.Given(state)
            .When(CompleteWrite.Fail(Xero, Allocation.Key, Failure(LedgerFailureKind.PeriodLocked, "locked"), At(4), 0, firstOpenDay))
            .Then(
                new LedgerWriteFailed(Xero, Allocation.Key, LedgerFailureKind.PeriodLocked, "locked", At(4), At(4)),
                new DocumentRedated(Xero, 0, firstOpenDay, At(4)));

        var step = Assert.IsType<BranchStep.Write>(SyncDecider.NextStep(spec.State, Xero, At(4)));
        Assert.Equal((LedgerOperation.Allocate, firstOpenDay), (step.Operation, step.Date));
    }

    [Fact]
    public void A_lost_authorisation_parks_the_branch_until_the_connection_is_restored()
    {
        var spec = DeciderSpec.Given(CreateInFlight())
            .When(CompleteWrite.Fail(Xero, Create.Key, Failure(LedgerFailureKind.AuthorisationLost, "invalid_grant"), At(2), 0));

        Assert.Equal(BranchPhase.Parked, spec.Single<BranchHeld>().Phase);
        Assert.Equal(AlertKind.ConnectionLost, spec.Single<AlertRaised>().Kind);
        var status = SyncStatusView.From(spec.State, At(2));
        Assert.Equal(SyncStatusState.Failed, status.State);
        Assert.True(status.Ledgers[0].NeedsReconnecting);
        Assert.StartsWith(SyncDecider.ReconnectMessage, status.Ledgers[0].LastError, StringComparison.Ordinal);
        spec.When(new Tick(At(600))).ThenNothing();

        spec.When(new RestoreConnection(Xero, At(700))).Then(new BranchResumed(Xero, NewRound: false, At(700)));
        var step = Assert.IsType<BranchStep.Write>(SyncDecider.NextStep(spec.State, Xero, At(700)));
        Assert.Equal(Create.Key, step.Key);
    }

    [Fact]
    public void Restoring_a_connection_that_is_not_parked_decides_nothing()
    {
        DeciderSpec.Given(CreateInFlight()).When(new RestoreConnection(Xero, At(5))).ThenNothing();
    }

    [Fact]
    public void The_daily_limit_retries_after_it_resets_and_alerts_once()
    {
        var failure = Failure(LedgerFailureKind.DailyLimitReached, "daily limit", TimeSpan.FromHours(3));

        var spec = DeciderSpec.Given(CreateInFlight())
            .When(CompleteWrite.Fail(Xero, Create.Key, failure, At(2), 0.5))
            .Then(
                new LedgerWriteFailed(Xero, Create.Key, LedgerFailureKind.DailyLimitReached, "daily limit", At(2).AddHours(3), At(2)),
                new AlertRaised(AlertKind.DailyLimitReached, Xero, $"Credit note {Doc} on {Xero}: daily limit", At(2)));

        var later = At(2).AddHours(3);
        spec.When(new BeginWrite(Xero, later))
            .When(CompleteWrite.Fail(Xero, Create.Key, failure, later, 0.5))
            .Then(new LedgerWriteFailed(Xero, Create.Key, LedgerFailureKind.DailyLimitReached, "daily limit", later.AddHours(3), later));
        Assert.Equal(BranchPhase.Active, spec.State.Branch(Xero)!.Phase);
    }

    [Fact]
    public void A_success_clears_the_last_error()
    {
        var spec = DeciderSpec.Given(CreateInFlight())
            .When(CompleteWrite.Fail(Xero, Create.Key, Failure(LedgerFailureKind.Transient, "503"), At(2), 0))
            .When(new BeginWrite(Xero, At(3)))
            .When(CompleteWrite.Success(Xero, Create.Key, LedgerDocId, At(4)));

        var branch = spec.State.Branch(Xero)!;
        Assert.Null(branch.LastError);
        Assert.Equal(0, branch.ConsecutiveFailures);
        Assert.Equal(2, branch.Attempts);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Jitter_outside_zero_to_one_is_refused(double jitter)
    {
        var state = DeciderSpec.Given(CreateInFlight()).State;

        Assert.Throws<ArgumentOutOfRangeException>(() => SyncDecider.Decide(state, CompleteWrite.Fail(Xero, Create.Key, Failure(LedgerFailureKind.Transient), At(2), jitter)));
    }

    [Fact]
    public void A_result_that_is_both_success_and_failure_is_impossible()
    {
        var state = DeciderSpec.Given(CreateInFlight()).State;

        DeciderSpec.ThrowsWhen(state, new CompleteWrite(Xero, Create.Key, true, LedgerDocId, Failure(LedgerFailureKind.Transient), At(2)));
    }
}
