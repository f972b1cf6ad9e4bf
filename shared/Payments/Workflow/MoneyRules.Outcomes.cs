using CreditFunctions.Alerts;
using CreditFunctions.Ledgers;
using CreditFunctions.Workflow.Durable;

namespace CreditFunctions.Payments.Workflow;

public static partial class MoneyRules
{
    /// <summary>
    /// Folds a step's answer into its branch. Done: the posting is recorded (a post that lands after a delete was accepted
    /// is recorded and then deleted); an application is recorded once under its id. Waiting and retryable failures come
    /// back after <see cref="Backoff"/>; an <see cref="LedgerFailureKind.Ambiguous"/> post keeps its key so the next step, and
    /// any delete, looks for what it may have made. Refusals, ledger rejections and a lost connection stop the branch with
    /// an alert.
    /// </summary>
    public static (MoneyState State, IReadOnlyList<SyncAlert> Alerts) Complete(
        MoneyState state, string connectionId, MoneyWork.Call call, MoneyStepResult result, MoneySettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(result);
        var branch = state.Branch(connectionId) ?? throw new InvalidOperationException($"No branch {connectionId}.");
        var wasComplete = state.IsComplete;
        var alerts = new List<SyncAlert>();
        branch = branch with { Attempts = branch.Attempts + 1 };
        branch = result.Outcome switch
        {
            MoneyStepOutcome.Done => Done(state, branch, call, result, now),
            MoneyStepOutcome.Duplicate => Resolved(branch) with { Status = MoneyBranchStatus.Duplicate, DuplicateOf = result.MatchedPaymentId, Reason = result.Reason, SyncedAt = now },
            MoneyStepOutcome.Refused => Refused(branch, result.Reason ?? "refused", alerts, now),
            MoneyStepOutcome.Waiting => Later(branch, settings, result.Jitter, null, now) with { Status = MoneyBranchStatus.Waiting, Reason = result.Reason },
            MoneyStepOutcome.Failed => Failed(branch, call, result.Failure ?? throw new InvalidOperationException("A failed step without its failure."), settings, result.Jitter, alerts, now),
            _ => throw new InvalidOperationException($"Unknown outcome {result.Outcome}."),
        };

        if (state.Deleted && call.Operation != MoneyOperation.DeletePayment && branch.Posting is null && branch.AttemptedKeys.Count == 0)
        {
            // The delete arrived while this step ran and the step made nothing (it waited, was refused, matched a duplicate):
            // there is nothing of ours to delete.
            branch = branch with { Status = MoneyBranchStatus.Deleted, Reason = "deleted in the order system before it was posted", NextAttemptAt = null };
        }

        state = state with { Branches = state.Branches.Select(b => b.ConnectionId == connectionId ? branch : b).ToArray() };
        if (!wasComplete && state.IsComplete && state.SlaAlertedAt is not null)
        {
            alerts.Add(new SyncAlert(AlertKind.SlaRecovered, null, $"{Describe(state)} is synced after its deadline.", now));
        }

        return (state, alerts);
    }

    /// <summary>
    /// A step whose activity threw (the worker died, storage failed): the outcome is unknown, so it is handled as
    /// <see cref="LedgerFailureKind.Ambiguous"/> (looked for before anything is posted again) until it has thrown
    /// <see cref="MoneySettings.ActivityAttempts"/> times in a row, when the branch fails as poisoned with an alert.
    /// </summary>
    public static (MoneyState State, IReadOnlyList<SyncAlert> Alerts) Threw(
        MoneyState state, string connectionId, MoneyWork.Call call, string reason, int timesInARow, MoneySettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(settings);
        if (timesInARow < settings.ActivityAttempts)
        {
            return Complete(state, connectionId, call, MoneyStepResult.Failed(new LedgerFailure(LedgerFailureKind.Ambiguous, $"The step did not finish: {reason}")) with { Jitter = 0.5 }, settings, now);
        }

        var message = $"The {call.Operation} step failed {timesInARow} times: {reason}";
        var branch = state.Branch(connectionId)! with { Status = MoneyBranchStatus.Failed, Reason = message, LastError = message, NextAttemptAt = null };
        if (IsPost(call.Operation) && !branch.AttemptedKeys.Contains(call.Key.Value, StringComparer.Ordinal))
        {
            branch = branch with { AttemptedKeys = [.. branch.AttemptedKeys, call.Key.Value] };
        }

        return (state with { Branches = state.Branches.Select(b => b.ConnectionId == connectionId ? branch : b).ToArray() }, [new SyncAlert(AlertKind.Poisoned, connectionId, message, now)]);
    }

    private static MoneyBranch Done(MoneyState state, MoneyBranch branch, MoneyWork.Call call, MoneyStepResult result, DateTimeOffset now)
    {
        branch = Resolved(branch);
        switch (call.Operation)
        {
            case MoneyOperation.DeletePayment:
                return branch with { Status = MoneyBranchStatus.Deleted, Reason = result.Reason ?? "deleted in the ledger", SyncedAt = now };
            case MoneyOperation.ApplyCredit:
                var applied = branch.Applied.Any(a => a.ApplicationId == call.ApplicationId) || result.Posting is null
                    ? branch.Applied
                    : [.. branch.Applied, new AppliedCredit(call.ApplicationId!, result.Posting, now)];
                branch = branch with { Applied = applied };
                return branch.IsFinished(state.Applications) || state.Applications.All(a => applied.Any(p => p.ApplicationId == a.ApplicationId))
                    ? branch with { Status = MoneyBranchStatus.Synced, Reason = null, SyncedAt = now }
                    : branch with { Status = MoneyBranchStatus.Pending, Reason = null };
            default:
                // The posting is known now: attempted keys are settled. A post that lands after the delete was accepted is
                // recorded and deleted next (the delete wins).
                branch = branch with { Posting = result.Posting, AttemptedKeys = [], Reason = null };
                if (state.Deleted)
                {
                    return branch with { Status = MoneyBranchStatus.Pending, Reason = "deleted in the order system: deleting ours in the ledger" };
                }

                return state.Applications.All(a => branch.Applied.Any(p => p.ApplicationId == a.ApplicationId))
                    ? branch with { Status = MoneyBranchStatus.Synced, SyncedAt = now }
                    : branch with { Status = MoneyBranchStatus.Pending };
        }
    }

    private static MoneyBranch Refused(MoneyBranch branch, string reason, List<SyncAlert> alerts, DateTimeOffset now)
    {
        alerts.Add(new SyncAlert(AlertKind.PaymentRefused, branch.ConnectionId, $"Not exported: {reason}", now));
        return Resolved(branch) with { Status = MoneyBranchStatus.Refused, Reason = reason };
    }

    private static MoneyBranch Failed(MoneyBranch branch, MoneyWork.Call call, LedgerFailure failure, MoneySettings settings, double jitter, List<SyncAlert> alerts, DateTimeOffset now)
    {
        branch = branch with { LastError = failure.Message };
        switch (failure.Kind)
        {
            case LedgerFailureKind.Ambiguous:
                var keys = IsPost(call.Operation) && !branch.AttemptedKeys.Contains(call.Key.Value, StringComparer.Ordinal)
                    ? [.. branch.AttemptedKeys, call.Key.Value]
                    : branch.AttemptedKeys;
                return Later(branch with { AttemptedKeys = keys }, settings, jitter, failure.RetryAfter, now) with { Status = MoneyBranchStatus.Pending };
            case LedgerFailureKind.Transient or LedgerFailureKind.Throttled or LedgerFailureKind.DailyLimitReached:
                return Later(branch, settings, jitter, failure.RetryAfter, now) with { Status = MoneyBranchStatus.Pending };
            case LedgerFailureKind.NotFound:
                return Later(branch, settings, jitter, failure.RetryAfter, now) with { Status = MoneyBranchStatus.Waiting, Reason = failure.Message };
            case LedgerFailureKind.AuthorisationLost:
                alerts.Add(new SyncAlert(AlertKind.ConnectionLost, branch.ConnectionId, "The ledger connection needs reconnecting.", now));
                return branch with { Status = MoneyBranchStatus.Failed, Reason = "The ledger connection needs reconnecting", NextAttemptAt = null };
            case LedgerFailureKind.PeriodLocked:
                alerts.Add(new SyncAlert(AlertKind.PeriodLocked, branch.ConnectionId, failure.Message, now));
                return branch with { Status = MoneyBranchStatus.Failed, Reason = failure.Message, NextAttemptAt = null };
            default:
                alerts.Add(new SyncAlert(AlertKind.LedgerRejected, branch.ConnectionId, failure.Message, now));
                return branch with { Status = MoneyBranchStatus.Failed, Reason = failure.Message, NextAttemptAt = null };
        }
    }

    private static MoneyBranch Resolved(MoneyBranch branch) => branch with { ConsecutiveFailures = 0, NextAttemptAt = null, LastError = null };

    private static MoneyBranch Later(MoneyBranch branch, MoneySettings settings, double jitter, TimeSpan? retryAfter, DateTimeOffset now)
    {
        var failures = branch.ConsecutiveFailures + 1;
        return branch with { ConsecutiveFailures = failures, NextAttemptAt = now + Backoff(settings, failures, jitter, retryAfter) };
    }

    private static bool IsPost(MoneyOperation operation) => operation is not MoneyOperation.DeletePayment;
}
