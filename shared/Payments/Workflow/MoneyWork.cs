using CreditFunctions.Ledgers;

namespace CreditFunctions.Payments.Workflow;

/// <summary>The ledger operations of the money flows, one activity call each (docs/payments.md "Workflow").</summary>
public enum MoneyOperation
{
    PostPayment,
    DeletePayment,
    RefundCreditNote,
    RefundPayment,
    RefundCreditBalance,
    PostOverpayment,
    PostPrepaidCredit,
    ApplyCredit,
}

/// <summary>What a branch does next (<see cref="MoneyRules.NextWork"/>): nothing, wait until a time, or call the ledger.</summary>
public abstract record MoneyWork
{
    private MoneyWork()
    {
    }

    public static readonly MoneyWork Nothing = new None();

    public sealed record None : MoneyWork;

    public sealed record NotYet(DateTimeOffset At) : MoneyWork;

    /// <param name="ApplicationId">For <see cref="MoneyOperation.ApplyCredit"/>: which application.</param>
    public sealed record Call(MoneyOperation Operation, LedgerWriteKey Key, string? ApplicationId = null) : MoneyWork;
}

/// <summary>
/// What one money step found or did, as a value (the activity's answer). <see cref="Posting"/>: what the ledger holds
/// after a done step; <see cref="MatchedPaymentId"/>: the ledger payment a duplicate matched; <see cref="Reason"/>: why it
/// waits, was refused, or is a duplicate; <see cref="Failure"/>: the ledger's classified failure. <see cref="Jitter"/> in
/// [0, 1) spreads a retry; <see cref="At"/> is the app's clock when the step ended.
/// </summary>
public sealed record MoneyStepResult(
    MoneyStepOutcome Outcome,
    LedgerMoneyPosting? Posting = null,
    string? MatchedPaymentId = null,
    string? Reason = null,
    LedgerFailure? Failure = null,
    double Jitter = 0,
    DateTimeOffset At = default)
{
    public static MoneyStepResult Done(LedgerMoneyPosting? posting, string? reason = null) => new(MoneyStepOutcome.Done, posting, Reason: reason);

    public static MoneyStepResult Waiting(string reason) => new(MoneyStepOutcome.Waiting, Reason: reason);

    public static MoneyStepResult Duplicate(string ledgerPaymentId, string reason) => new(MoneyStepOutcome.Duplicate, MatchedPaymentId: ledgerPaymentId, Reason: reason);

    public static MoneyStepResult Refused(string reason) => new(MoneyStepOutcome.Refused, Reason: reason);

    public static MoneyStepResult Failed(LedgerFailure failure) => new(MoneyStepOutcome.Failed, Failure: failure);
}

public enum MoneyStepOutcome
{
    Done,
    Waiting,
    Duplicate,
    Refused,
    Failed,
}

/// <summary>
/// Durations and limits of one money orchestration, passed in its input so tests pass short ones (defaults in each
/// property's comment).
/// </summary>
public sealed record MoneySettings
{
    /// <summary>Handled messages before the instance continues as new. Default 50.</summary>
    public int MaxMessagesPerExecution { get; init; } = 50;

    /// <summary>Consecutive ledger steps that throw before their branch fails as poisoned, and attempts of a state activity. Default 5.</summary>
    public int ActivityAttempts { get; init; } = 5;

    /// <summary>Wait before a state activity that threw runs again; doubles each time. Default 00:00:02.</summary>
    public TimeSpan ActivityRetryInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>First retry or re-check delay (waiting for an invoice, a transient failure); doubles each time. Default 00:00:02.</summary>
    public TimeSpan RetryBase { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest retry or re-check delay. Default 00:05:00.</summary>
    public TimeSpan RetryCap { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>What the tenant's configuration says about a money document when an event is accepted.</summary>
public sealed record MoneyPolicy(Tenants.PaymentMode Mode, TimeSpan SyncDeadline, IReadOnlyList<LedgerConnection> Connections);
