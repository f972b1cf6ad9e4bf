using System.Text.Json.Serialization;

namespace CreditFunctions.Workflow;

/// <summary>
/// The durable state of one sync workflow instance (one tenant + credit note id). Stored by the runner as
/// one JSON table entity (<see cref="SyncStateJson"/>), so it holds only what <see cref="SyncDecider"/> needs:
/// the target version's number, date, total and requested allocations, never the lines.
/// Change it only through <see cref="SyncDecider.Evolve"/>.
/// </summary>
public sealed record SyncState
{
    /// <summary>How many accepted event ids are remembered for duplicate detection (older ones fall off; the
    /// inbound event-id row is the first line of defence, this is the second).</summary>
    public const int RememberedEventIds = 20;

    /// <summary>The state before the first event: no document, no branches.</summary>
    public static SyncState Initial { get; } = new();

    public string TenantId { get; init; } = "";

    public string CreditNoteId { get; init; } = "";

    /// <summary>The newest accepted version: what every branch must bring its ledger to. Null before the first event.</summary>
    public DocumentTarget? Target { get; init; }

    /// <summary>When the first event was accepted.</summary>
    public DateTimeOffset AcceptedAt { get; init; }

    /// <summary>When an unsynced document breaches its SLA: accepted time of the current target + the tenant's SyncDeadline.</summary>
    public DateTimeOffset Deadline { get; init; }

    /// <summary>The tenant's policies, as of the newest accepted event.</summary>
    public SyncPolicy Policy { get; init; } = SyncPolicy.Default;

    /// <summary>One branch per ledger connection, in the order the tenant lists them.</summary>
    public IReadOnlyList<BranchState> Branches { get; init; } = [];

    /// <summary>Ids of the most recent accepted events (at most <see cref="RememberedEventIds"/>).</summary>
    public IReadOnlyList<string> RecentEventIds { get; init; } = [];

    /// <summary>When the SLA alert was raised (at most once per breach).</summary>
    public DateTimeOffset? SlaBreachedAt { get; init; }

    /// <summary>When the document synced after a breach (the recovery notice went out).</summary>
    public DateTimeOffset? SlaRecoveredAt { get; init; }

    /// <summary>True once the first event was accepted.</summary>
    [JsonIgnore]
    public bool Exists => Target is not null;

    /// <summary>True when every branch is synced or voided (and there is at least one branch).</summary>
    [JsonIgnore]
    public bool IsComplete => Branches.Count > 0 && Branches.All(b => b.Phase is BranchPhase.Synced or BranchPhase.Voided);

    /// <summary>The branch for <paramref name="connectionId"/>, or null.</summary>
    public BranchState? Branch(string connectionId) => Branches.FirstOrDefault(b => b.ConnectionId == connectionId);
}
