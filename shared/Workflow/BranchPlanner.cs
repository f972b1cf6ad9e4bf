using CreditFunctions.Documents;
using CreditFunctions.Tenants;

namespace CreditFunctions.Workflow;

/// <summary>
/// Derives a branch's next ledger operation from the facts in its state. Per-ledger update policy
/// (docs/workflow.md "New versions"): before the document changes (a new version, or a void), the allocations the
/// branch made come off one call each (Xero refuses to edit or void a document with an allocation: "This document
/// cannot be edited as it has a payment or credit note allocated to it", ledger-apis.md X7; DELETE one allocation,
/// X8). Then a ledger that can update an approved document updates it in place; any other is voided and recreated.
/// Allocations follow the document, one call each (X6).
/// </summary>
internal static class BranchPlanner
{
    /// <summary>The next write the target needs on this branch, ignoring timing and anything in flight; null when none.</summary>
    public static BranchStep.Write? NextWork(SyncState state, BranchState branch)
    {
        var target = state.Target!;
        if (target.Voided)
        {
            return branch.LedgerDocumentId is null || branch.LedgerVoided ? null
                : branch.PostedAllocations.Count > 0 ? Unallocate(state, branch, branch.PostedAllocations[0])
                : Work(state, branch, LedgerOperation.VoidCreditNote, target.Version, null, null, null);
        }

        if (branch.LedgerDocumentId is null)
        {
            return Work(state, branch, LedgerOperation.CreateCreditNote, target.Version, null, null, branch.RedatedTo);
        }

        if (branch.AppliedVersion < target.Version)
        {
            return branch.PostedAllocations.Count > 0 ? Unallocate(state, branch, branch.PostedAllocations[0])
                : branch.CanUpdateApproved ? Work(state, branch, LedgerOperation.UpdateCreditNote, target.Version, null, null, branch.RedatedTo)
                : Work(state, branch, LedgerOperation.VoidCreditNote, target.Version, null, null, null);
        }

        if (state.Policy.Allocation != AllocationPolicy.Allocate)
        {
            return null;
        }

        // Pending allocations first: one waiting for its invoice does not hold up the others.
        var index = IndexOf(branch.Allocations, AllocationStatus.Pending);
        if (index < 0)
        {
            index = IndexOf(branch.Allocations, AllocationStatus.Waiting);
        }

        if (index < 0)
        {
            return null;
        }

        var allocation = branch.Allocations[index];
        return Work(state, branch, LedgerOperation.Allocate, target.Version, index, allocation.Request, allocation.RedatedTo);
    }

    public static BranchStep Next(SyncState state, BranchState branch, DateTimeOffset now)
    {
        if (!state.Exists || branch.Phase != BranchPhase.Active)
        {
            return new BranchStep.None();
        }

        if (branch.InFlight is { CallEnded: false } calling && now < calling.IntendedAt + SyncDecider.StepLease)
        {
            return new BranchStep.NotYet(calling.IntendedAt + SyncDecider.StepLease);
        }

        if (branch.NextAttemptAt is { } next && next > now)
        {
            return new BranchStep.NotYet(next);
        }

        if (branch.InFlight is { } pending)
        {
            return new BranchStep.ReadBack(pending.Operation, pending.Key, branch.LedgerDocumentId);
        }

        return NextWork(state, branch) ?? (BranchStep)new BranchStep.None();
    }

    /// <summary>True when the branch is active, nothing is in flight and the target needs nothing more.</summary>
    public static bool ReachedTarget(SyncState state, BranchState branch) =>
        branch.Phase == BranchPhase.Active && branch.InFlight is null && NextWork(state, branch) is null;

    /// <summary>The allocations a branch tracks for a target: pending, or skipped when the tenant exports only.</summary>
    public static IReadOnlyList<AllocationState> AllocationsFor(DocumentTarget target, SyncPolicy policy)
    {
        var status = policy.Allocation == AllocationPolicy.Allocate ? AllocationStatus.Pending : AllocationStatus.Skipped;
        return target.Voided ? [] : target.Allocations.Select(a => new AllocationState(a, status)).ToArray();
    }

    private static int IndexOf(IReadOnlyList<AllocationState> allocations, AllocationStatus status)
    {
        for (var i = 0; i < allocations.Count; i++)
        {
            if (allocations[i].Status == status)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Removes one allocation the branch made; keyed by its <see cref="PostedAllocation.Seq"/>, under the target version.</summary>
    private static BranchStep.Write Unallocate(SyncState state, BranchState branch, PostedAllocation posted) =>
        Work(state, branch, LedgerOperation.Unallocate, state.Target!.Version, posted.Seq, null, null) with { Posted = posted };

    private static BranchStep.Write Work(
        SyncState state, BranchState branch, LedgerOperation operation, long version, int? allocationIndex,
        AllocationRequest? allocation, DateOnly? redatedTo)
    {
        var key = LedgerWriteKeys.Derive(
            state.TenantId, branch.ConnectionId, state.CreditNoteId, operation, version, branch.Generation,
            branch.Round, allocationIndex, redatedTo, branch.MaxKeyLength);
        return new BranchStep.Write(operation, key, version, allocationIndex, allocation, redatedTo, branch.LedgerDocumentId);
    }
}
