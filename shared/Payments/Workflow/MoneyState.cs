using System.Text.Json.Serialization;
using CreditFunctions.Ledgers;
using CreditFunctions.Tenants;

namespace CreditFunctions.Payments.Workflow;

/// <summary>
/// What the money workflow knows of one document (docs/payments.md "Workflow"): the document as stated, whether the
/// order system deleted it, the applications of a credit, the SLA, and one <see cref="MoneyBranch"/> per ledger
/// connection of the tenant. Only <see cref="MoneyRules"/> changes it; it fits one table entity as JSON.
/// </summary>
public sealed record MoneyState(
    string TenantId,
    MoneyDocumentKind Kind,
    string DocumentId,
    StatedMoneyDocument? Stated,
    bool Deleted,
    PaymentMode Mode,
    DateTimeOffset AcceptedAt,
    DateTimeOffset Deadline,
    DateTimeOffset? SlaAlertedAt,
    IReadOnlyList<string> SeenEvents,
    IReadOnlyList<CreditApplication> Applications,
    IReadOnlyList<MoneyBranch> Branches)
{
    [JsonIgnore]
    public MoneyDocument? Document => Stated?.Document;

    [JsonIgnore]
    public MoneyInstanceKey Key => new(TenantId, Kind, DocumentId);

    /// <summary>Every branch has reached an end (synced with every application, duplicate, refused, deleted, not pushed); failed is not one.</summary>
    [JsonIgnore]
    public bool IsComplete => Branches.Count > 0 && Branches.All(b => b.IsFinished(Applications));

    public MoneyBranch? Branch(string connectionId) => Branches.FirstOrDefault(b => b.ConnectionId == connectionId);
}

/// <summary>
/// One ledger connection's part of a money document. <see cref="Posting"/> is what this service made in the ledger (never
/// a payment matched as a duplicate: that one is <see cref="DuplicateOf"/>). <see cref="AttemptedKeys"/>: keys under which a
/// post was sent whose outcome is unknown, so a delete looks for what they may have made before it decides there is nothing.
/// </summary>
public sealed record MoneyBranch(
    string ConnectionId,
    LedgerKind Ledger,
    MoneyBranchStatus Status,
    string? Reason,
    LedgerMoneyPosting? Posting,
    string? DuplicateOf,
    IReadOnlyList<string> AttemptedKeys,
    IReadOnlyList<AppliedCredit> Applied,
    int Round,
    int Attempts,
    int ConsecutiveFailures,
    DateTimeOffset? NextAttemptAt,
    string? LastError,
    DateTimeOffset? SyncedAt)
{
    public static MoneyBranch Start(string connectionId, LedgerKind ledger) =>
        new(connectionId, ledger, MoneyBranchStatus.Pending, null, null, null, [], [], 1, 0, 0, null, null, null);

    public bool IsFinished(IReadOnlyList<CreditApplication> applications) => Status switch
    {
        MoneyBranchStatus.Synced => applications.All(a => Applied.Any(p => p.ApplicationId == a.ApplicationId)),
        MoneyBranchStatus.Duplicate or MoneyBranchStatus.Refused or MoneyBranchStatus.Deleted or MoneyBranchStatus.NotPushed => true,
        _ => false,
    };
}

/// <summary>One application of a credit as this branch made it in the ledger.</summary>
public sealed record AppliedCredit(string ApplicationId, LedgerMoneyPosting Posting, DateTimeOffset At);

public enum MoneyBranchStatus
{
    /// <summary>Nothing done yet, or a retry is due (transient failure, unknown outcome).</summary>
    Pending,

    /// <summary>Waiting for something the ledger or another document must have first (the invoice, the credit note, the credit).</summary>
    Waiting,

    /// <summary>The ledger holds it (and every application accepted so far).</summary>
    Synced,

    /// <summary>Dropped: the ledger already had an identical payment (same invoice, amount and day: Cin7), e.g. from bank reconciliation.</summary>
    Duplicate,

    /// <summary>Not exported: the payment exceeds what the invoice still owes.</summary>
    Refused,

    /// <summary>The ledger refused it, the connection lost its authorisation, or a step kept throwing: an operator retries.</summary>
    Failed,

    /// <summary>The order system deleted the payment; ours is deleted in the ledger (or none was ever made).</summary>
    Deleted,

    /// <summary>The tenant pulls payments from the ledgers (PaymentMode Pull): the order system's payment is recorded, not posted.</summary>
    NotPushed,
}

/// <summary>
/// A <see cref="MoneyDocument"/> in a form JSON keeps whole without polymorphism on the port's records: exactly one
/// member is set.
/// </summary>
public sealed record StatedMoneyDocument(
    PaymentDocument? Payment = null, RefundDocument? Refund = null, OverpaymentDocument? Overpayment = null, PrepaidCreditDocument? PrepaidCredit = null)
{
    [JsonIgnore]
    public MoneyDocument Document => (MoneyDocument?)Payment ?? (MoneyDocument?)Refund ?? (MoneyDocument?)Overpayment ?? PrepaidCredit
        ?? throw new InvalidOperationException("A stated money document holds none.");

    public static StatedMoneyDocument From(MoneyDocument document) => document switch
    {
        PaymentDocument p => new(Payment: p),
        RefundDocument r => new(Refund: r),
        OverpaymentDocument o => new(Overpayment: o),
        PrepaidCreditDocument c => new(PrepaidCredit: c),
        _ => throw new ArgumentOutOfRangeException(nameof(document), document.GetType().Name, "Unknown money document."),
    };
}
