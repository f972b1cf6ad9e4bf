using CreditFunctions.Alerts;
using CreditFunctions.Ledgers;
using CreditFunctions.Workflow;
using CreditFunctions.Workflow.Durable;
using static CreditFunctions.Tests.Workflow.WorkflowSamples;

namespace CreditFunctions.Tests.Workflow.Durable;

/// <summary>
/// The orchestrator on the SDK's in-process test host (durable-local.md): it sequences what <see cref="SyncDecider"/>
/// decides — activities, durable timers, signals — and records the state the status API shows. The rules themselves
/// are specified by the decider's Given/When/Then tests.
/// </summary>
public sealed class SyncOrchestratorTests
{
    [Fact]
    public async Task A_new_credit_note_is_created_then_allocated_and_recorded_synced()
    {
        var activities = new ScriptedActivities();
        activities.Inbox(Target(allocations: Inv1));
        activities.Then(_ => ScriptedActivities.Ok(LedgerDocId));
        activities.Then(_ => ScriptedActivities.Ok("alloc-1"));
        await using var harness = await OrchestratorHarness.StartAsync(activities);

        await harness.StartAsync();

        var state = await harness.RecordedAsync(s => s.IsComplete);
        Assert.Equal([LedgerOperation.CreateCreditNote, LedgerOperation.Allocate], activities.Writes.Select(w => w.Write.Operation));
        Assert.Equal(LedgerDocId, state.Branches[0].LedgerDocumentId);
        Assert.Equal(BranchPhase.Synced, state.Branches[0].Phase);
        Assert.Equal(activities.Writes[0].Write.Key, Key(LedgerOperation.CreateCreditNote));
    }

    [Fact]
    public async Task A_transient_failure_is_retried_after_a_durable_timer_with_the_same_key()
    {
        var activities = new ScriptedActivities();
        activities.Inbox(Target());
        activities.Then(_ => ScriptedActivities.Fails(LedgerFailureKind.Transient, "503"));
        await using var harness = await OrchestratorHarness.StartAsync(activities);

        await harness.StartAsync();

        var state = await harness.RecordedAsync(s => s.IsComplete);
        Assert.Equal(2, activities.Writes.Count);
        Assert.Equal(activities.Writes[0].Write.Key, activities.Writes[1].Write.Key);
        Assert.Equal(2, state.Branches[0].Attempts);
    }

    [Fact]
    public async Task An_activity_that_throws_is_read_back_before_anything_is_posted_again()
    {
        var activities = new ScriptedActivities { ReadBackFinds = Found() };
        activities.Inbox(Target());
        activities.Then(_ => throw new InvalidOperationException("worker died mid-call"));
        await using var harness = await OrchestratorHarness.StartAsync(activities);

        await harness.StartAsync();

        var state = await harness.RecordedAsync(s => s.IsComplete);
        Assert.Single(activities.Writes);
        Assert.Single(activities.ReadBacks);
        Assert.Equal(LedgerDocId, state.Branches[0].LedgerDocumentId);
    }

    [Fact]
    public async Task A_ledger_call_that_keeps_throwing_fails_its_branch_as_poisoned_with_an_alert()
    {
        var activities = new ScriptedActivities { ReadBackFinds = null };
        activities.Inbox(Target());
        for (var i = 0; i < 5; i++)
        {
            activities.Then(_ => throw new InvalidOperationException("bug"));
        }

        await using var harness = await OrchestratorHarness.StartAsync(activities);
        await harness.StartAsync();

        var state = await harness.RecordedAsync(s => s.Branches.Count > 0 && s.Branches[0].Phase == BranchPhase.Failed);
        Assert.Contains(activities.Alerts, a => a.Kind == AlertKind.Poisoned);
        Assert.StartsWith("Poisoned", state.Branches[0].LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_amendment_signalled_to_a_synced_instance_updates_the_same_ledger_document()
    {
        var activities = new ScriptedActivities();
        activities.Inbox(Target());
        await using var harness = await OrchestratorHarness.StartAsync(activities);
        await harness.StartAsync();
        await harness.RecordedAsync(s => s.IsComplete);

        activities.Inbox(Target(version: 2));
        await harness.SignalAsync(SyncSignalKind.Inbox);

        var state = await harness.RecordedAsync(s => s.IsComplete && s.Branches[0].AppliedVersion == 2);
        Assert.Equal([LedgerOperation.CreateCreditNote, LedgerOperation.UpdateCreditNote], activities.Writes.Select(w => w.Write.Operation));
        Assert.Equal(LedgerDocId, activities.Writes[1].Write.LedgerDocumentId);
        Assert.Equal(LedgerDocId, state.Branches[0].LedgerDocumentId);
    }

    [Fact]
    public async Task Every_decided_event_reaches_the_timeline_once_in_order_and_each_write_names_its_attempt()
    {
        var activities = new ScriptedActivities();
        activities.Inbox(Target());
        activities.Then(_ => ScriptedActivities.Fails(LedgerFailureKind.Validation, "Account code 999 is not valid"));
        await using var harness = await OrchestratorHarness.StartAsync(activities);
        await harness.StartAsync();
        await harness.RecordedAsync(s => s.Branches.Count > 0 && s.Branches[0].Phase == BranchPhase.Failed);

        await harness.SignalAsync(SyncSignalKind.Retry);
        await harness.RecordedAsync(s => s.IsComplete);

        var timeline = activities.Timeline;
        var events = timeline.Select(t => SyncStateJson.DeserializeEvent(t.Event)).ToList();
        Assert.Equal(timeline.Count, timeline.Distinct().Count());
        Assert.IsType<SyncStarted>(events[0]);
        var held = Assert.Single(events, e => e is BranchHeld { Phase: BranchPhase.Failed });
        var resumed = Assert.Single(events, e => e is BranchResumed { NewRound: true });
        var synced = Assert.Single(events, e => e is BranchSynced);
        Assert.True(events.IndexOf(held) < events.IndexOf(resumed) && events.IndexOf(resumed) < events.IndexOf(synced));
        Assert.Equal([1, 2], timeline.Where(t => SyncStateJson.DeserializeEvent(t.Event) is LedgerWriteIntended).Select(t => t.Attempt));
        Assert.All(timeline.Where(t => SyncStateJson.DeserializeEvent(t.Event) is not LedgerWriteIntended), t => Assert.Null(t.Attempt));
    }

    [Fact]
    public async Task A_permanent_failure_waits_for_an_operator_retry_which_posts_under_a_new_round()
    {
        var activities = new ScriptedActivities();
        activities.Inbox(Target());
        activities.Then(_ => ScriptedActivities.Fails(LedgerFailureKind.Validation, "Account code 999 is not valid"));
        await using var harness = await OrchestratorHarness.StartAsync(activities);
        await harness.StartAsync();
        await harness.RecordedAsync(s => s.Branches.Count > 0 && s.Branches[0].Phase == BranchPhase.Failed);
        Assert.Single(activities.Writes);

        await harness.SignalAsync(SyncSignalKind.Retry);

        await harness.RecordedAsync(s => s.IsComplete);
        Assert.Equal(2, activities.Writes.Count);
        Assert.Equal(Key(LedgerOperation.CreateCreditNote, round: 2), activities.Writes[1].Write.Key);
        Assert.Contains(activities.Alerts, a => a.Kind == AlertKind.LedgerRejected);
    }

    [Fact]
    public async Task A_lost_connection_parks_the_branch_until_its_restore_signal()
    {
        var activities = new ScriptedActivities();
        activities.Inbox(Target());
        activities.Then(_ => ScriptedActivities.Fails(LedgerFailureKind.AuthorisationLost, "invalid_grant"));
        await using var harness = await OrchestratorHarness.StartAsync(activities);
        await harness.StartAsync();
        await harness.RecordedAsync(s => s.Branches.Count > 0 && s.Branches[0].Phase == BranchPhase.Parked);

        await harness.SignalAsync(SyncSignalKind.Restore, Xero);

        await harness.RecordedAsync(s => s.IsComplete);
        Assert.Equal(2, activities.Writes.Count);
        Assert.Equal(activities.Writes[0].Write.Key, activities.Writes[1].Write.Key); // same round: same key
    }

    [Fact]
    public async Task A_tick_past_the_deadline_raises_the_sla_alert_once()
    {
        var activities = new ScriptedActivities();
        activities.Inbox(Target());
        activities.Then(_ => ScriptedActivities.Fails(LedgerFailureKind.PeriodLocked, "locked"));
        await using var harness = await OrchestratorHarness.StartAsync(activities);
        await harness.StartAsync();
        await harness.RecordedAsync(s => s.Branches.Count > 0 && s.Branches[0].Phase == BranchPhase.Failed);

        // The timer function's clock, past the deadline (T0 + 30 min), arrives in the signal.
        await harness.Client.RaiseEventAsync(harness.InstanceId, SyncOrchestration.SignalEvent, new SyncSignal(SyncSignalKind.Tick, T0.AddMinutes(31)));
        await harness.Client.RaiseEventAsync(harness.InstanceId, SyncOrchestration.SignalEvent, new SyncSignal(SyncSignalKind.Tick, T0.AddMinutes(32)));

        await harness.RecordedAsync(s => s.SlaBreachedAt is not null);
        await harness.SignalAsync(SyncSignalKind.Inbox); // one more round trip, so a second alert would have been recorded
        await harness.RecordedAsync(s => s.SlaBreachedAt is not null);
        Assert.Single(activities.Alerts, a => a.Kind == AlertKind.SlaBreached);
    }

    [Fact]
    public async Task The_instance_continues_as_new_and_keeps_its_state()
    {
        var activities = new ScriptedActivities();
        activities.Inbox(Target());
        await using var harness = await OrchestratorHarness.StartAsync(activities);
        await harness.StartAsync(OrchestratorHarness.FastSettings with { MaxMessagesPerExecution = 3 });
        await harness.RecordedAsync(s => s.IsComplete);

        // Enough signals to continue as new at least once; then an amendment still reaches the same document.
        for (var i = 0; i < 4; i++)
        {
            await harness.SignalAsync(SyncSignalKind.Tick);
        }

        activities.Inbox(Target(version: 2));
        await harness.SignalAsync(SyncSignalKind.Inbox);

        var state = await harness.RecordedAsync(s => s.IsComplete && s.Branches[0].AppliedVersion == 2);
        Assert.Equal(LedgerOperation.UpdateCreditNote, activities.Writes[^1].Write.Operation);
        Assert.Equal(LedgerDocId, state.Branches[0].LedgerDocumentId);
        Assert.Equal(1, state.Branches[0].Generation);
    }

    [Fact]
    public async Task A_restarted_instance_resumes_from_its_recorded_state_without_posting_again()
    {
        var synced = SyncDecider.EvolveAll(SyncState.Initial, Synced());
        var activities = new ScriptedActivities { StoredState = SyncStateJson.Serialize(synced) };
        activities.Inbox(Target());
        await using var harness = await OrchestratorHarness.StartAsync(activities);

        await harness.StartAsync();
        activities.Inbox(Target(version: 2));
        await harness.SignalAsync(SyncSignalKind.Inbox);

        await harness.RecordedAsync(s => s.Branches[0].AppliedVersion == 2);
        Assert.Equal([LedgerOperation.UpdateCreditNote], activities.Writes.Select(w => w.Write.Operation));
    }
}
