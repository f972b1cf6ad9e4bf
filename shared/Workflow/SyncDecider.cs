using CreditFunctions.Alerts;

namespace CreditFunctions.Workflow;

/// <summary>
/// The durable sync workflow as a pure function (STYLE.md "The workflow is a pure function"; docs/workflow.md):
/// <see cref="Decide"/> turns a command into events, <see cref="Evolve"/> folds an event into the state, and the
/// queries (<see cref="NextStep"/>, <see cref="DueBranches"/>, <see cref="StepsToSend"/>) tell the runner which
/// I/O to do. No clock, no randomness, no I/O: time and jitter arrive in the commands.
/// A repeated command decides nothing; an impossible one throws <see cref="InvalidOperationException"/>.
/// </summary>
public static partial class SyncDecider
{
    /// <summary>
    /// How long a scheduled step message or a started ledger call is presumed alive. The sweep does not
    /// re-enqueue a branch inside its lease, and a write in flight is read back only after it. The runner must
    /// give up on a ledger call (and report it <c>Ambiguous</c>) well before this: 5 minutes.
    /// </summary>
    public static readonly TimeSpan StepLease = TimeSpan.FromMinutes(5);

    /// <summary>The events <paramref name="command"/> causes in <paramref name="state"/>; empty when it changes nothing.</summary>
    public static IReadOnlyList<SyncEvent> Decide(SyncState state, SyncCommand command)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        var events = command switch
        {
            AcceptEvent accept => Accept(state, accept),
            BeginWrite begin => Begin(state, begin),
            CompleteWrite complete => Complete(state, complete),
            CompleteReadBack readBack => ReadBackCompleted(state, readBack),
            Tick tick => OnTick(state, tick),
            Retry retry => OnRetry(state, retry),
            MarkPoisoned poisoned => Poison(state, poisoned),
            RestoreConnection restore => Restore(state, restore),
            _ => throw new InvalidOperationException($"Unknown command {command.GetType().Name}."),
        };
        return events.Count == 0 ? [] : WithConsequences(state, events, command.Now);
    }

    /// <summary>What the runner should do next for the branch of <paramref name="connectionId"/> at <paramref name="now"/>.</summary>
    public static BranchStep NextStep(SyncState state, string connectionId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return BranchPlanner.Next(state, RequireBranch(state, connectionId), now);
    }

    /// <summary>
    /// Branches with work due at <paramref name="now"/> and no step in flight (their lease has passed): a lost
    /// message or a crashed call. <see cref="Tick"/> turns each into a <see cref="StepRecovered"/> for the runner to re-enqueue.
    /// </summary>
    public static IReadOnlyList<string> DueBranches(SyncState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Branches
            .Where(b => b.Phase == BranchPhase.Active
                && (b.NextAttemptAt ?? DateTimeOffset.MinValue) <= now
                && (b.LeaseUntil ?? DateTimeOffset.MinValue) <= now)
            .Select(b => b.ConnectionId)
            .ToArray();
    }

    /// <summary>
    /// The earliest time the timer has something to do for this instance (a lease running out, the SLA
    /// deadline); null when nothing will happen without a new command. The runner can store it as an indexed
    /// column so the sweep reads only due instances.
    /// </summary>
    public static DateTimeOffset? NextWakeAt(SyncState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        DateTimeOffset? wake = null;
        foreach (var branch in state.Branches.Where(b => b.Phase == BranchPhase.Active))
        {
            var due = Max(branch.NextAttemptAt, branch.LeaseUntil) ?? DateTimeOffset.MinValue;
            wake = wake is null || due < wake ? due : wake;
        }

        if (state.Exists && !state.IsComplete && state.SlaBreachedAt is null && (wake is null || state.Deadline < wake))
        {
            wake = state.Deadline;
        }

        return wake;
    }

    /// <summary>
    /// The step messages the runner sends after saving <paramref name="events"/> (which produced
    /// <paramref name="after"/>): one per branch that was given work, visible at its <see cref="BranchState.NextAttemptAt"/>.
    /// A duplicate message is harmless (<see cref="BeginWrite"/> decides nothing), a lost one is recovered by the sweep.
    /// </summary>
    public static IReadOnlyList<StepMessage> StepsToSend(IReadOnlyList<SyncEvent> events, SyncState after)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(after);
        var scheduled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            switch (e)
            {
                case VersionAccepted:
                    scheduled.UnionWith(after.Branches.Select(b => b.ConnectionId));
                    break;
                case BranchAdded added:
                    scheduled.Add(added.Connection.ConnectionId);
                    break;
                case LedgerWriteSucceeded s:
                    scheduled.Add(s.ConnectionId);
                    break;
                case LedgerWriteFailed { RetryAt: not null } f:
                    scheduled.Add(f.ConnectionId);
                    break;
                case ReadBackFailed { RetryAt: not null } r:
                    scheduled.Add(r.ConnectionId);
                    break;
                case ReadBackMissed m:
                    scheduled.Add(m.ConnectionId);
                    break;
                case DocumentRedated d:
                    scheduled.Add(d.ConnectionId);
                    break;
                case BranchResumed resumed:
                    scheduled.Add(resumed.ConnectionId);
                    break;
                case StepRecovered recovered:
                    scheduled.Add(recovered.ConnectionId);
                    break;
                default:
                    break;
            }
        }

        return after.Branches
            .Where(b => scheduled.Contains(b.ConnectionId) && b.Phase == BranchPhase.Active && b.NextAttemptAt is not null)
            .Select(b => new StepMessage(b.ConnectionId, b.NextAttemptAt!.Value))
            .ToArray();
    }

    /// <summary>True when an operator <see cref="Retry"/> would do something (a branch is failed or parked); the API answers 409 otherwise.</summary>
    public static bool CanRetry(SyncState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Branches.Any(b => b.Phase is BranchPhase.Failed or BranchPhase.Parked);
    }

    /// <summary>Folds <paramref name="events"/> into <paramref name="state"/>.</summary>
    public static SyncState EvolveAll(SyncState state, IEnumerable<SyncEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return events.Aggregate(state, Evolve);
    }

    private static List<SyncEvent> Accept(SyncState state, AcceptEvent command)
    {
        ArgumentNullException.ThrowIfNull(command.Target);
        ArgumentNullException.ThrowIfNull(command.Connections);
        ArgumentNullException.ThrowIfNull(command.Policy);
        if (!state.Exists)
        {
            return
            [
                new SyncStarted(command.TenantId, command.CreditNoteId, command.Connections, command.Now),
                new VersionAccepted(command.Target, command.Policy, command.Now + command.Policy.SyncDeadline, command.Now),
            ];
        }

        if (command.TenantId != state.TenantId || command.CreditNoteId != state.CreditNoteId)
        {
            throw new InvalidOperationException(
                $"Event for {command.TenantId}/{command.CreditNoteId} sent to the instance of {state.TenantId}/{state.CreditNoteId}.");
        }

        if (state.RecentEventIds.Contains(command.Target.EventId) || !command.Target.Supersedes(state.Target))
        {
            return [];
        }

        var events = new List<SyncEvent>();
        foreach (var connection in command.Connections.Where(c => state.Branch(c.ConnectionId) is null))
        {
            events.Add(new BranchAdded(connection, command.Now));
        }

        // The SLA clock keeps running for a document that has not synced yet; a synced one starts a new one.
        var deadline = state.IsComplete ? command.Now + command.Policy.SyncDeadline : state.Deadline;
        events.Add(new VersionAccepted(command.Target, command.Policy, deadline, command.Now));
        return events;
    }

    private static List<SyncEvent> Begin(SyncState state, BeginWrite command)
    {
        var branch = RequireBranch(state, command.ConnectionId);
        return BranchPlanner.Next(state, branch, command.Now) is BranchStep.Write write
            ? [new LedgerWriteIntended(branch.ConnectionId, write.Operation, write.Version, write.AllocationIndex, write.Date, write.Key, command.Now)]
            : [];
    }

    private static List<SyncEvent> OnTick(SyncState state, Tick command)
    {
        if (!state.Exists)
        {
            return [];
        }

        var events = new List<SyncEvent>();
        if (!state.IsComplete && command.Now >= state.Deadline && state.SlaBreachedAt is null)
        {
            events.Add(new AlertRaised(
                AlertKind.SlaBreached, null,
                $"Credit note {state.CreditNoteId} is not synced {Minutes(command.Now - state.AcceptedAt)} minutes after it was accepted.",
                command.Now));
        }

        events.AddRange(DueBranches(state, command.Now).Select(id => new StepRecovered(id, command.Now)));
        return events;
    }

    private static List<SyncEvent> OnRetry(SyncState state, Retry command)
    {
        RequireExists(state);
        return state.Branches
            .Where(b => b.Phase is BranchPhase.Failed or BranchPhase.Parked)
            .Select(SyncEvent (b) => new BranchResumed(b.ConnectionId, NewRound: true, command.Now))
            .ToList();
    }

    private static List<SyncEvent> Poison(SyncState state, MarkPoisoned command)
    {
        var branch = RequireBranch(state, command.ConnectionId);
        return branch.Phase != BranchPhase.Active
            ? []
            :
            [
                new BranchHeld(branch.ConnectionId, BranchPhase.Failed, $"Poisoned: {command.Reason}", command.Now),
                new AlertRaised(AlertKind.Poisoned, branch.ConnectionId, $"Credit note {state.CreditNoteId} on {branch.ConnectionId}: {command.Reason}", command.Now),
            ];
    }

    private static List<SyncEvent> Restore(SyncState state, RestoreConnection command)
    {
        var branch = RequireBranch(state, command.ConnectionId);
        return branch.Phase == BranchPhase.Parked ? [new BranchResumed(branch.ConnectionId, NewRound: false, command.Now)] : [];
    }

    /// <summary>Appends what follows from the decided events: branches reaching their target, and the SLA recovery notice.</summary>
    private static List<SyncEvent> WithConsequences(SyncState state, List<SyncEvent> events, DateTimeOffset now)
    {
        var after = EvolveAll(state, events);
        foreach (var branch in after.Branches.Where(b => BranchPlanner.ReachedTarget(after, b)))
        {
            SyncEvent done = after.Target!.Voided
                ? new BranchVoided(branch.ConnectionId, WithoutCall: branch.LedgerDocumentId is null, now)
                : new BranchSynced(branch.ConnectionId, after.Target.Version, now);
            events.Add(done);
            after = Evolve(after, done);
        }

        if (after.IsComplete && after.SlaBreachedAt is not null && after.SlaRecoveredAt is null)
        {
            events.Add(new AlertRaised(
                AlertKind.SlaRecovered, null,
                $"Credit note {after.CreditNoteId} synced {Minutes(now - after.AcceptedAt)} minutes after it was accepted.",
                now));
        }

        return events;
    }

    private static void RequireExists(SyncState state)
    {
        if (!state.Exists)
        {
            throw new InvalidOperationException("The workflow instance does not exist yet: accept an event first.");
        }
    }

    private static BranchState RequireBranch(SyncState state, string connectionId)
    {
        RequireExists(state);
        return state.Branch(connectionId)
            ?? throw new InvalidOperationException($"Credit note {state.CreditNoteId} has no branch for connection {connectionId}.");
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static long Minutes(TimeSpan span) => (long)span.TotalMinutes;
}

/// <summary>A step message to enqueue for one branch, visible at <paramref name="VisibleAt"/>.</summary>
public sealed record StepMessage(string ConnectionId, DateTimeOffset VisibleAt);
