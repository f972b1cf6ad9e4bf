using System.Globalization;

namespace CreditFunctions.Workflow;

/// <summary>
/// One line of a document's timeline on the operator page: what the workflow decided or heard from a ledger, when,
/// on which connection, in words an operator reads. Built from the decider's events (<see cref="From"/>), so it says
/// only what the workflow already knows: write keys, ledger ids and the ledger's own messages, never tokens or lines.
/// <see cref="Tone"/> is <c>info</c>, <c>ok</c>, <c>warn</c> or <c>error</c>.
/// </summary>
public sealed record SyncTimelineEntry(DateTimeOffset At, string Kind, string Tone, string? ConnectionId, string Summary, string? Detail)
{
    /// <summary>Ledger messages are kept whole in the state; the timeline keeps enough of one to act on.</summary>
    public const int MaxTextLength = 1000;

    /// <param name="attempt">For a write, the attempt it belongs to (<see cref="BranchState.Attempts"/>), when known.</param>
    public static SyncTimelineEntry From(SyncEvent e, int? attempt = null) => e switch
    {
        SyncStarted s => new(s.At, "started", "info", null, $"Sync started for {Count(s.Connections.Count, "connection")}", null),
        VersionAccepted v => new(v.At, "versionAccepted", "info", null,
            $"Version {v.Target.Version} accepted{(v.Target.Voided ? " (void)" : "")}", $"Deadline {Time(v.Deadline)}"),
        BranchAdded a => new(a.At, "branchAdded", "info", a.Connection.ConnectionId, "Connection added", null),
        LedgerWriteIntended w => new(w.At, "writeIntended", "info", w.ConnectionId,
            $"{Operation(w.Operation)} v{w.Version} sent{(w.Date is { } d ? " dated " + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "")}{(attempt is { } n ? $" (attempt {n})" : "")}",
            $"Key {w.Key.Value}"),
        LedgerWriteSucceeded ok => new(ok.At, "writeSucceeded", "ok", ok.ConnectionId,
            ok.ViaReadBack ? "Ledger holds the write (proved by read-back)" : "Ledger accepted the write", ok.LedgerId is null ? null : $"Ledger id {ok.LedgerId}"),
        LedgerWriteFailed f => new(f.At, "writeFailed", f.RetryAt is null ? "error" : "warn", f.ConnectionId,
            $"Ledger answered {f.Kind}: {Cut(f.Message)}", f.RetryAt is { } at ? $"Retry at {Time(at)}" : "Not retried by itself"),
        ReadBackMissed m => new(m.At, "readBackMissed", "warn", m.ConnectionId, "Read-back found no trace of the write: sending it again under the same key", $"Key {m.Key.Value}"),
        ReadBackFailed r => new(r.At, "readBackFailed", r.RetryAt is null ? "error" : "warn", r.ConnectionId,
            $"Read-back failed ({r.Kind}): {Cut(r.Message)}", r.RetryAt is { } at ? $"Retry at {Time(at)}" : "Not retried by itself"),
        DocumentRedated d => new(d.At, "redated", "warn", d.ConnectionId,
            $"Period locked: {(d.AllocationIndex is null ? "document" : "allocation")} re-dated to {d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", null),
        BranchHeld h => new(h.At, "held", "error", h.ConnectionId,
            h.Phase == BranchPhase.Parked ? $"Parked: {Cut(h.Reason)}" : $"Failed: {Cut(h.Reason)}",
            h.Phase == BranchPhase.Parked ? "Reconnect the connection to resume" : "Fix the cause, then retry"),
        BranchSynced s => new(s.At, "synced", "ok", s.ConnectionId, $"Synced v{s.Version}", null),
        BranchVoided v => new(v.At, "voided", "ok", v.ConnectionId, v.WithoutCall ? "Voided (never created: no call needed)" : "Voided in the ledger", null),
        BranchResumed r => new(r.At, "resumed", "info", r.ConnectionId, r.NewRound ? "Resumed by an operator retry (new keys)" : "Resumed: the connection works again", null),
        StepRecovered s => new(s.At, "stepRecovered", "warn", s.ConnectionId, "A step that stopped was picked up again", null),
        AlertRaised a => new(a.At, "alert", a.Kind == Alerts.AlertKind.SlaRecovered ? "ok" : "warn", a.ConnectionId, $"Alert {a.Kind}: {Cut(a.Message)}", null),
        _ => new(e.At, "other", "info", null, e.GetType().Name, null),
    };

    private static string Operation(LedgerOperation operation) => operation switch
    {
        LedgerOperation.CreateCreditNote => "Create",
        LedgerOperation.UpdateCreditNote => "Update",
        LedgerOperation.VoidCreditNote => "Void",
        LedgerOperation.Allocate => "Allocate",
        LedgerOperation.Unallocate => "Remove allocation",
        _ => operation.ToString(),
    };

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Cut(string text) => text.Length <= MaxTextLength ? text : text[..MaxTextLength] + "…";
}
