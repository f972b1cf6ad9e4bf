using CreditFunctions.Alerts;
using CreditFunctions.Ledgers;
using CreditFunctions.Workflow;
using static CreditFunctions.Tests.Workflow.WorkflowSamples;

namespace CreditFunctions.Tests.Workflow;

/// <summary>The timer: SLA alerts exactly once, recovery notices, lost steps recovered.</summary>
public sealed class SyncDeciderTimerTests
{
    private static readonly DateTimeOffset Deadline = T0.AddMinutes(30);

    // A create that keeps failing transiently with a retry far out, so no step is due at the deadline.
    private static SyncEvent[] Retrying()
    {
        var create = Intended(LedgerOperation.CreateCreditNote, At(1));
        return [.. Started(), create, new LedgerWriteFailed(Xero, create.Key, LedgerFailureKind.Transient, "503", Deadline.AddMinutes(10), At(2))];
    }

    [Fact]
    public void Nothing_happens_before_the_deadline()
    {
        DeciderSpec.Given(Retrying()).When(new Tick(Deadline.AddSeconds(-1))).ThenNothing();
    }

    [Fact]
    public void An_unsynced_document_past_its_deadline_alerts_exactly_once()
    {
        var spec = DeciderSpec.Given(Retrying())
            .When(new Tick(Deadline))
            .Then(new AlertRaised(AlertKind.SlaBreached, null, $"Credit note {Doc} is not synced 30 minutes after it was accepted.", Deadline));

        Assert.Equal(Deadline, spec.State.SlaBreachedAt);
        Assert.True(SyncStatusView.From(spec.State, Deadline).Late);
        spec.When(new Tick(Deadline.AddMinutes(1))).ThenNothing();
    }

    [Fact]
    public void A_failed_document_past_its_deadline_also_alerts()
    {
        var create = Intended(LedgerOperation.CreateCreditNote, At(1));
        var spec = DeciderSpec.Given([.. Started(), create, new LedgerWriteFailed(Xero, create.Key, LedgerFailureKind.Validation, "no", null, At(2)), new BranchHeld(Xero, BranchPhase.Failed, "no", At(2))])
            .When(new Tick(Deadline));

        Assert.Equal(AlertKind.SlaBreached, spec.Single<AlertRaised>().Kind);
    }

    [Fact]
    public void A_synced_document_never_alerts()
    {
        DeciderSpec.Given(Synced()).When(new Tick(Deadline.AddHours(1))).ThenNothing();
    }

    [Fact]
    public void A_document_synced_after_a_breach_sends_one_recovery_notice()
    {
        var create = Intended(LedgerOperation.CreateCreditNote, Deadline.AddMinutes(10));
        var late = Deadline.AddMinutes(11);

        var spec = DeciderSpec.Given([.. Retrying(), new AlertRaised(AlertKind.SlaBreached, null, "late", Deadline), create])
            .When(CompleteWrite.Success(Xero, create.Key, LedgerDocId, late))
            .Then(
                Succeeded(create, LedgerDocId, late),
                new BranchSynced(Xero, 1, late),
                new AlertRaised(AlertKind.SlaRecovered, null, $"Credit note {Doc} synced 41 minutes after it was accepted.", late));

        var status = SyncStatusView.From(spec.State, late);
        Assert.Equal(SyncStatusState.Synced, status.State);
        Assert.True(status.Late);
        spec.When(new Tick(late.AddMinutes(5))).ThenNothing();
    }

    [Fact]
    public void A_document_synced_in_time_is_not_late()
    {
        Assert.False(SyncStatusView.From(DeciderSpec.Given(Synced()).State, Deadline.AddDays(1)).Late);
    }

    [Fact]
    public void A_lost_step_message_is_recovered_once_its_lease_has_passed()
    {
        var state = DeciderSpec.Given(Started()).State;
        var leaseEnd = T0 + SyncDecider.StepLease;

        DeciderSpec.Given(state).When(new Tick(leaseEnd.AddSeconds(-1))).ThenNothing();
        var spec = DeciderSpec.Given(state).When(new Tick(leaseEnd)).Then(new StepRecovered(Xero, leaseEnd));

        // Re-enqueued: leased again, so the next sweep does not enqueue it twice.
        spec.When(new Tick(leaseEnd.AddMinutes(1))).ThenNothing();
        Assert.Equal(leaseEnd + SyncDecider.StepLease, spec.State.Branch(Xero)!.LeaseUntil);
    }

    [Fact]
    public void A_due_retry_is_recovered_when_its_message_is_lost()
    {
        var state = DeciderSpec.Given(Retrying()).State;
        var retryAt = Deadline.AddMinutes(10);

        Assert.Empty(SyncDecider.DueBranches(state, retryAt));
        Assert.Equal([Xero], SyncDecider.DueBranches(state, retryAt + SyncDecider.StepLease));
    }

    [Fact]
    public void Next_wake_is_the_earliest_lease_or_the_deadline()
    {
        Assert.Equal(T0 + SyncDecider.StepLease, SyncDecider.NextWakeAt(DeciderSpec.Given(Started()).State));
        Assert.Equal(Deadline, SyncDecider.NextWakeAt(DeciderSpec.Given(Retrying()).State));
        Assert.Null(SyncDecider.NextWakeAt(DeciderSpec.Given(Synced()).State));
    }

    [Fact]
    public void A_tick_before_the_first_event_decides_nothing()
    {
        DeciderSpec.Given().When(new Tick(T0)).ThenNothing();
    }
}
