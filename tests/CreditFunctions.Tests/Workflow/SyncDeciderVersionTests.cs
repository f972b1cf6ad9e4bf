using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Workflow;
using static CreditFunctions.Tests.Workflow.WorkflowSamples;

namespace CreditFunctions.Tests.Workflow;

/// <summary>Amendments and voids (docs/workflow.md "New versions").</summary>
public sealed class SyncDeciderVersionTests
{
    private static readonly LedgerWriteIntended Create = Intended(LedgerOperation.CreateCreditNote, At(1));

    [Fact]
    public void A_new_version_updates_an_unallocated_document_where_the_ledger_can_update()
    {
        var state = DeciderSpec.Given([.. Synced(), new VersionAccepted(Target(2), Allocate, At(100).AddMinutes(30), At(100))]).State;

        var step = Assert.IsType<BranchStep.Write>(SyncDecider.NextStep(state, Xero, At(100)));

        Assert.Equal((LedgerOperation.UpdateCreditNote, 2L, LedgerDocId), (step.Operation, step.Version, step.LedgerDocumentId));
        Assert.Equal(Key(LedgerOperation.UpdateCreditNote, version: 2), step.Key);

        var update = Intended(LedgerOperation.UpdateCreditNote, At(101), version: 2);
        DeciderSpec.Given(state).When(new BeginWrite(Xero, At(101))).Then(update)
            .When(CompleteWrite.Success(Xero, update.Key, LedgerDocId, At(102)))
            .Then(Succeeded(update, LedgerDocId, At(102)), new BranchSynced(Xero, 2, At(102)));
    }

    [Fact]
    public void A_new_version_of_an_allocated_document_takes_the_allocation_off_then_updates_it_and_allocates_again()
    {
        var given = DeciderSpec.Given([.. AllocatedV1(), new VersionAccepted(Target(2, false, Inv2), Allocate, At(100).AddMinutes(30), At(100))]);

        // X7: Xero will not edit a document with an allocation, so it comes off first (X8), keyed by its seq.
        var off = Assert.IsType<BranchStep.Write>(SyncDecider.NextStep(given.State, Xero, At(100)));
        Assert.Equal((LedgerOperation.Unallocate, LedgerDocId, "alloc-1"), (off.Operation, off.LedgerDocumentId, off.Posted?.AllocationId));
        Assert.Equal(Key(LedgerOperation.Unallocate, version: 2, allocation: 1), off.Key);

        var unallocate = Intended(LedgerOperation.Unallocate, At(101), version: 2, allocation: 1);
        given.When(new BeginWrite(Xero, At(101))).Then(unallocate)
            .When(CompleteWrite.Success(Xero, unallocate.Key, "alloc-1", At(102))).Then(Succeeded(unallocate, "alloc-1", At(102)));
        Assert.Empty(given.State.Branch(Xero)!.PostedAllocations);

        // Then the same document is updated in place: no void, no second document.
        var update = Intended(LedgerOperation.UpdateCreditNote, At(103), version: 2);
        given.When(new BeginWrite(Xero, At(103))).Then(update)
            .When(CompleteWrite.Success(Xero, update.Key, LedgerDocId, At(104))).Then(Succeeded(update, LedgerDocId, At(104)));

        var reallocate = Intended(LedgerOperation.Allocate, At(105), version: 2, allocation: 0);
        given.When(new BeginWrite(Xero, At(105))).Then(reallocate)
            .When(CompleteWrite.Success(Xero, reallocate.Key, "alloc-2", At(106)))
            .Then(Succeeded(reallocate, "alloc-2", At(106)), new BranchSynced(Xero, 2, At(106)));

        var branch = given.State.Branch(Xero)!;
        Assert.Equal((LedgerDocId, 1, 2L), (branch.LedgerDocumentId, branch.Generation, branch.AppliedVersion));
        Assert.Equal(new PostedAllocation(2, "alloc-2", "INV-0002", 70.00m, Date), Assert.Single(branch.PostedAllocations));
    }

    [Fact]
    public void Every_allocation_comes_off_before_the_document_changes_each_under_its_own_key()
    {
        var second = Intended(LedgerOperation.Allocate, At(5), allocation: 1);
        var given = DeciderSpec.Given(
        [
            .. AllocatedV1(Inv1, Inv2), second, Succeeded(second, "alloc-2", At(6)), new BranchSynced(Xero, 1, At(6)),
            new VersionAccepted(Target(2, false, Inv1), Allocate, At(100).AddMinutes(30), At(100)),
        ]);

        var first = Intended(LedgerOperation.Unallocate, At(101), version: 2, allocation: 1);
        given.When(new BeginWrite(Xero, At(101))).Then(first).When(CompleteWrite.Success(Xero, first.Key, "alloc-1", At(102)));
        var next = Assert.IsType<BranchStep.Write>(SyncDecider.NextStep(given.State, Xero, At(102)));

        Assert.Equal((LedgerOperation.Unallocate, "alloc-2"), (next.Operation, next.Posted?.AllocationId));
        Assert.Equal(Key(LedgerOperation.Unallocate, version: 2, allocation: 2), next.Key);
        Assert.NotEqual(first.Key, next.Key);
    }

    [Fact]
    public void A_void_of_an_allocated_document_takes_the_allocation_off_first()
    {
        var given = DeciderSpec.Given([.. AllocatedV1(), new VersionAccepted(Target(2, voided: true), Allocate, At(100).AddMinutes(30), At(100))]);
        Assert.Equal(LedgerOperation.Unallocate, Assert.IsType<BranchStep.Write>(SyncDecider.NextStep(given.State, Xero, At(100))).Operation);

        var unallocate = Intended(LedgerOperation.Unallocate, At(101), version: 2, allocation: 1);
        given.When(new BeginWrite(Xero, At(101))).Then(unallocate).When(CompleteWrite.Success(Xero, unallocate.Key, "alloc-1", At(102)));

        var voidStep = Assert.IsType<BranchStep.Write>(SyncDecider.NextStep(given.State, Xero, At(102)));
        Assert.Equal((LedgerOperation.VoidCreditNote, LedgerDocId), (voidStep.Operation, voidStep.LedgerDocumentId));
    }

    [Fact]
    public void An_unconfirmed_removal_is_proved_by_the_allocation_missing_from_the_document()
    {
        var unallocate = Intended(LedgerOperation.Unallocate, At(101), version: 2, allocation: 1);
        var state = DeciderSpec.Given([.. AllocatedV1(), new VersionAccepted(Target(2), Allocate, At(100).AddMinutes(30), At(100)), unallocate]).State;
        var later = At(101) + SyncDecider.StepLease;

        Assert.IsType<BranchStep.ReadBack>(SyncDecider.NextStep(state, Xero, later));
        DeciderSpec.Given(state)
            .When(new CompleteReadBack(Xero, unallocate.Key, Found(), null, later))
            .Then(Succeeded(unallocate, "alloc-1", later, viaReadBack: true));
        DeciderSpec.Given(state)
            .When(new CompleteReadBack(Xero, unallocate.Key, Found(allocations: new LedgerAllocation("alloc-1", "INV-0001", 150.00m, Date)), null, later))
            .Then(new ReadBackMissed(Xero, unallocate.Key, later));
        DeciderSpec.Given(state)
            .When(new CompleteReadBack(Xero, unallocate.Key, Found(id: "someone-elses"), null, later))
            .Then(new ReadBackMissed(Xero, unallocate.Key, later));
    }

    [Fact]
    public void A_removal_in_a_locked_period_is_held_even_when_the_tenant_redates()
    {
        var unallocate = Intended(LedgerOperation.Unallocate, At(101), version: 2, allocation: 1);
        var spec = DeciderSpec.Given([.. AllocatedV1(), new VersionAccepted(Target(2), Redate, At(100).AddMinutes(30), At(100)), unallocate])
            .When(CompleteWrite.Fail(Xero, unallocate.Key, Failure(LedgerFailureKind.PeriodLocked), At(102), 0, Date.AddDays(3)));

        Assert.Empty(spec.Decided.OfType<DocumentRedated>());
        Assert.Equal(BranchPhase.Failed, spec.State.Branch(Xero)!.Phase);
        Assert.Single(spec.State.Branch(Xero)!.PostedAllocations);
    }

    [Fact]
    public void A_ledger_that_cannot_update_approved_documents_voids_and_recreates()
    {
        var create = Intended(LedgerOperation.CreateCreditNote, At(1), connection: Qbo, maxLength: 50);
        var state = DeciderSpec.Given(
        [
            .. Started(null, null, QboConnection), create, Succeeded(create, "qbo-9", At(2)), new BranchSynced(Qbo, 1, At(2)),
            new VersionAccepted(Target(2), Allocate, At(100).AddMinutes(30), At(100)),
        ]).State;

        var step = Assert.IsType<BranchStep.Write>(SyncDecider.NextStep(state, Qbo, At(100)));

        Assert.Equal(LedgerOperation.VoidCreditNote, step.Operation);
        Assert.True(step.Key.Value.Length <= 50);
    }

    [Fact]
    public void A_void_voids_a_created_document()
    {
        var spec = DeciderSpec.Given([.. Synced(), new VersionAccepted(Target(1, voided: true), Allocate, At(100).AddMinutes(30), At(100))]);

        var step = Assert.IsType<BranchStep.Write>(SyncDecider.NextStep(spec.State, Xero, At(100)));
        Assert.Equal(LedgerOperation.VoidCreditNote, step.Operation);

        var voidIntent = Intended(LedgerOperation.VoidCreditNote, At(101));
        spec.When(new BeginWrite(Xero, At(101))).Then(voidIntent)
            .When(CompleteWrite.Success(Xero, voidIntent.Key, LedgerDocId, At(102)))
            .Then(Succeeded(voidIntent, LedgerDocId, At(102)), new BranchVoided(Xero, WithoutCall: false, At(102)));
        Assert.Equal(SyncStatusState.Voided, SyncStatusView.From(spec.State, At(102)).State);
    }

    [Fact]
    public void A_void_of_a_document_never_created_voids_the_branch_without_a_call()
    {
        DeciderSpec.Given(Started())
            .When(Accept(Target(1, voided: true), At(5)))
            .Then(
                new VersionAccepted(Target(1, voided: true), Allocate, T0.AddMinutes(30), At(5)),
                new BranchVoided(Xero, WithoutCall: true, At(5)));
    }

    [Fact]
    public void A_void_while_the_create_is_unconfirmed_reads_back_first()
    {
        var spec = DeciderSpec.Given([.. Started(), Create]).When(Accept(Target(1, voided: true), At(5)));

        Assert.Empty(spec.Decided.OfType<BranchVoided>());
        Assert.IsType<BranchStep.ReadBack>(SyncDecider.NextStep(spec.State, Xero, At(1) + SyncDecider.StepLease));
    }

    [Fact]
    public void A_void_after_an_unconfirmed_create_that_never_happened_sends_nothing()
    {
        DeciderSpec.Given([.. Started(), Create, new VersionAccepted(Target(1, voided: true), Allocate, T0.AddMinutes(30), At(5))])
            .When(new CompleteReadBack(Xero, Create.Key, null, null, At(400)))
            .Then(new ReadBackMissed(Xero, Create.Key, At(400)), new BranchVoided(Xero, WithoutCall: true, At(400)));
    }

    [Fact]
    public void A_void_after_an_unconfirmed_create_that_happened_voids_it()
    {
        var spec = DeciderSpec.Given([.. Started(), Create, new VersionAccepted(Target(1, voided: true), Allocate, T0.AddMinutes(30), At(5))])
            .When(new CompleteReadBack(Xero, Create.Key, Found(), null, At(400)))
            .Then(Succeeded(Create, LedgerDocId, At(400), viaReadBack: true));

        Assert.Equal(LedgerOperation.VoidCreditNote, Assert.IsType<BranchStep.Write>(SyncDecider.NextStep(spec.State, Xero, At(400))).Operation);
    }

    [Fact]
    public void A_new_version_gives_a_failed_branch_another_chance()
    {
        var spec = DeciderSpec.Given([.. Started(), Create])
            .When(CompleteWrite.Fail(Xero, Create.Key, Failure(LedgerFailureKind.Validation), At(2), 0))
            .When(Accept(Target(2), At(60)));

        Assert.Equal(BranchPhase.Active, spec.State.Branch(Xero)!.Phase);
        Assert.Equal(Key(LedgerOperation.CreateCreditNote, version: 2), Assert.IsType<BranchStep.Write>(SyncDecider.NextStep(spec.State, Xero, At(60))).Key);
    }

    [Fact]
    public void A_new_version_leaves_a_parked_branch_parked()
    {
        var spec = DeciderSpec.Given([.. Started(), Create])
            .When(CompleteWrite.Fail(Xero, Create.Key, Failure(LedgerFailureKind.AuthorisationLost), At(2), 0))
            .When(Accept(Target(2), At(60)));

        Assert.Equal(BranchPhase.Parked, spec.State.Branch(Xero)!.Phase);
    }

    [Fact]
    public void A_late_allocation_result_for_an_old_version_does_not_mark_the_new_list()
    {
        var allocate = Intended(LedgerOperation.Allocate, At(3), allocation: 0);
        var spec = DeciderSpec.Given(
            [.. Started(Target(1, false, Inv1)), Create, Succeeded(Create, LedgerDocId, At(2)), allocate, new VersionAccepted(Target(2, false, Inv2), Allocate, T0.AddMinutes(30), At(4))])
            .When(CompleteWrite.Success(Xero, allocate.Key, "alloc-1", At(5)));

        var branch = spec.State.Branch(Xero)!;
        Assert.NotEmpty(branch.PostedAllocations);
        Assert.Equal(AllocationStatus.Pending, branch.Allocations[0].Status);

        // The allocation landed all the same: it comes off before the new version is applied.
        var step = Assert.IsType<BranchStep.Write>(SyncDecider.NextStep(spec.State, Xero, At(5)));
        Assert.Equal((LedgerOperation.Unallocate, "alloc-1", "INV-0001"), (step.Operation, step.Posted?.AllocationId, step.Posted?.InvoiceNumber));
    }

    /// <summary>Version 1 created and allocated to <paramref name="allocations"/>[0] (INV-0001 by default) as alloc-1, synced unless more follow.</summary>
    private static SyncEvent[] AllocatedV1(params AllocationRequest[] allocations)
    {
        var allocate = Intended(LedgerOperation.Allocate, At(3), allocation: 0);
        SyncEvent[] events = [.. Started(Target(1, false, allocations.Length == 0 ? [Inv1] : allocations)), Create, Succeeded(Create, LedgerDocId, At(2)), allocate, Succeeded(allocate, "alloc-1", At(4))];
        return allocations.Length > 1 ? events : [.. events, new BranchSynced(Xero, 1, At(4))];
    }
}
