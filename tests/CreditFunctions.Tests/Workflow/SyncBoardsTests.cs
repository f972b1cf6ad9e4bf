using CreditFunctions.Ledgers;
using CreditFunctions.Workflow;
using static CreditFunctions.Tests.Workflow.WorkflowSamples;

namespace CreditFunctions.Tests.Workflow;

/// <summary>Which operator board a document is on (docs/operator-page.md): one board per thing a person does about it.</summary>
public sealed class SyncBoardsTests
{
    private static readonly LedgerWriteIntended Create = Intended(LedgerOperation.CreateCreditNote, At(1));

    [Fact]
    public void A_document_within_its_deadline_is_pending_and_past_it_late()
    {
        var state = DeciderSpec.Given([.. Started(), Create]).State;

        Assert.Equal(SyncBoard.Pending, SyncBoards.Of(SyncStatusView.From(state, At(2))));
        Assert.Equal(SyncBoard.Late, SyncBoards.Of(SyncStatusView.From(state, state.Deadline.AddSeconds(1))));
    }

    [Fact]
    public void A_synced_document_is_synced_even_when_it_was_late()
    {
        var state = DeciderSpec.Given([.. Started(), Create, Succeeded(Create, LedgerDocId, At(2)), new BranchSynced(Xero, 1, T0.AddHours(1))]).State;

        var view = SyncStatusView.From(state, T0.AddHours(2));

        Assert.True(view.Late);
        Assert.Equal(SyncBoard.Synced, SyncBoards.Of(view));
    }

    [Fact]
    public void A_lost_connection_parks_the_document_even_beside_a_failed_branch()
    {
        var qboCreate = Intended(LedgerOperation.CreateCreditNote, At(1), connection: Qbo, maxLength: 50);
        var failedAndParked = DeciderSpec.Given(
        [
            .. Started(null, null, XeroConnection, QboConnection), Create,
            new LedgerWriteFailed(Xero, Create.Key, LedgerFailureKind.Validation, "bad", null, At(2)), new BranchHeld(Xero, BranchPhase.Failed, "bad", At(2)),
            qboCreate, new LedgerWriteFailed(Qbo, qboCreate.Key, LedgerFailureKind.AuthorisationLost, "revoked", null, At(3)),
            new BranchHeld(Qbo, BranchPhase.Parked, "The ledger connection needs reconnecting", At(3)),
        ]).State;
        var failedOnly = DeciderSpec.Given(
            [.. Started(), Create, new LedgerWriteFailed(Xero, Create.Key, LedgerFailureKind.Validation, "bad", null, At(2)), new BranchHeld(Xero, BranchPhase.Failed, "bad", At(2))]).State;

        Assert.Equal(SyncBoard.Parked, SyncBoards.Of(SyncStatusView.From(failedAndParked, At(4))));
        Assert.Equal(SyncBoard.Failed, SyncBoards.Of(SyncStatusView.From(failedOnly, failedOnly.Deadline.AddMinutes(1))));
    }

    [Fact]
    public void Boards_read_back_from_their_wire_names_and_nothing_else_does()
    {
        foreach (var board in Enum.GetValues<SyncBoard>())
        {
            Assert.True(SyncBoards.TryParse(SyncBoards.Wire(board), out var parsed));
            Assert.Equal(board, parsed);
        }

        Assert.False(SyncBoards.TryParse("Failed", out _));
        Assert.False(SyncBoards.TryParse("", out _));
        Assert.False(SyncBoards.TryParse(null, out _));
    }
}
