using CreditFunctions.Ledgers;
using CreditFunctions.Workflow;
using static CreditFunctions.Tests.Workflow.WorkflowSamples;

namespace CreditFunctions.Tests.Workflow;

/// <summary>The exactly-once protocol: intent before the call, confirmation after, read-back when unsure.</summary>
public sealed class SyncDeciderWriteTests
{
    [Fact]
    public void The_first_step_creates_the_credit_note_under_a_derived_key()
    {
        var state = DeciderSpec.Given(Started()).State;

        var step = Assert.IsType<BranchStep.Write>(SyncDecider.NextStep(state, Xero, T0));

        Assert.Equal(LedgerOperation.CreateCreditNote, step.Operation);
        Assert.Equal(Key(LedgerOperation.CreateCreditNote), step.Key);
        Assert.Equal(1, step.Version);
        Assert.Null(step.LedgerDocumentId);
    }

    [Fact]
    public void Begin_write_records_the_intent_before_the_call()
    {
        DeciderSpec.Given(Started())
            .When(new BeginWrite(Xero, At(1)))
            .Then(Intended(LedgerOperation.CreateCreditNote, At(1)));
    }

    [Fact]
    public void A_second_begin_while_the_write_is_in_flight_decides_nothing()
    {
        DeciderSpec.Given([.. Started(), Intended(LedgerOperation.CreateCreditNote, At(1))])
            .When(new BeginWrite(Xero, At(2)))
            .ThenNothing();
    }

    [Fact]
    public void A_created_credit_note_moves_on_to_its_allocations()
    {
        var intended = Intended(LedgerOperation.CreateCreditNote, At(1));

        var spec = DeciderSpec.Given([.. Started(Target(1, false, Inv1, Inv2)), intended])
            .When(CompleteWrite.Success(Xero, intended.Key, LedgerDocId, At(2)))
            .Then(Succeeded(intended, LedgerDocId, At(2)));

        var next = Assert.IsType<BranchStep.Write>(SyncDecider.NextStep(spec.State, Xero, At(2)));
        Assert.Equal((LedgerOperation.Allocate, 0, LedgerDocId), (next.Operation, next.AllocationIndex!.Value, next.LedgerDocumentId));
        Assert.Equal(Inv1, next.Allocation);
        Assert.Equal(Key(LedgerOperation.Allocate, allocation: 0), next.Key);
    }

    [Fact]
    public void The_last_allocation_syncs_the_branch()
    {
        var create = Intended(LedgerOperation.CreateCreditNote, At(1));
        var allocate = Intended(LedgerOperation.Allocate, At(3), allocation: 0);

        var spec = DeciderSpec.Given([.. Started(Target(1, false, Inv1)), create, Succeeded(create, LedgerDocId, At(2)), allocate])
            .When(CompleteWrite.Success(Xero, allocate.Key, "alloc-1", At(4)))
            .Then(Succeeded(allocate, "alloc-1", At(4)), new BranchSynced(Xero, 1, At(4)));

        var branch = spec.State.Branch(Xero)!;
        Assert.Equal(BranchPhase.Synced, branch.Phase);
        Assert.Equal(At(4), branch.SyncedAt);
        Assert.Equal((AllocationStatus.Allocated, "alloc-1"), (branch.Allocations[0].Status, branch.Allocations[0].AllocationId));
        Assert.IsType<BranchStep.None>(SyncDecider.NextStep(spec.State, Xero, At(5)));
    }

    [Fact]
    public void A_credit_note_without_allocations_is_synced_when_created()
    {
        var intended = Intended(LedgerOperation.CreateCreditNote, At(1));

        DeciderSpec.Given([.. Started(), intended])
            .When(CompleteWrite.Success(Xero, intended.Key, LedgerDocId, At(2)))
            .Then(Succeeded(intended, LedgerDocId, At(2)), new BranchSynced(Xero, 1, At(2)));
    }

    [Fact]
    public void Export_only_syncs_without_allocating()
    {
        var intended = Intended(LedgerOperation.CreateCreditNote, At(1));

        DeciderSpec.Given([.. Started(Target(1, false, Inv1), ExportOnly), intended])
            .When(CompleteWrite.Success(Xero, intended.Key, LedgerDocId, At(2)))
            .Then(Succeeded(intended, LedgerDocId, At(2)), new BranchSynced(Xero, 1, At(2)));
    }

    [Fact]
    public void A_result_for_another_key_decides_nothing()
    {
        DeciderSpec.Given([.. Started(), Intended(LedgerOperation.CreateCreditNote, At(1))])
            .When(CompleteWrite.Success(Xero, new LedgerWriteKey("something-else"), LedgerDocId, At(2)))
            .ThenNothing();
    }

    [Fact]
    public void A_repeated_result_decides_nothing()
    {
        var intended = Intended(LedgerOperation.CreateCreditNote, At(1));

        DeciderSpec.Given([.. Started(Target(1, false, Inv1)), intended, Succeeded(intended, LedgerDocId, At(2))])
            .When(CompleteWrite.Success(Xero, intended.Key, LedgerDocId, At(3)))
            .ThenNothing();
    }

    [Fact]
    public void A_created_credit_note_without_an_id_is_impossible()
    {
        var intended = Intended(LedgerOperation.CreateCreditNote, At(1));

        DeciderSpec.ThrowsWhen(DeciderSpec.Given([.. Started(), intended]).State, CompleteWrite.Success(Xero, intended.Key, null, At(2)));
    }

    [Fact]
    public void A_write_in_flight_is_left_alone_during_its_lease_and_read_back_after_it()
    {
        var state = DeciderSpec.Given([.. Started(), Intended(LedgerOperation.CreateCreditNote, At(1))]).State;

        Assert.Equal(new BranchStep.NotYet(At(1) + SyncDecider.StepLease), SyncDecider.NextStep(state, Xero, At(30)));
        var step = Assert.IsType<BranchStep.ReadBack>(SyncDecider.NextStep(state, Xero, At(1) + SyncDecider.StepLease));
        Assert.Equal(Key(LedgerOperation.CreateCreditNote), step.Key);
    }

    [Fact]
    public void An_ambiguous_failure_reads_back_before_anything_is_posted_again()
    {
        var intended = Intended(LedgerOperation.CreateCreditNote, At(1));

        var spec = DeciderSpec.Given([.. Started(), intended])
            .When(CompleteWrite.Fail(Xero, intended.Key, Failure(LedgerFailureKind.Ambiguous, "timed out"), At(11), jitter: 0.5))
            .Then(new LedgerWriteFailed(Xero, intended.Key, LedgerFailureKind.Ambiguous, "timed out", At(12), At(11)));

        Assert.Equal(new BranchStep.NotYet(At(12)), SyncDecider.NextStep(spec.State, Xero, At(11)));
        Assert.Equal(new BranchStep.ReadBack(LedgerOperation.CreateCreditNote, intended.Key, null), SyncDecider.NextStep(spec.State, Xero, At(12)));
        DeciderSpec.Given(spec.State).When(new BeginWrite(Xero, At(12))).ThenNothing();
    }

    [Fact]
    public void A_read_back_that_finds_the_document_confirms_the_write()
    {
        var intended = Intended(LedgerOperation.CreateCreditNote, At(1));

        var spec = DeciderSpec.Given([.. Started(), intended])
            .When(new CompleteReadBack(Xero, intended.Key, Found(), null, At(400)))
            .Then(Succeeded(intended, LedgerDocId, At(400), viaReadBack: true), new BranchSynced(Xero, 1, At(400)));

        Assert.Equal(LedgerDocId, spec.State.Branch(Xero)!.LedgerDocumentId);
    }

    [Fact]
    public void A_read_back_that_finds_nothing_posts_again_with_the_same_key()
    {
        var intended = Intended(LedgerOperation.CreateCreditNote, At(1));

        var spec = DeciderSpec.Given([.. Started(), intended])
            .When(new CompleteReadBack(Xero, intended.Key, null, null, At(400)))
            .Then(new ReadBackMissed(Xero, intended.Key, At(400)));

        var step = Assert.IsType<BranchStep.Write>(SyncDecider.NextStep(spec.State, Xero, At(400)));
        Assert.Equal(intended.Key, step.Key);
        spec.When(new BeginWrite(Xero, At(401))).Then(Intended(LedgerOperation.CreateCreditNote, At(401)));
    }

    [Fact]
    public void A_read_back_that_fails_keeps_the_write_unconfirmed_and_retries_the_read()
    {
        var intended = Intended(LedgerOperation.CreateCreditNote, At(1));

        var spec = DeciderSpec.Given([.. Started(), intended])
            .When(new CompleteReadBack(Xero, intended.Key, null, Failure(LedgerFailureKind.Transient, "503"), At(400), Jitter: 0.25))
            .Then(new ReadBackFailed(Xero, intended.Key, LedgerFailureKind.Transient, "503", At(400).AddSeconds(0.5), At(400)));

        Assert.IsType<BranchStep.ReadBack>(SyncDecider.NextStep(spec.State, Xero, At(401)));
    }

    [Fact]
    public void A_read_back_of_an_allocation_counts_matching_allocations()
    {
        var same = Inv1;
        var create = Intended(LedgerOperation.CreateCreditNote, At(1));
        var first = Intended(LedgerOperation.Allocate, At(3), allocation: 0);
        var second = Intended(LedgerOperation.Allocate, At(5), allocation: 1);
        var given = DeciderSpec.Given(
            [.. Started(Target(1, false, same, same)), create, Succeeded(create, LedgerDocId, At(2)), first, Succeeded(first, "a-1", At(4)), second]).State;

        DeciderSpec.Given(given)
            .When(new CompleteReadBack(Xero, second.Key, Found(allocations: [new LedgerAllocation("a-1", same.InvoiceNumber, same.Amount, Date)]), null, At(400)))
            .Then(new ReadBackMissed(Xero, second.Key, At(400)));
        DeciderSpec.Given(given)
            .When(new CompleteReadBack(Xero, second.Key, Found(allocations: [new LedgerAllocation("a-1", same.InvoiceNumber, same.Amount, Date), new LedgerAllocation("a-2", same.InvoiceNumber, same.Amount, Date)]), null, At(400)))
            .Then(Succeeded(second, "a-2", At(400), viaReadBack: true), new BranchSynced(Xero, 1, At(400)));
    }

    [Fact]
    public void A_crash_after_the_intent_is_recovered_by_the_sweep_and_read_back()
    {
        var state = DeciderSpec.Given([.. Started(), Intended(LedgerOperation.CreateCreditNote, At(1))]).State;
        var afterLease = At(1) + SyncDecider.StepLease;

        Assert.Empty(SyncDecider.DueBranches(state, afterLease.AddSeconds(-1)));
        var spec = DeciderSpec.Given(state).When(new Tick(afterLease)).Then(new StepRecovered(Xero, afterLease));

        Assert.IsType<BranchStep.ReadBack>(SyncDecider.NextStep(spec.State, Xero, afterLease));
        Assert.Equal([new StepMessage(Xero, At(1))], SyncDecider.StepsToSend(spec.Decided, spec.State));
    }

    [Fact]
    public void Steps_are_sent_for_branches_given_work_and_not_for_held_ones()
    {
        var accepted = DeciderSpec.Given().When(Accept(Target(), T0, Allocate, XeroConnection, QboConnection));
        Assert.Equal([new StepMessage(Xero, T0), new StepMessage(Qbo, T0)], SyncDecider.StepsToSend(accepted.Decided, accepted.State));

        var intended = Intended(LedgerOperation.CreateCreditNote, At(1));
        var rejected = DeciderSpec.Given([.. Started(), intended])
            .When(CompleteWrite.Fail(Xero, intended.Key, Failure(LedgerFailureKind.Validation), At(2), 0));
        Assert.Empty(SyncDecider.StepsToSend(rejected.Decided, rejected.State));
    }

    [Fact]
    public void Writes_on_an_unknown_branch_are_impossible()
    {
        var error = DeciderSpec.ThrowsWhen(DeciderSpec.Given(Started()).State, new BeginWrite("nope", At(1)));

        Assert.Contains("nope", error.Message, StringComparison.Ordinal);
        DeciderSpec.ThrowsWhen(SyncState.Initial, new BeginWrite(Xero, At(1)));
    }

    [Fact]
    public void Branches_progress_independently()
    {
        var xero = Intended(LedgerOperation.CreateCreditNote, At(1));
        var spec = DeciderSpec.Given([.. Started(null, null, XeroConnection, QboConnection), xero])
            .When(CompleteWrite.Success(Xero, xero.Key, LedgerDocId, At(2)));

        Assert.Equal(BranchPhase.Synced, spec.State.Branch(Xero)!.Phase);
        Assert.Equal(BranchPhase.Active, spec.State.Branch(Qbo)!.Phase);
        Assert.False(spec.State.IsComplete);
        var qbo = Assert.IsType<BranchStep.Write>(SyncDecider.NextStep(spec.State, Qbo, At(2)));
        Assert.True(qbo.Key.Value.Length <= 50);
    }
}
