using CreditFunctions.Alerts;
using CreditFunctions.Ledgers;
using CreditFunctions.Tenants;

namespace CreditFunctions.Workflow;

/// <summary>What a ledger outcome means for the branch (docs/workflow.md "Outcome classes").</summary>
public static partial class SyncDecider
{
    /// <summary>The message shown for a parked branch (contract: failed, needs attention).</summary>
    public const string ReconnectMessage = "The ledger connection needs reconnecting";

    private static List<SyncEvent> Complete(SyncState state, CompleteWrite command)
    {
        var branch = RequireBranch(state, command.ConnectionId);
        if (branch.InFlight is not { } pending || pending.Key != command.Key)
        {
            return []; // a late or repeated result: the write it reports is already settled
        }

        if (command.Succeeded == command.Failure is not null)
        {
            throw new InvalidOperationException("A write result is either a success or a failure.");
        }

        if (command.Succeeded)
        {
            if (command.LedgerId is null && pending.Operation is LedgerOperation.CreateCreditNote)
            {
                throw new InvalidOperationException("A created credit note must come back with the ledger's document id.");
            }

            return [new LedgerWriteSucceeded(branch.ConnectionId, pending.Key, command.LedgerId, ViaReadBack: false, command.Now)];
        }

        var failure = command.Failure!;
        var now = command.Now;
        var events = new List<SyncEvent>();
        switch (failure.Kind)
        {
            case LedgerFailureKind.Transient or LedgerFailureKind.Throttled or LedgerFailureKind.Ambiguous:
            case LedgerFailureKind.NotFound when pending.Operation == LedgerOperation.Allocate:
                events.Add(Failed(branch, pending, failure, now + RetryBackoff.Delay(branch.ConsecutiveFailures + 1, command.Jitter, failure.RetryAfter), now));
                break;
            case LedgerFailureKind.DailyLimitReached:
                events.Add(Failed(branch, pending, failure, now + DailyLimitDelay(branch, failure, command.Jitter), now));
                AlertDailyLimitOnce(state, branch, failure, now, events);
                break;
            case LedgerFailureKind.PeriodLocked when CanRedate(state, branch, pending, command.RedateTo):
                events.Add(Failed(branch, pending, failure, now, now));
                events.Add(new DocumentRedated(branch.ConnectionId, pending.AllocationIndex, command.RedateTo!.Value, now));
                break;
            case LedgerFailureKind.PeriodLocked:
                events.Add(Failed(branch, pending, failure, null, now));
                Hold(state, branch, BranchPhase.Failed, AlertKind.PeriodLocked, failure.Message, now, events);
                break;
            case LedgerFailureKind.AuthorisationLost:
                events.Add(Failed(branch, pending, failure, null, now));
                Hold(state, branch, BranchPhase.Parked, AlertKind.ConnectionLost, $"{ReconnectMessage}: {failure.Message}", now, events);
                break;
            default:
                events.Add(Failed(branch, pending, failure, null, now));
                Hold(state, branch, BranchPhase.Failed, AlertKind.LedgerRejected, failure.Message, now, events);
                break;
        }

        return events;
    }

    private static List<SyncEvent> ReadBackCompleted(SyncState state, CompleteReadBack command)
    {
        var branch = RequireBranch(state, command.ConnectionId);
        if (branch.InFlight is not { } pending || pending.Key != command.Key)
        {
            return [];
        }

        var now = command.Now;
        if (command.Failure is { } failure)
        {
            var events = new List<SyncEvent>();
            switch (failure.Kind)
            {
                case LedgerFailureKind.AuthorisationLost:
                    events.Add(new ReadBackFailed(branch.ConnectionId, pending.Key, failure.Kind, failure.Message, null, now));
                    Hold(state, branch, BranchPhase.Parked, AlertKind.ConnectionLost, $"{ReconnectMessage}: {failure.Message}", now, events);
                    break;
                case LedgerFailureKind.Validation or LedgerFailureKind.PeriodLocked:
                    events.Add(new ReadBackFailed(branch.ConnectionId, pending.Key, failure.Kind, failure.Message, null, now));
                    Hold(state, branch, BranchPhase.Failed, AlertKind.LedgerRejected, failure.Message, now, events);
                    break;
                case LedgerFailureKind.DailyLimitReached:
                    events.Add(new ReadBackFailed(branch.ConnectionId, pending.Key, failure.Kind, failure.Message, now + DailyLimitDelay(branch, failure, command.Jitter), now));
                    AlertDailyLimitOnce(state, branch, failure, now, events);
                    break;
                default:
                    var retryAt = now + RetryBackoff.Delay(branch.ConsecutiveFailures + 1, command.Jitter, failure.RetryAfter);
                    events.Add(new ReadBackFailed(branch.ConnectionId, pending.Key, failure.Kind, failure.Message, retryAt, now));
                    break;
            }

            return events;
        }

        return ReadBackProves(state, branch, pending, command.Found, out var ledgerId)
            ? [new LedgerWriteSucceeded(branch.ConnectionId, pending.Key, ledgerId, ViaReadBack: true, now)]
            : [new ReadBackMissed(branch.ConnectionId, pending.Key, now)];
    }

    /// <summary>Whether the document read back by number shows the write in flight happened.</summary>
    private static bool ReadBackProves(SyncState state, BranchState branch, PendingWrite pending, LedgerDocument? found, out string? ledgerId)
    {
        ledgerId = null;
        switch (pending.Operation)
        {
            case LedgerOperation.CreateCreditNote:
                // A document voided to be replaced keeps its number; it is not the new one.
                if (found is not null && !IsVoided(found) && found.LedgerDocumentId != branch.ReplacedLedgerDocumentId)
                {
                    ledgerId = found.LedgerDocumentId;
                    return true;
                }

                return false;
            case LedgerOperation.UpdateCreditNote:
                // The runner reads back with the version being written, so the adapter can say whether its content landed;
                // an amendment that keeps the total must not pass for applied. (Re-sending an update is harmless.)
                ledgerId = branch.LedgerDocumentId;
                return found is not null && found.LedgerDocumentId == branch.LedgerDocumentId && (found.MatchesNote ?? found.Total == state.Target!.Total);
            case LedgerOperation.VoidCreditNote:
                // Gone or voided: either way the document no longer counts. (The find is by number, so another
                // document with the same number proves nothing: then the void is sent again.)
                ledgerId = branch.LedgerDocumentId;
                return found is null || (found.LedgerDocumentId == branch.LedgerDocumentId && IsVoided(found));
            case LedgerOperation.Allocate:
                return AllocationExists(branch, pending, found, out ledgerId);
            case LedgerOperation.Unallocate:
                ledgerId = pending.Allocation?.AllocationId;
                return AllocationGone(branch, pending, found);
            default:
                return false;
        }
    }

    private static bool AllocationExists(BranchState branch, PendingWrite pending, LedgerDocument? found, out string? allocationId)
    {
        allocationId = null;
        if (found is null || found.LedgerDocumentId != branch.LedgerDocumentId || pending.AllocationIndex is not { } index || index >= branch.Allocations.Count)
        {
            return false;
        }

        // Two requests for the same invoice and amount are told apart by counting: the ledger must hold more
        // matching allocations than this branch knows it made there.
        var request = branch.Allocations[index].Request;
        var ours = branch.PostedAllocations.Where(a => Same(a.InvoiceNumber, a.Amount, request.InvoiceNumber, request.Amount)).ToArray();
        var theirs = found.Allocations.Where(a => Same(a.InvoiceNumber, a.Amount, request.InvoiceNumber, request.Amount)).ToArray();
        if (theirs.Length <= ours.Length)
        {
            return false;
        }

        var known = ours.Select(a => a.AllocationId).ToHashSet(StringComparer.Ordinal);
        allocationId = theirs.Select(a => a.AllocationId).FirstOrDefault(id => id is null || !known.Contains(id));
        return true;
    }

    /// <summary>
    /// Whether the allocation an unconfirmed removal was for is gone from the document: by its id when known, else by
    /// counting (the ledger must hold fewer matching allocations than the branch made). No document under the number
    /// proves nothing, and neither does another document with it: then the removal is sent again.
    /// </summary>
    private static bool AllocationGone(BranchState branch, PendingWrite pending, LedgerDocument? found)
    {
        if (found is null || found.LedgerDocumentId != branch.LedgerDocumentId || pending.Allocation is not { } removing)
        {
            return false;
        }

        if (removing.AllocationId is { } id)
        {
            return found.Allocations.All(a => !string.Equals(a.AllocationId, id, StringComparison.OrdinalIgnoreCase));
        }

        var ours = branch.PostedAllocations.Count(a => Same(a.InvoiceNumber, a.Amount, removing.InvoiceNumber, removing.Amount));
        return found.Allocations.Count(a => Same(a.InvoiceNumber, a.Amount, removing.InvoiceNumber, removing.Amount)) < ours;
    }

    private static bool Same(string invoiceA, decimal amountA, string invoiceB, decimal amountB) =>
        string.Equals(invoiceA, invoiceB, StringComparison.OrdinalIgnoreCase) && amountA == amountB;

    // Adapters report the ledger's status word; Xero's is VOIDED (Spec: CreditNote.Status).
    private static bool IsVoided(LedgerDocument document) => string.Equals(document.Status, "VOIDED", StringComparison.OrdinalIgnoreCase);

    private static LedgerWriteFailed Failed(BranchState branch, PendingWrite pending, LedgerFailure failure, DateTimeOffset? retryAt, DateTimeOffset now) =>
        new(branch.ConnectionId, pending.Key, failure.Kind, failure.Message, retryAt, now);

    private static TimeSpan DailyLimitDelay(BranchState branch, LedgerFailure failure, double jitter) =>
        failure.RetryAfter ?? RetryBackoff.Delay(branch.ConsecutiveFailures + 1, jitter);

    private static void AlertDailyLimitOnce(SyncState state, BranchState branch, LedgerFailure failure, DateTimeOffset now, List<SyncEvent> events)
    {
        if (!branch.DailyLimitAlerted)
        {
            events.Add(new AlertRaised(AlertKind.DailyLimitReached, branch.ConnectionId, $"Credit note {state.CreditNoteId} on {branch.ConnectionId}: {failure.Message}", now));
        }
    }

    private static void Hold(SyncState state, BranchState branch, BranchPhase phase, AlertKind alert, string reason, DateTimeOffset now, List<SyncEvent> events)
    {
        events.Add(new BranchHeld(branch.ConnectionId, phase, reason, now));
        events.Add(new AlertRaised(alert, branch.ConnectionId, $"Credit note {state.CreditNoteId} on {branch.ConnectionId}: {reason}", now));
    }

    /// <summary>Re-dating applies to writes that carry a date, when the tenant chose it and the runner found a later open day.</summary>
    private static bool CanRedate(SyncState state, BranchState branch, PendingWrite pending, DateOnly? redateTo)
    {
        // A void or a removal carries no date of ours to move.
        if (state.Policy.ClosedPeriod != ClosedPeriodPolicy.Redate || redateTo is not { } to || pending.Operation is LedgerOperation.VoidCreditNote or LedgerOperation.Unallocate)
        {
            return false;
        }

        var current = pending.Operation == LedgerOperation.Allocate && pending.AllocationIndex is { } i && i < branch.Allocations.Count
            ? branch.Allocations[i].RedatedTo ?? branch.Allocations[i].Request.Date
            : branch.RedatedTo ?? state.Target!.Date;

        // Only ever forward, so a ledger that keeps refusing cannot make us loop.
        return to > current;
    }
}
