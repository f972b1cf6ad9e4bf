using System.Text.Json;
using CreditFunctions.Alerts;
using CreditFunctions.Ledgers;
using CreditFunctions.Workflow;
using static CreditFunctions.Tests.Workflow.WorkflowSamples;

namespace CreditFunctions.Tests.Workflow;

public sealed class SyncStateJsonTests
{
    private static SyncState Rich()
    {
        var create = Intended(LedgerOperation.CreateCreditNote, At(1));
        var allocate = Intended(LedgerOperation.Allocate, At(3), allocation: 0);
        return DeciderSpec.Given(
        [
            .. Started(Target(1, false, Inv1, Inv2), Redate, XeroConnection, QboConnection), create, Succeeded(create, LedgerDocId, At(2)), allocate,
            new LedgerWriteFailed(Xero, allocate.Key, LedgerFailureKind.NotFound, "no invoice", At(10), At(4)),
            new AlertRaised(AlertKind.SlaBreached, null, "late", At(5)),
            new DocumentRedated(Qbo, null, new DateOnly(2026, 12, 1), At(6)),
        ]).State;
    }

    [Fact]
    public void The_state_survives_a_round_trip()
    {
        var state = Rich();

        var json = SyncStateJson.Serialize(state);
        var back = SyncStateJson.Deserialize(json);

        Assert.Equal(json, SyncStateJson.Serialize(back));
        Assert.Equal(AllocationStatus.Waiting, back.Branch(Xero)!.Allocations[0].Status);
        Assert.Equal(new DateOnly(2026, 12, 1), back.Branch(Qbo)!.RedatedTo);
        Assert.Equal(state.Target!.Allocations, back.Target!.Allocations);
        Assert.Equal(SyncDecider.NextStep(state, Xero, At(10)), SyncDecider.NextStep(back, Xero, At(10)));
    }

    [Fact]
    public void Enums_are_stored_by_name_and_computed_properties_are_not_stored()
    {
        var json = SyncStateJson.Serialize(Rich());

        Assert.Contains("\"phase\":\"Active\"", json, StringComparison.Ordinal);
        Assert.Contains("\"allocation\":\"Allocate\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("isComplete", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"exists\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void The_state_stays_small_without_the_lines()
    {
        var json = SyncStateJson.Serialize(Rich());

        Assert.True(json.Length < 4_096, $"{json.Length} characters");
    }

    [Fact]
    public void Every_kind_of_event_survives_a_round_trip()
    {
        var key = Key(LedgerOperation.CreateCreditNote);
        SyncEvent[] events =
        [
            .. Started(Target(1, false, Inv1)),
            new BranchAdded(QboConnection, At(1)),
            Intended(LedgerOperation.CreateCreditNote, At(1)),
            new LedgerWriteSucceeded(Xero, key, LedgerDocId, true, At(2)),
            new LedgerWriteFailed(Xero, key, LedgerFailureKind.Throttled, "429", At(3), At(2)),
            new ReadBackMissed(Xero, key, At(2)),
            new ReadBackFailed(Xero, key, LedgerFailureKind.Transient, "503", null, At(2)),
            new DocumentRedated(Xero, 0, Date, At(2)),
            new BranchHeld(Xero, BranchPhase.Parked, "reconnect", At(2)),
            new BranchSynced(Xero, 1, At(2)),
            new BranchVoided(Xero, true, At(2)),
            new BranchResumed(Xero, true, At(2)),
            new StepRecovered(Xero, At(2)),
            new AlertRaised(AlertKind.LedgerRejected, Xero, "no", At(2)),
        ];

        foreach (var e in events)
        {
            var json = SyncStateJson.Serialize(e);
            var back = SyncStateJson.DeserializeEvent(json);
            Assert.Equal(e.GetType(), back.GetType());
            Assert.Equal(json, SyncStateJson.Serialize(back));
        }

        Assert.Equal(typeof(SyncEvent).Assembly.GetTypes().Count(t => t.IsSubclassOf(typeof(SyncEvent))), events.Select(e => e.GetType()).Distinct().Count());
    }

    [Fact]
    public void A_null_document_is_refused()
    {
        Assert.Throws<JsonException>(() => SyncStateJson.Deserialize("null"));
    }
}
