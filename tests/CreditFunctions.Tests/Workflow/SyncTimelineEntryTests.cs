using CreditFunctions.Alerts;
using CreditFunctions.Ledgers;
using CreditFunctions.Workflow;
using static CreditFunctions.Tests.Workflow.WorkflowSamples;

namespace CreditFunctions.Tests.Workflow;

/// <summary>The timeline lines the operator page shows, made from the decider's events.</summary>
public sealed class SyncTimelineEntryTests
{
    private static readonly LedgerWriteIntended Create = Intended(LedgerOperation.CreateCreditNote, At(1));

    [Fact]
    public void A_write_and_the_ledgers_reply_read_as_what_was_sent_and_what_came_back()
    {
        var sent = SyncTimelineEntry.From(Create, attempt: 2);
        var accepted = SyncTimelineEntry.From(Succeeded(Create, LedgerDocId, At(2), viaReadBack: true));
        var refused = SyncTimelineEntry.From(new LedgerWriteFailed(Xero, Create.Key, LedgerFailureKind.Validation, "Credit Note # must be unique", null, At(3)));
        var throttled = SyncTimelineEntry.From(new LedgerWriteFailed(Xero, Create.Key, LedgerFailureKind.Throttled, "slow down", At(9), At(3)));

        Assert.Equal((At(1), "writeIntended", "info", (string?)Xero, "Create v1 sent (attempt 2)", (string?)("Key " + Create.Key.Value)),
            (sent.At, sent.Kind, sent.Tone, sent.ConnectionId, sent.Summary, sent.Detail));
        Assert.Equal(("ok", "Ledger holds the write (proved by read-back)", (string?)("Ledger id " + LedgerDocId)), (accepted.Tone, accepted.Summary, accepted.Detail));
        Assert.Equal(("error", "Ledger answered Validation: Credit Note # must be unique", (string?)"Not retried by itself"), (refused.Tone, refused.Summary, refused.Detail));
        Assert.Equal(("warn", (string?)"Retry at 2026-11-20 10:15:10 UTC"), (throttled.Tone, throttled.Detail));
    }

    [Fact]
    public void Holds_say_what_the_operator_does_next()
    {
        var failed = SyncTimelineEntry.From(new BranchHeld(Xero, BranchPhase.Failed, "period locked", At(3)));
        var parked = SyncTimelineEntry.From(new BranchHeld(Xero, BranchPhase.Parked, "The ledger connection needs reconnecting", At(3)));
        var alert = SyncTimelineEntry.From(new AlertRaised(AlertKind.SlaBreached, null, "late", At(4)));

        Assert.Equal(("Failed: period locked", (string?)"Fix the cause, then retry"), (failed.Summary, failed.Detail));
        Assert.Equal(("Parked: The ledger connection needs reconnecting", (string?)"Reconnect the connection to resume"), (parked.Summary, parked.Detail));
        Assert.Equal(("warn", (string?)null, "Alert SlaBreached: late"), (alert.Tone, alert.ConnectionId, alert.Summary));
    }

    [Fact]
    public void A_long_ledger_message_is_cut_to_what_the_page_shows()
    {
        var entry = SyncTimelineEntry.From(new LedgerWriteFailed(Xero, Create.Key, LedgerFailureKind.Validation, new string('x', 5000), null, At(3)));

        Assert.True(entry.Summary.Length < SyncTimelineEntry.MaxTextLength + 40);
        Assert.EndsWith("x…", entry.Summary, StringComparison.Ordinal);
    }
}
