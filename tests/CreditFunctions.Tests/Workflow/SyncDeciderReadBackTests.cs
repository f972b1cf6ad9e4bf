using CreditFunctions.Ledgers;
using CreditFunctions.Workflow;
using static CreditFunctions.Tests.Workflow.WorkflowSamples;

namespace CreditFunctions.Tests.Workflow;

/// <summary>How a read-back by number decides whether an unconfirmed update or void happened.</summary>
public sealed class SyncDeciderReadBackTests
{
    private static readonly LedgerWriteIntended Update = Intended(LedgerOperation.UpdateCreditNote, At(101), version: 2);
    private static readonly LedgerWriteIntended Void = Intended(LedgerOperation.VoidCreditNote, At(101));

    private static SyncState UpdateInFlight() =>
        DeciderSpec.Given([.. Synced(), new VersionAccepted(Target(2) with { Total = 330.00m }, Allocate, At(100).AddMinutes(30), At(100)), Update]).State;

    private static SyncState VoidInFlight() =>
        DeciderSpec.Given([.. Synced(), new VersionAccepted(Target(1, voided: true), Allocate, At(100).AddMinutes(30), At(100)), Void]).State;

    [Fact]
    public void An_update_is_proven_by_the_new_total()
    {
        DeciderSpec.Given(UpdateInFlight())
            .When(new CompleteReadBack(Xero, Update.Key, Found(total: 330.00m), null, At(500)))
            .Then(Succeeded(Update, LedgerDocId, At(500), viaReadBack: true), new BranchSynced(Xero, 2, At(500)));
    }

    [Fact]
    public void An_update_not_visible_in_the_ledger_is_sent_again_under_its_key()
    {
        var spec = DeciderSpec.Given(UpdateInFlight())
            .When(new CompleteReadBack(Xero, Update.Key, Found(total: 220.00m), null, At(500)))
            .Then(new ReadBackMissed(Xero, Update.Key, At(500)));

        Assert.Equal(Update.Key, Assert.IsType<BranchStep.Write>(SyncDecider.NextStep(spec.State, Xero, At(500))).Key);
    }

    [Fact]
    public void An_update_that_keeps_the_total_is_proven_only_by_the_ledger_holding_its_content()
    {
        // The adapter compares the read-back with the version being written (LedgerDocument.MatchesNote).
        DeciderSpec.Given(UpdateInFlight())
            .When(new CompleteReadBack(Xero, Update.Key, Found(total: 330.00m) with { MatchesNote = false }, null, At(500)))
            .Then(new ReadBackMissed(Xero, Update.Key, At(500)));
        DeciderSpec.Given(UpdateInFlight())
            .When(new CompleteReadBack(Xero, Update.Key, Found(total: 330.00m) with { MatchesNote = true }, null, At(500)))
            .Then(Succeeded(Update, LedgerDocId, At(500), viaReadBack: true), new BranchSynced(Xero, 2, At(500)));
    }

    [Theory]
    [InlineData("VOIDED", true)]
    [InlineData("voided", true)]
    [InlineData("AUTHORISED", false)]
    public void A_void_is_proven_by_the_voided_status(string status, bool proven)
    {
        var spec = DeciderSpec.Given(VoidInFlight()).When(new CompleteReadBack(Xero, Void.Key, Found(status: status), null, At(500)));

        Assert.Equal(proven, spec.Decided.OfType<BranchVoided>().Any());
        Assert.Equal(!proven, spec.Decided.OfType<ReadBackMissed>().Any());
    }

    [Fact]
    public void A_void_of_a_document_the_ledger_no_longer_has_is_done()
    {
        DeciderSpec.Given(VoidInFlight())
            .When(new CompleteReadBack(Xero, Void.Key, null, null, At(500)))
            .Then(Succeeded(Void, LedgerDocId, At(500), viaReadBack: true), new BranchVoided(Xero, WithoutCall: false, At(500)));
    }

    [Fact]
    public void Another_document_with_the_same_number_proves_nothing_about_a_void()
    {
        DeciderSpec.Given(VoidInFlight())
            .When(new CompleteReadBack(Xero, Void.Key, Found(id: "someone-else", status: "VOIDED"), null, At(500)))
            .Then(new ReadBackMissed(Xero, Void.Key, At(500)));
    }

    [Fact]
    public void A_read_back_that_loses_authorisation_parks_the_branch_and_keeps_the_write_unconfirmed()
    {
        var spec = DeciderSpec.Given(VoidInFlight())
            .When(new CompleteReadBack(Xero, Void.Key, null, Failure(LedgerFailureKind.AuthorisationLost, "invalid_grant"), At(500)));

        Assert.Equal(BranchPhase.Parked, spec.Single<BranchHeld>().Phase);
        spec.When(new RestoreConnection(Xero, At(600)));
        Assert.IsType<BranchStep.ReadBack>(SyncDecider.NextStep(spec.State, Xero, At(600)));
    }

    [Fact]
    public void A_read_back_result_for_another_key_decides_nothing()
    {
        DeciderSpec.Given(VoidInFlight()).When(new CompleteReadBack(Xero, Update.Key, null, null, At(500))).ThenNothing();
    }

    [Fact]
    public void A_failed_read_back_sends_its_retry_when_due()
    {
        var spec = DeciderSpec.Given(VoidInFlight())
            .When(new CompleteReadBack(Xero, Void.Key, null, Failure(LedgerFailureKind.Throttled, "429", TimeSpan.FromSeconds(30)), At(500)));

        Assert.Equal([new StepMessage(Xero, At(530))], SyncDecider.StepsToSend(spec.Decided, spec.State));
    }
}
