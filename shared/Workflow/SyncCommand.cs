using CreditFunctions.Documents;
using CreditFunctions.Ledgers;

namespace CreditFunctions.Workflow;

/// <summary>
/// What the runner asks of one workflow instance. A closed hierarchy: every command carries the time it
/// happened (<see cref="Now"/>), and any randomness as a value, so <see cref="SyncDecider.Decide"/> stays pure.
/// </summary>
public abstract record SyncCommand(DateTimeOffset Now);

/// <summary>
/// An accepted order event. The first creates the instance with one branch per connection; later ones
/// may supersede the target (<see cref="DocumentTarget.Supersedes"/>); duplicates and stale versions decide nothing.
/// </summary>
public sealed record AcceptEvent(
    string TenantId,
    string CreditNoteId,
    DocumentTarget Target,
    SyncPolicy Policy,
    IReadOnlyList<BranchConnection> Connections,
    DateTimeOffset Now) : SyncCommand(Now)
{
    public static AcceptEvent From(string tenantId, OrderEvent orderEvent, SyncPolicy policy, IReadOnlyList<BranchConnection> connections, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(orderEvent);
        return new AcceptEvent(tenantId, orderEvent.CreditNote.Id, DocumentTarget.From(orderEvent), policy, connections, now);
    }
}

/// <summary>
/// The runner is about to perform the branch's next write (<see cref="BranchStep.Write"/>). Decides
/// <see cref="LedgerWriteIntended"/>; the runner saves it and only then calls the ledger. Decides nothing when
/// no write is due (a duplicate step message): then the runner must not call the ledger.
/// </summary>
public sealed record BeginWrite(string ConnectionId, DateTimeOffset Now) : SyncCommand(Now);

/// <summary>
/// The outcome of the call started by <see cref="BeginWrite"/>. Exactly one of <see cref="LedgerId"/> (success:
/// the document id for create/update/void, the allocation id for an allocation, may be null when the ledger
/// has none) or <see cref="Failure"/> describes it. <see cref="Jitter"/> in [0, 1) spreads the retry
/// (full jitter). <see cref="RedateTo"/> is the first open day, supplied by the runner when the failure is
/// <see cref="LedgerFailureKind.PeriodLocked"/> and the tenant re-dates. A result whose key is not the write in
/// flight (late, duplicate) decides nothing.
/// </summary>
public sealed record CompleteWrite(
    string ConnectionId,
    LedgerWriteKey Key,
    bool Succeeded,
    string? LedgerId,
    LedgerFailure? Failure,
    DateTimeOffset Now,
    double Jitter = 0,
    DateOnly? RedateTo = null) : SyncCommand(Now)
{
    public static CompleteWrite Success(string connectionId, LedgerWriteKey key, string? ledgerId, DateTimeOffset now) =>
        new(connectionId, key, true, ledgerId, null, now);

    public static CompleteWrite Fail(string connectionId, LedgerWriteKey key, LedgerFailure failure, DateTimeOffset now, double jitter, DateOnly? redateTo = null) =>
        new(connectionId, key, false, null, failure, now, jitter, redateTo);
}

/// <summary>
/// The outcome of a read-back (<see cref="BranchStep.ReadBack"/>: <see cref="ILedgerConnector.FindCreditNoteAsync"/>)
/// for the write in flight under <see cref="Key"/>. <see cref="Found"/> is the ledger's document (null: none),
/// unless <see cref="Failure"/> says the read itself failed.
/// </summary>
public sealed record CompleteReadBack(
    string ConnectionId,
    LedgerWriteKey Key,
    LedgerDocument? Found,
    LedgerFailure? Failure,
    DateTimeOffset Now,
    double Jitter = 0) : SyncCommand(Now);

/// <summary>The timer: time has passed. Raises the SLA alert once and recovers lost steps (see <see cref="StepRecovered"/>).</summary>
public sealed record Tick(DateTimeOffset Now) : SyncCommand(Now);

/// <summary>
/// An operator retries a document that needs attention: every failed or parked branch runs again (a new
/// round: new keys; attempts are kept). Decides nothing when nothing needs attention
/// (<see cref="SyncDecider.CanRetry"/> tells the API to answer 409 instead).
/// </summary>
public sealed record Retry(DateTimeOffset Now) : SyncCommand(Now);

/// <summary>A step message for the branch failed every delivery (poison queue): the branch fails and alerts.</summary>
public sealed record MarkPoisoned(string ConnectionId, string Reason, DateTimeOffset Now) : SyncCommand(Now);

/// <summary>The connection was reconnected: a parked branch resumes.</summary>
public sealed record RestoreConnection(string ConnectionId, DateTimeOffset Now) : SyncCommand(Now);
