using CreditFunctions.Ledgers;

namespace CreditFunctions.Payments.Workflow;

/// <summary>
/// The status of one money document (GET /api/tenants/{t}/{kind}/{id}, docs/payments.md "Status API"), built from the
/// state by <see cref="From"/>: the document's state, and per ledger connection the branch's state, why, what the
/// ledger holds (ids and documents), when it synced, attempts and the last error.
/// </summary>
public sealed record MoneyStatusView(
    string Id,
    MoneyDocumentKind Kind,
    MoneyBranchStatus State,
    DateTimeOffset AcceptedAt,
    DateTimeOffset Deadline,
    bool Late,
    bool Deleted,
    IReadOnlyList<MoneyBranchView> Ledgers)
{
    /// <summary>An operator should look: failed, refused, or late and not finished.</summary>
    public bool NeedsAttention { get; init; }

    /// <summary>
    /// Document state: failed if any branch failed; refused if any refused; when every branch is finished: deleted,
    /// not-pushed or duplicate when all are, else synced; waiting if any branch waits; pending otherwise. Late: past the
    /// deadline and not finished, finished after it, or alerted.
    /// </summary>
    public static MoneyStatusView From(MoneyState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var branches = state.Branches;
        var complete = state.IsComplete;
        var documentState =
            branches.Any(b => b.Status == MoneyBranchStatus.Failed) ? MoneyBranchStatus.Failed
            : branches.Any(b => b.Status == MoneyBranchStatus.Refused) ? MoneyBranchStatus.Refused
            : complete ? AllOr(branches, MoneyBranchStatus.Deleted) ?? AllOr(branches, MoneyBranchStatus.NotPushed) ?? AllOr(branches, MoneyBranchStatus.Duplicate) ?? MoneyBranchStatus.Synced
            : branches.Any(b => b.Status == MoneyBranchStatus.Waiting) ? MoneyBranchStatus.Waiting
            : MoneyBranchStatus.Pending;
        var finishedAt = complete ? branches.Max(b => b.SyncedAt) : null;
        var late = (finishedAt ?? now) > state.Deadline || state.SlaAlertedAt is not null;
        return new MoneyStatusView(state.DocumentId, state.Kind, documentState, state.AcceptedAt, state.Deadline, late, state.Deleted, [.. branches.Select(b => Branch(state, b))])
        {
            NeedsAttention = documentState is MoneyBranchStatus.Failed or MoneyBranchStatus.Refused || (late && !complete),
        };
    }

    /// <summary>The API's spelling of a state (<c>pending</c>, <c>waiting</c>, <c>synced</c>, <c>duplicate</c>, <c>refused</c>, <c>failed</c>, <c>deleted</c>, <c>not-pushed</c>).</summary>
    public static string Wire(MoneyBranchStatus state) => state switch
    {
        MoneyBranchStatus.Pending => "pending",
        MoneyBranchStatus.Waiting => "waiting",
        MoneyBranchStatus.Synced => "synced",
        MoneyBranchStatus.Duplicate => "duplicate",
        MoneyBranchStatus.Refused => "refused",
        MoneyBranchStatus.Failed => "failed",
        MoneyBranchStatus.Deleted => "deleted",
        MoneyBranchStatus.NotPushed => "not-pushed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown state."),
    };

    private static MoneyBranchStatus? AllOr(IReadOnlyList<MoneyBranch> branches, MoneyBranchStatus status) =>
        branches.All(b => b.Status == status) ? status : null;

    private static MoneyBranchView Branch(MoneyState state, MoneyBranch branch) => new(
        branch.Ledger,
        branch.ConnectionId,
        branch.Status,
        branch.Reason,
        branch.Posting?.LedgerId,
        [.. branch.Posting?.Documents ?? [], .. branch.Applied.SelectMany(a => a.Posting.Documents)],
        branch.DuplicateOf,
        branch.Status is MoneyBranchStatus.Synced or MoneyBranchStatus.Duplicate or MoneyBranchStatus.Deleted ? branch.SyncedAt : null,
        branch.Attempts,
        branch.LastError,
        branch.Status is MoneyBranchStatus.Pending or MoneyBranchStatus.Waiting ? branch.NextAttemptAt : null,
        [.. state.Applications.Select(a => new MoneyApplicationView(
            a.ApplicationId, a.InvoiceNumber, a.Amount, branch.Applied.FirstOrDefault(p => p.ApplicationId == a.ApplicationId)?.Posting.LedgerId))]);
}

/// <summary>One ledger connection's part of <see cref="MoneyStatusView"/>.</summary>
public sealed record MoneyBranchView(
    LedgerKind Ledger,
    string ConnectionId,
    MoneyBranchStatus State,
    string? Reason,
    string? LedgerId,
    IReadOnlyList<string> Documents,
    string? DuplicateOf,
    DateTimeOffset? SyncedAt,
    int Attempts,
    string? LastError,
    DateTimeOffset? NextAttemptAt,
    IReadOnlyList<MoneyApplicationView> Applications);

/// <summary>An application of a credit on one ledger: applied when <see cref="LedgerId"/> is set.</summary>
public sealed record MoneyApplicationView(string ApplicationId, string InvoiceNumber, decimal Amount, string? LedgerId);
