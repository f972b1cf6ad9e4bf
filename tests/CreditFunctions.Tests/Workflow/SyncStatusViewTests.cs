using CreditFunctions.Ledgers;
using CreditFunctions.Workflow;
using static CreditFunctions.Tests.Workflow.WorkflowSamples;

namespace CreditFunctions.Tests.Workflow;

public sealed class SyncStatusViewTests
{
    private static readonly LedgerWriteIntended Create = Intended(LedgerOperation.CreateCreditNote, At(1));

    [Fact]
    public void A_just_accepted_document_is_pending()
    {
        var status = SyncStatusView.From(DeciderSpec.Given(Started(Target(1, false, Inv1))).State, T0);

        Assert.Equal(SyncStatusState.Pending, status.State);
        Assert.Equal((Doc, 1L, T0, false), (status.Id, status.Version, status.AcceptedAt, status.Late));
        var ledger = Assert.Single(status.Ledgers);
        Assert.Equal((LedgerKind.Xero, Xero, SyncStatusState.Pending, 0), (ledger.Ledger, ledger.ConnectionId, ledger.State, ledger.Attempts));
        Assert.Equal(new AllocationStatusView("INV-0001", 150.00m, AllocationStatus.Pending, null), Assert.Single(ledger.Allocations));
    }

    [Fact]
    public void A_write_under_way_is_syncing()
    {
        var status = SyncStatusView.From(DeciderSpec.Given([.. Started(), Create]).State, At(1));

        Assert.Equal(SyncStatusState.Syncing, status.State);
        Assert.Equal(1, status.Ledgers[0].Attempts);
    }

    [Fact]
    public void A_synced_document_shows_the_ledger_id_and_sync_time_like_the_contract_example()
    {
        var allocate = Intended(LedgerOperation.Allocate, At(3), allocation: 0);
        var state = DeciderSpec.Given(
            [.. Started(Target(1, false, Inv1)), Create, Succeeded(Create, LedgerDocId, At(2)), allocate, Succeeded(allocate, "a-1", At(4)), new BranchSynced(Xero, 1, At(4))]).State;

        var status = SyncStatusView.From(state, At(5));

        Assert.Equal(SyncStatusState.Synced, status.State);
        var ledger = status.Ledgers[0];
        Assert.Equal((LedgerDocId, (DateTimeOffset?)At(4), 1, (string?)null), (ledger.LedgerDocumentId, ledger.SyncedAt, ledger.Attempts, ledger.LastError));
        Assert.Equal("allocated", SyncStatusView.Wire(ledger.Allocations[0].State));
        Assert.Equal("synced", SyncStatusView.Wire(status.State));
        Assert.Equal("xero", SyncStatusView.Wire(ledger.Ledger));
        Assert.False(status.NeedsAttention);
    }

    [Fact]
    public void One_failed_branch_fails_the_document_even_when_another_synced()
    {
        var qboCreate = Intended(LedgerOperation.CreateCreditNote, At(1), connection: Qbo, maxLength: 50);
        var state = DeciderSpec.Given(
        [
            .. Started(null, null, XeroConnection, QboConnection), Create, Succeeded(Create, LedgerDocId, At(2)), new BranchSynced(Xero, 1, At(2)),
            qboCreate, new LedgerWriteFailed(Qbo, qboCreate.Key, LedgerFailureKind.Validation, "bad", null, At(3)), new BranchHeld(Qbo, BranchPhase.Failed, "bad", At(3)),
        ]).State;

        var status = SyncStatusView.From(state, At(4));

        Assert.Equal(SyncStatusState.Failed, status.State);
        Assert.Equal([SyncStatusState.Synced, SyncStatusState.Failed], status.Ledgers.Select(l => l.State));
    }

    [Fact]
    public void Export_only_shows_allocations_skipped()
    {
        var state = DeciderSpec.Given(Started(Target(1, false, Inv1), ExportOnly)).State;

        Assert.Equal("skipped", SyncStatusView.Wire(SyncStatusView.From(state, T0).Ledgers[0].Allocations[0].State));
    }

    [Fact]
    public void An_unsynced_document_past_its_deadline_is_late()
    {
        var state = DeciderSpec.Given(Started()).State;

        Assert.False(SyncStatusView.From(state, T0.AddMinutes(30).AddSeconds(-1)).Late);
        Assert.True(SyncStatusView.From(state, T0.AddMinutes(30).AddSeconds(1)).Late);
    }

    [Fact]
    public void There_is_no_status_before_the_first_event()
    {
        Assert.Throws<InvalidOperationException>(() => SyncStatusView.From(SyncState.Initial, T0));
    }
}
