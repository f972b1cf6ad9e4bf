using CreditFunctions.Alerts;
using CreditFunctions.Ledgers;

namespace CreditFunctions.Workflow;

public static partial class SyncDecider
{
    /// <summary>The state after <paramref name="e"/>. Total: an event that does not apply (a stale key) leaves the state as it is.</summary>
    public static SyncState Evolve(SyncState state, SyncEvent e)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(e);
        return e switch
        {
            SyncStarted started => state with
            {
                TenantId = started.TenantId,
                CreditNoteId = started.CreditNoteId,
                AcceptedAt = started.At,
                Branches = started.Connections.Select(c => NewBranch(c, started.At)).ToArray(),
            },
            VersionAccepted accepted => Accepted(state, accepted),
            BranchAdded added => state with { Branches = [.. state.Branches, NewBranch(added.Connection, added.At)] },
            LedgerWriteIntended intended => Update(state, intended.ConnectionId, b => b with
            {
                InFlight = new PendingWrite(intended.Operation, intended.Key, intended.Version, intended.AllocationIndex, intended.Date, intended.At)
                {
                    Allocation = AllocationOf(b, intended),
                },
                Attempts = b.AttemptOpen ? b.Attempts : b.Attempts + 1,
                AttemptOpen = true,
                NextAttemptAt = intended.At,
                LeaseUntil = intended.At + StepLease,
            }),
            LedgerWriteSucceeded succeeded => Update(state, succeeded.ConnectionId, b => Succeeded(state, b, succeeded)),
            LedgerWriteFailed failed => Update(state, failed.ConnectionId, b => WriteFailed(state, b, failed)),
            ReadBackMissed missed => Update(state, missed.ConnectionId, b => b.InFlight?.Key != missed.Key ? b : Schedule(b with { InFlight = null }, missed.At)),
            ReadBackFailed failed => Update(state, failed.ConnectionId, b => b.InFlight?.Key != failed.Key ? b : Failure(
                b with { InFlight = b.InFlight with { CallEnded = true } }, failed.Kind, failed.Message, failed.RetryAt)),
            DocumentRedated redated => Update(state, redated.ConnectionId, b => Schedule(Redated(b, redated), redated.At)),
            BranchHeld held => Update(state, held.ConnectionId, b => b with
            {
                Phase = held.Phase,
                LastError = held.Reason,
                NextAttemptAt = null,
                LeaseUntil = null,
            }),
            BranchSynced synced => Update(state, synced.ConnectionId, b => Settled(b, BranchPhase.Synced, synced.At)),
            BranchVoided voided => Update(state, voided.ConnectionId, b => Settled(b, BranchPhase.Voided, voided.At)),
            BranchResumed resumed => Update(state, resumed.ConnectionId, b => Schedule(b with
            {
                Phase = BranchPhase.Active,
                Round = resumed.NewRound ? b.Round + 1 : b.Round,
                ConsecutiveFailures = 0,
                Allocations = b.Allocations.Select(a => a.Status == AllocationStatus.Failed ? a with { Status = AllocationStatus.Pending } : a).ToArray(),
            }, resumed.At)),
            StepRecovered recovered => Update(state, recovered.ConnectionId, b => b with { LeaseUntil = recovered.At + StepLease }),
            AlertRaised alert => Alerted(state, alert),
            _ => throw new InvalidOperationException($"Unknown event {e.GetType().Name}."),
        };
    }

    private static BranchState NewBranch(BranchConnection connection, DateTimeOffset at) => Schedule(
        new BranchState
        {
            ConnectionId = connection.ConnectionId,
            Ledger = connection.Ledger,
            CanUpdateApproved = connection.Capabilities.CanUpdateApproved,
            MaxKeyLength = connection.Capabilities.MaxIdempotencyKeyLength,
        },
        at);

    private static SyncState Accepted(SyncState state, VersionAccepted accepted)
    {
        var allocations = BranchPlanner.AllocationsFor(accepted.Target, accepted.Policy);
        var recovered = state.SlaRecoveredAt is not null;
        return state with
        {
            Target = accepted.Target,
            Policy = accepted.Policy,
            Deadline = accepted.Deadline,
            RecentEventIds = [.. state.RecentEventIds.TakeLast(SyncState.RememberedEventIds - 1), accepted.Target.EventId],

            // A breach that has recovered is over: the new version may breach (and alert) again.
            SlaBreachedAt = recovered ? null : state.SlaBreachedAt,
            SlaRecoveredAt = null,
            Branches = state.Branches.Select(b => b.Phase switch
            {
                BranchPhase.Voided => b,
                BranchPhase.Parked => b with { Allocations = allocations, RedatedTo = null },
                _ => Schedule(b with { Phase = BranchPhase.Active, Allocations = allocations, RedatedTo = null }, accepted.At),
            }).ToArray(),
        };
    }

    private static BranchState Succeeded(SyncState state, BranchState branch, LedgerWriteSucceeded succeeded)
    {
        if (branch.InFlight is not { } pending || pending.Key != succeeded.Key)
        {
            return branch;
        }

        var settled = branch with
        {
            InFlight = null,
            ConsecutiveFailures = 0,
            DailyLimitAlerted = false,
            LastError = null,
            LastErrorKind = null,
        };
        var next = pending.Operation switch
        {
            LedgerOperation.CreateCreditNote => settled with
            {
                LedgerDocumentId = succeeded.LedgerId,
                AppliedVersion = pending.Version,
                PostedAllocations = [],
                LedgerVoided = false,
            },
            LedgerOperation.UpdateCreditNote => settled with { AppliedVersion = pending.Version },
            LedgerOperation.VoidCreditNote when state.Target!.Voided => settled with { LedgerVoided = true },

            // Voided to be replaced (a new version of an allocated document): the next generation creates it again.
            LedgerOperation.VoidCreditNote => settled with
            {
                ReplacedLedgerDocumentId = branch.LedgerDocumentId,
                LedgerDocumentId = null,
                AppliedVersion = null,
                PostedAllocations = [],
                Generation = branch.Generation + 1,
                Allocations = settled.Allocations.Select(a => a.Status == AllocationStatus.Allocated ? a with { Status = AllocationStatus.Pending, AllocationId = null } : a).ToArray(),
            },
            // The ledger holds it whichever version asked for it: a newer version must take it off again.
            LedgerOperation.Allocate => settled with
            {
                PostedAllocations = pending.Allocation is { } made ? [.. settled.PostedAllocations, made with { AllocationId = succeeded.LedgerId }] : settled.PostedAllocations,
                NextAllocationSeq = Math.Max(settled.NextAllocationSeq, (pending.Allocation?.Seq ?? 0) + 1),
                Allocations = ForTarget(state, pending, settled.Allocations, a => a with { Status = AllocationStatus.Allocated, AllocationId = succeeded.LedgerId, LastError = null }),
            },
            LedgerOperation.Unallocate => settled with
            {
                PostedAllocations = [.. settled.PostedAllocations.Where(p => p.Seq != pending.AllocationIndex)],
            },
            _ => settled,
        };
        return Schedule(next, succeeded.At);
    }

    /// <summary>The ledger allocation a write makes (numbered with the branch's next seq) or removes; null for document writes.</summary>
    private static PostedAllocation? AllocationOf(BranchState branch, LedgerWriteIntended intended) => intended.Operation switch
    {
        LedgerOperation.Allocate when intended.AllocationIndex is { } i && i < branch.Allocations.Count =>
            new PostedAllocation(branch.NextAllocationSeq, null, branch.Allocations[i].Request.InvoiceNumber, branch.Allocations[i].Request.Amount, intended.Date ?? branch.Allocations[i].Request.Date),
        LedgerOperation.Unallocate => branch.PostedAllocations.FirstOrDefault(p => p.Seq == intended.AllocationIndex),
        _ => null,
    };

    private static BranchState WriteFailed(SyncState state, BranchState branch, LedgerWriteFailed failed)
    {
        if (branch.InFlight is not { } pending || pending.Key != failed.Key)
        {
            return branch;
        }

        // Only an ambiguous outcome may have reached the ledger; every other kind means it did not apply.
        var next = branch with { InFlight = failed.Kind == LedgerFailureKind.Ambiguous ? pending with { CallEnded = true } : null };
        if (pending.Operation == LedgerOperation.Allocate)
        {
            var status = failed.Kind == LedgerFailureKind.NotFound ? AllocationStatus.Waiting
                : failed.RetryAt is null ? AllocationStatus.Failed
                : (AllocationStatus?)null;
            if (status is { } s)
            {
                next = next with { Allocations = ForTarget(state, pending, next.Allocations, a => a with { Status = s, LastError = failed.Message }) };
            }
        }

        return Failure(next, failed.Kind, failed.Message, failed.RetryAt);
    }

    private static BranchState Failure(BranchState branch, LedgerFailureKind kind, string message, DateTimeOffset? retryAt) => branch with
    {
        ConsecutiveFailures = branch.ConsecutiveFailures + 1,
        AttemptOpen = false,
        LastError = message,
        LastErrorKind = kind,
        NextAttemptAt = retryAt,
        LeaseUntil = retryAt + StepLease,
    };

    private static BranchState Redated(BranchState branch, DocumentRedated redated) => redated.AllocationIndex is { } index && index < branch.Allocations.Count
        ? branch with { Allocations = branch.Allocations.Select((a, i) => i == index ? a with { RedatedTo = redated.Date } : a).ToArray() }
        : branch with { RedatedTo = redated.Date };

    private static BranchState Settled(BranchState branch, BranchPhase phase, DateTimeOffset at) => branch with
    {
        Phase = phase,
        SyncedAt = at,
        LastError = null,
        LastErrorKind = null,
        NextAttemptAt = null,
        LeaseUntil = null,
    };

    /// <summary>Work is due now and a step message is (about to be) on its way: leased until it should have been handled.</summary>
    private static BranchState Schedule(BranchState branch, DateTimeOffset at) => branch with { NextAttemptAt = at, LeaseUntil = at + StepLease };

    /// <summary>Changes the allocation a write was for, unless a newer version replaced the list meanwhile.</summary>
    private static AllocationState[] ForTarget(SyncState state, PendingWrite pending, IReadOnlyList<AllocationState> allocations, Func<AllocationState, AllocationState> change) =>
        allocations.Select((a, i) => i == pending.AllocationIndex && pending.Version == state.Target!.Version ? change(a) : a).ToArray();

    private static SyncState Alerted(SyncState state, AlertRaised alert) => alert.Kind switch
    {
        AlertKind.SlaBreached => state with { SlaBreachedAt = alert.At },
        AlertKind.SlaRecovered => state with { SlaRecoveredAt = alert.At },
        AlertKind.DailyLimitReached when alert.ConnectionId is { } id => Update(state, id, b => b with { DailyLimitAlerted = true }),
        _ => state,
    };

    private static SyncState Update(SyncState state, string connectionId, Func<BranchState, BranchState> change) => state with
    {
        Branches = state.Branches.Select(b => b.ConnectionId == connectionId ? change(b) : b).ToArray(),
    };
}
