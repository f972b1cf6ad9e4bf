using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Tenants;

namespace CreditFunctions.Workflow;

/// <summary>
/// The part of an accepted credit-note version the decider needs. The full document (lines, contact) stays
/// with the runner's stored event; read-backs and writes load it from there.
/// </summary>
public sealed record DocumentTarget(
    string EventId,
    long Version,
    bool Voided,
    string Number,
    DateOnly Date,
    decimal Total,
    IReadOnlyList<AllocationRequest> Allocations)
{
    /// <summary>The target an accepted event asks for.</summary>
    public static DocumentTarget From(OrderEvent orderEvent)
    {
        ArgumentNullException.ThrowIfNull(orderEvent);
        var note = orderEvent.CreditNote;
        return new DocumentTarget(
            orderEvent.Id, note.Version, orderEvent.Type == OrderEventType.CreditNoteVoided,
            note.Number, note.Date, note.Total, note.Allocations);
    }

    /// <summary>
    /// True when this target supersedes <paramref name="current"/>: a higher version, or a void of the same
    /// version (a void carries the latest version: contracts/order-events.md). A void is final.
    /// </summary>
    public bool Supersedes(DocumentTarget? current) =>
        current is null
        || (!current.Voided && (Version > current.Version || (Version == current.Version && Voided)));
}

/// <summary>The tenant's policies the workflow follows (copied from <see cref="TenantOptions"/> with each accepted event).</summary>
public sealed record SyncPolicy(AllocationPolicy Allocation, ClosedPeriodPolicy ClosedPeriod, TimeSpan SyncDeadline)
{
    public static SyncPolicy Default { get; } = new(AllocationPolicy.Allocate, ClosedPeriodPolicy.Hold, TimeSpan.FromMinutes(30));

    public static SyncPolicy From(TenantOptions tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return new SyncPolicy(tenant.Allocation, tenant.ClosedPeriod, tenant.SyncDeadline);
    }
}

/// <summary>One ledger connection the document goes to, with what the workflow must know about that ledger.</summary>
public sealed record BranchConnection(string ConnectionId, LedgerKind Ledger, LedgerCapabilities Capabilities)
{
    public static BranchConnection From(LedgerConnection connection, LedgerCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new BranchConnection(connection.ConnectionId, connection.Ledger, capabilities);
    }
}
