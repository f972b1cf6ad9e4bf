using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CreditFunctions.Alerts;
using CreditFunctions.Ledgers;
using CreditFunctions.Tenants;
using CreditFunctions.Workflow.Durable;

namespace CreditFunctions.Payments.Workflow;

/// <summary>
/// The money workflow's rules (docs/payments.md "Workflow"), pure: no clock (time arrives as <c>now</c>), no randomness
/// (jitter arrives in results), no I/O. The orchestrator asks <see cref="NextWork"/> what each branch does, calls the
/// activity it names, and folds the answer back in with <see cref="Complete"/>; events, signals and the SLA timer come in
/// through <see cref="Accept"/>, <see cref="Retry"/> and <see cref="Tick"/>. Outcomes of ledger steps are in
/// <c>MoneyRules.Outcomes.cs</c>.
/// </summary>
public static partial class MoneyRules
{
    /// <summary>Event ids kept on the state to acknowledge a redelivery (intake's insert-if-absent row is the first layer).</summary>
    public const int SeenEventsKept = 50;

    /// <summary>
    /// Applies an accepted event. A first event opens the state (one branch per connection, deadline = received + the
    /// tenant's SyncDeadline); an event id seen before changes nothing; the first stated document wins; a delete wins
    /// over the create whenever it arrives (nothing is posted after it); an application adds work to every branch.
    /// </summary>
    public static MoneyState Accept(MoneyState? state, string tenantId, MoneyEvent moneyEvent, MoneyPolicy policy, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(moneyEvent);
        ArgumentNullException.ThrowIfNull(policy);
        if (state is not null && state.SeenEvents.Contains(moneyEvent.Id, StringComparer.Ordinal))
        {
            return state;
        }

        if (state is not null && (state.Kind != moneyEvent.Kind || state.DocumentId != moneyEvent.DocumentId))
        {
            throw new InvalidOperationException($"Event {moneyEvent.Id} is about {moneyEvent.Kind} {moneyEvent.DocumentId}, not {state.Kind} {state.DocumentId}.");
        }

        state ??= new MoneyState(
            tenantId, moneyEvent.Kind, moneyEvent.DocumentId, null, false, policy.Mode, receivedAt, receivedAt + policy.SyncDeadline, null, [], [],
            policy.Connections.Select(c => MoneyBranch.Start(c.ConnectionId, c.Ledger)).ToArray());
        var wasComplete = state.IsComplete;
        state = state with { SeenEvents = [.. state.SeenEvents.TakeLast(SeenEventsKept - 1), moneyEvent.Id] };

        if (moneyEvent.Document is { } document && state.Stated is null)
        {
            state = state with { Stated = StatedMoneyDocument.From(document) };
        }

        if (moneyEvent.Type == MoneyEventType.PaymentDeleted && !state.Deleted)
        {
            state = state with { Deleted = true };
        }

        if (moneyEvent.Application is { } application && !state.Applications.Any(a => a.ApplicationId == application.ApplicationId))
        {
            state = state with { Applications = [.. state.Applications, application] };
        }

        state = state with { Branches = state.Branches.Select(b => Settle(state, b)).ToArray() };
        if (wasComplete && !state.IsComplete)
        {
            // New work (an application, a delete) on a finished document starts a new deadline.
            state = state with { Deadline = receivedAt + policy.SyncDeadline, SlaAlertedAt = null };
        }

        return state;
    }

    /// <summary>What a branch must do now; derived from the state's facts, never stored.</summary>
    public static MoneyWork NextWork(MoneyState state, string connectionId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var branch = state.Branch(connectionId) ?? throw new InvalidOperationException($"No branch {connectionId}.");
        if (branch.NextAttemptAt is { } at && at > now)
        {
            return new MoneyWork.NotYet(at);
        }

        if (state.Deleted)
        {
            return branch.Status != MoneyBranchStatus.Deleted && (branch.Posting is not null || branch.AttemptedKeys.Count > 0)
                ? Call(state, branch, MoneyOperation.DeletePayment)
                : MoneyWork.Nothing;
        }

        if (branch.Status is MoneyBranchStatus.Failed or MoneyBranchStatus.Refused or MoneyBranchStatus.Duplicate or MoneyBranchStatus.Deleted or MoneyBranchStatus.NotPushed
            || state.Document is not { } document)
        {
            return MoneyWork.Nothing;
        }

        if (branch.Posting is null)
        {
            return Call(state, branch, MainOperation(document));
        }

        return state.Applications.FirstOrDefault(a => !branch.Applied.Any(p => p.ApplicationId == a.ApplicationId)) is { } next
            ? Call(state, branch, MoneyOperation.ApplyCredit, next.ApplicationId)
            : MoneyWork.Nothing;
    }

    /// <summary>The write a stated document needs first on each branch.</summary>
    public static MoneyOperation MainOperation(MoneyDocument document) => document switch
    {
        PaymentDocument => MoneyOperation.PostPayment,
        RefundDocument { Of.CreditNoteId: not null } => MoneyOperation.RefundCreditNote,
        RefundDocument { Of.Document: MoneyDocumentKind.Payment } => MoneyOperation.RefundPayment,
        RefundDocument => MoneyOperation.RefundCreditBalance,
        OverpaymentDocument => MoneyOperation.PostOverpayment,
        PrepaidCreditDocument => MoneyOperation.PostPrepaidCredit,
        _ => throw new ArgumentOutOfRangeException(nameof(document), document?.GetType().Name, "Unknown money document."),
    };

    /// <summary>An operator's retry: every failed or refused branch runs again in a new round (new keys), re-evaluated from scratch.</summary>
    public static MoneyState Retry(MoneyState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!CanRetry(state))
        {
            return state;
        }

        var retried = state with
        {
            Branches = state.Branches
                .Select(b => b.Status is MoneyBranchStatus.Failed or MoneyBranchStatus.Refused
                    ? b with { Status = MoneyBranchStatus.Pending, Reason = null, Round = b.Round + 1, ConsecutiveFailures = 0, NextAttemptAt = null }
                    : b)
                .ToArray(),
        };
        // A document that was finished (refused) is working again: its SLA starts again.
        return state.IsComplete ? retried with { Deadline = now + (state.Deadline - state.AcceptedAt), SlaAlertedAt = null } : retried;
    }

    /// <summary>False when nothing needs an operator: the retry API answers 409.</summary>
    public static bool CanRetry(MoneyState state) =>
        state?.Branches.Any(b => b.Status is MoneyBranchStatus.Failed or MoneyBranchStatus.Refused) ?? false;

    /// <summary>The SLA: a document not finished by its deadline raises one alert (a failed one too).</summary>
    public static (MoneyState State, IReadOnlyList<SyncAlert> Alerts) Tick(MoneyState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.IsComplete || state.SlaAlertedAt is not null || now < state.Deadline)
        {
            return (state, []);
        }

        var message = string.Create(CultureInfo.InvariantCulture, $"{Describe(state)} is not synced {(state.Deadline - state.AcceptedAt).TotalMinutes:0.#} minutes after it was accepted.");
        return (state with { SlaAlertedAt = now }, [new SyncAlert(AlertKind.SlaBreached, null, message, now)]);
    }

    /// <summary>
    /// The durable key of a write: tenant + connection + kind + document + operation + round (+ application). Longer than
    /// the ledger takes (Xero Idempotency-Key 128, X13; QuickBooks requestid 50, Q5; MYOB has none: the adapter keeps it in
    /// a reference, 128 here) → <c>k-</c> + hex SHA-256 cut to fit.
    /// </summary>
    public static LedgerWriteKey Key(string tenantId, string connectionId, MoneyDocumentKind kind, string documentId, MoneyOperation operation, int round, string? applicationId, LedgerKind ledger)
    {
        var raw = new StringBuilder()
            .Append(tenantId).Append(':').Append(connectionId).Append(':').Append(MoneyInstanceKey.Prefix(kind)).Append(':').Append(documentId)
            .Append(':').Append(OperationName(operation)).Append(":r").Append(round.ToString(CultureInfo.InvariantCulture));
        if (applicationId is not null)
        {
            raw.Append(":a").Append(applicationId);
        }

        var text = raw.ToString();
        var max = MaxKeyLength(ledger);
        if (text.Length <= max && text.All(IsKeyChar))
        {
            return new LedgerWriteKey(text);
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return new LedgerWriteKey("k-" + hash[..Math.Min(hash.Length, max - 2)]);
    }

    public static int MaxKeyLength(LedgerKind ledger) => ledger == LedgerKind.QuickBooks ? 50 : 128;

    /// <summary>
    /// The delay before the n-th consecutive retry or re-check: <c>min(cap, base × 2^(n−1)) × (½ + ½·jitter)</c> (half
    /// jitter: a re-check of a missing invoice never comes back at once), or the ledger's Retry-After when longer.
    /// </summary>
    public static TimeSpan Backoff(MoneySettings settings, int consecutiveFailures, double jitter, TimeSpan? retryAfter = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(consecutiveFailures, 1);
        var exponential = settings.RetryBase.TotalMilliseconds * Math.Pow(2, Math.Min(consecutiveFailures - 1, 20));
        var ceiling = Math.Min(settings.RetryCap.TotalMilliseconds, exponential);
        var delay = TimeSpan.FromMilliseconds(Math.Round(ceiling * (0.5 + (0.5 * Math.Clamp(jitter, 0, 1)))));
        return retryAfter is { } after && after > delay ? after : delay;
    }

    internal static string Describe(MoneyState state) => $"{MoneyInstanceKey.Route(state.Kind)[..^1].Replace('-', ' ')} {state.DocumentId}";

    private static MoneyWork.Call Call(MoneyState state, MoneyBranch branch, MoneyOperation operation, string? applicationId = null) =>
        new(operation, Key(state.TenantId, branch.ConnectionId, state.Kind, state.DocumentId, operation, branch.Round, applicationId, branch.Ledger), applicationId);

    /// <summary>A branch's status after an event: deletes settle what never reached the ledger, pull mode records only, new applications reopen.</summary>
    private static MoneyBranch Settle(MoneyState state, MoneyBranch branch)
    {
        if (state.Deleted)
        {
            return branch.Status == MoneyBranchStatus.Deleted ? branch
                : branch.Posting is null && branch.AttemptedKeys.Count == 0
                    ? branch with
                    {
                        Status = MoneyBranchStatus.Deleted,
                        Reason = branch.DuplicateOf is { } matched
                            ? $"deleted in the order system; ledger payment {matched} was not ours and stays"
                            : "deleted in the order system before it was posted",
                        NextAttemptAt = null,
                    }
                    : branch with { Status = MoneyBranchStatus.Pending, Reason = "deleted in the order system: deleting ours in the ledger", NextAttemptAt = null };
        }

        if (state.Document is null)
        {
            return branch with { Status = MoneyBranchStatus.Waiting, Reason = $"waiting for {Describe(state)} itself (only its applications arrived)" };
        }

        if (branch.Status == MoneyBranchStatus.Waiting && branch.Reason?.EndsWith("itself (only its applications arrived)", StringComparison.Ordinal) == true)
        {
            branch = branch with { Status = MoneyBranchStatus.Pending, Reason = null };
        }

        if (state.Document is PaymentDocument && state.Mode == PaymentMode.Pull && branch.Status == MoneyBranchStatus.Pending && branch.Posting is null)
        {
            return branch with { Status = MoneyBranchStatus.NotPushed, Reason = "the tenant pulls payments from the ledger (payment mode pull): recorded, not posted" };
        }

        return branch.Status == MoneyBranchStatus.Synced && !branch.IsFinished(state.Applications)
            ? branch with { Status = MoneyBranchStatus.Pending }
            : branch;
    }

    private static string OperationName(MoneyOperation operation) => operation switch
    {
        MoneyOperation.PostPayment => "pay",
        MoneyOperation.DeletePayment => "delete",
        MoneyOperation.RefundCreditNote => "refund-cn",
        MoneyOperation.RefundPayment => "refund-pay",
        MoneyOperation.RefundCreditBalance => "refund-credit",
        MoneyOperation.PostOverpayment => "overpay",
        MoneyOperation.PostPrepaidCredit => "prepay",
        MoneyOperation.ApplyCredit => "apply",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Unknown operation."),
    };

    // Safe as an HTTP header value, a query value and an Azure Table key (as LedgerWriteKeys).
    private static bool IsKeyChar(char c) => char.IsAsciiLetterOrDigit(c) || c is ':' or '.' or '_' or '-' or '~' or '@' or '+';
}
