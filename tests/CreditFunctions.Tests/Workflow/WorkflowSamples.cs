using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Tenants;
using CreditFunctions.Workflow;

namespace CreditFunctions.Tests.Workflow;

/// <summary>One tenant, one credit note, a Xero connection (and a QuickBooks one for fan-out), times from T0.</summary>
internal static class WorkflowSamples
{
    public const string Tenant = "demo";
    public const string Doc = "cn_1001";
    public const string Xero = "demo-xero";
    public const string Qbo = "demo-qbo";
    public const string LedgerDocId = "0f5f0d2e-0a6b-4c1e-9a43-6d3f1d2b9c77";

    public static readonly DateTimeOffset T0 = new(2026, 11, 20, 10, 15, 1, TimeSpan.Zero);
    public static readonly DateOnly Date = new(2026, 11, 20);

    public static readonly LedgerCapabilities XeroCapabilities = new(HasIdempotencyKey: true, CanUpdateApproved: true, MaxIdempotencyKeyLength: 128);
    public static readonly LedgerCapabilities QboCapabilities = new(HasIdempotencyKey: true, CanUpdateApproved: false, MaxIdempotencyKeyLength: 50);

    public static readonly BranchConnection XeroConnection = new(Xero, LedgerKind.Xero, XeroCapabilities);
    public static readonly BranchConnection QboConnection = new(Qbo, LedgerKind.QuickBooks, QboCapabilities);

    public static readonly SyncPolicy Allocate = new(AllocationPolicy.Allocate, ClosedPeriodPolicy.Hold, TimeSpan.FromMinutes(30));
    public static readonly SyncPolicy ExportOnly = Allocate with { Allocation = AllocationPolicy.ExportOnly };
    public static readonly SyncPolicy Redate = Allocate with { ClosedPeriod = ClosedPeriodPolicy.Redate };

    public static AllocationRequest Inv1 { get; } = new("INV-0001", 150.00m, Date);

    public static AllocationRequest Inv2 { get; } = new("INV-0002", 70.00m, Date);

    public static DateTimeOffset At(int seconds) => T0.AddSeconds(seconds);

    public static DocumentTarget Target(long version = 1, bool voided = false, params AllocationRequest[] allocations) =>
        new($"evt_v{version}{(voided ? "_void" : "")}", version, voided, "CN-1001", Date, 220.00m, allocations);

    public static AcceptEvent Accept(DocumentTarget target, DateTimeOffset now, SyncPolicy? policy = null, params BranchConnection[] connections) =>
        new(Tenant, Doc, target, policy ?? Allocate, connections.Length == 0 ? [XeroConnection] : connections, now);

    /// <summary>The events of a first accept at T0.</summary>
    public static SyncEvent[] Started(DocumentTarget? target = null, SyncPolicy? policy = null, params BranchConnection[] connections)
    {
        var command = Accept(target ?? Target(), T0, policy, connections);
        return [new SyncStarted(Tenant, Doc, command.Connections, T0), new VersionAccepted(command.Target, command.Policy, T0 + command.Policy.SyncDeadline, T0)];
    }

    public static LedgerWriteKey Key(
        LedgerOperation operation, long version = 1, int generation = 1, int round = 1, int? allocation = null,
        DateOnly? redatedTo = null, string connection = Xero, int maxLength = 128) =>
        LedgerWriteKeys.Derive(Tenant, connection, Doc, operation, version, generation, round, allocation, redatedTo, maxLength);

    public static LedgerWriteIntended Intended(LedgerOperation operation, DateTimeOffset at, long version = 1, int? allocation = null, int generation = 1, int round = 1, DateOnly? date = null, string connection = Xero, int maxLength = 128) =>
        new(connection, operation, version, allocation, date, Key(operation, version, generation, round, allocation, date, connection, maxLength), at);

    public static LedgerWriteSucceeded Succeeded(LedgerWriteIntended intended, string? ledgerId, DateTimeOffset at, bool viaReadBack = false) =>
        new(intended.ConnectionId, intended.Key, ledgerId, viaReadBack, at);

    /// <summary>Events of a created (not yet allocated) credit note on the Xero branch.</summary>
    public static SyncEvent[] Created(DocumentTarget? target = null, SyncPolicy? policy = null)
    {
        var intended = Intended(LedgerOperation.CreateCreditNote, At(1), (target ?? Target()).Version);
        return [.. Started(target, policy), intended, Succeeded(intended, LedgerDocId, At(2))];
    }

    /// <summary>Events of a fully synced single-branch document with no allocations.</summary>
    public static SyncEvent[] Synced(DocumentTarget? target = null) =>
        [.. Created(target), new BranchSynced(Xero, (target ?? Target()).Version, At(2))];

    public static LedgerFailure Failure(LedgerFailureKind kind, string message = "ledger says no", TimeSpan? retryAfter = null) => new(kind, message, retryAfter);

    public static LedgerDocument Found(string id = LedgerDocId, string status = "AUTHORISED", decimal total = 220.00m, params LedgerAllocation[] allocations) =>
        new(id, "CN-1001", status, total, total - allocations.Sum(a => a.Amount), allocations);
}
