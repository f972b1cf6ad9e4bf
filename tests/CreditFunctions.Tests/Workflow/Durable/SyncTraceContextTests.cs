using CreditFunctions.Workflow.Durable;
using Microsoft.DurableTask;
using static CreditFunctions.Tests.Workflow.WorkflowSamples;

namespace CreditFunctions.Tests.Workflow.Durable;

/// <summary>
/// One trace from webhook to ledger: the orchestration hands the trace context of the event it is syncing — from its
/// start input, then from each inbox signal — to every activity it calls (Diagnostics/SyncTracing.cs).
/// </summary>
public sealed class SyncTraceContextTests
{
    private const string FirstWebhook = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private const string Amendment = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    [Fact]
    public async Task Ledger_calls_and_records_carry_the_trace_of_the_event_that_caused_them_and_an_amendment_brings_its_own()
    {
        var activities = new ScriptedActivities();
        activities.Inbox(Target());
        await using var harness = await OrchestratorHarness.StartAsync(activities);

        await harness.Client.ScheduleNewOrchestrationInstanceAsync(
            SyncOrchestration.Name,
            new SyncOrchestrationInput(Tenant, Doc, OrchestratorHarness.FastSettings, Opening: activities.Open(), TraceParent: FirstWebhook),
            new StartOrchestrationOptions(harness.InstanceId));
        await harness.RecordedAsync(s => s.IsComplete);
        activities.Inbox(Target(version: 2));
        await harness.Client.RaiseEventAsync(harness.InstanceId, SyncOrchestration.SignalEvent, new SyncSignal(SyncSignalKind.Inbox, T0, TraceParent: Amendment));
        await harness.RecordedAsync(s => s.IsComplete && s.Branches[0].AppliedVersion == 2);

        Assert.Equal([FirstWebhook, Amendment], activities.Writes.Select(w => w.TraceParent));
        Assert.Equal(FirstWebhook, activities.Progress[0].TraceParent);
        Assert.Equal(Amendment, activities.Progress[^1].TraceParent);
    }
}
