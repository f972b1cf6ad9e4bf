using CreditFunctions.Documents;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.Ledgers;
using CreditFunctions.TestSupport;
using CreditFunctions.Workflow;
using CreditFunctions.Workflow.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace CreditFunctions.IntegrationTests.EndToEnd;

/// <summary>
/// The outcome of a ledger write is unknown — the process died after the call, or the answer was lost — and the
/// workflow reads back before it posts again (docs/workflow.md "Exactly once"): one credit note, never two.
/// </summary>
public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task A_crash_after_the_ledger_call_is_recovered_by_the_sweep_reading_back_after_restart()
    {
        var clock = new OffsetTimeProvider();
        var crash = new CrashAfterCreate();
        await using var app = await TestApp.StartAsync(a => a.DecorateLedgerConnector(crash.Wrap), clock);

        await app.SendAsync(TestEvents.CreditNote("cn_crash"));
        await crash.Crashed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var inFlight = await app.StatusAsync("cn_crash");
        await app.StopAppAsync();

        // The ledger has it; our row only knows the intent.
        Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_crash"));
        Assert.Equal("syncing", (string?)inFlight.Body!["state"]);
        Assert.Null((string?)inFlight.Body!["ledgers"]![0]!["ledgerDocumentId"]);
        clock.Jump(SyncDecider.StepLease + TimeSpan.FromMinutes(1));
        await app.StartAppAsync();

        await app.Services.GetRequiredService<SyncSweeper>().SweepAsync(app.Durable, CancellationToken.None);

        var status = await app.WaitForStatusAsync("cn_crash", s => TestApp.IsState(s, "synced"));
        var stored = Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_crash"));
        Assert.Equal((string?)stored["CreditNoteID"], (string?)status["ledgers"]![0]!["ledgerDocumentId"]);
        // Activities run at least once: when the stop beats the failed activity's completion, the engine delivers the
        // write again after restart. That repeat carries the same Idempotency-Key and Xero replays it (X1); any other
        // second PUT would be a duplicate. Either way the recovery read back.
        var counters = app.Xero.Counters.Snapshot();
        Assert.Equal(1, DuplicateDeliveryTests.PutCreditNotes(app) - counters.IdempotentReplays);
        Assert.InRange(crash.Creates, 1, 2);
        Assert.True(crash.Finds >= 1, "the recovery must read back");
    }

    [Fact]
    public async Task A_lost_response_is_read_back_and_the_credit_note_is_posted_once()
    {
        await using var app = await TestApp.StartAsync(a => a.UseJitter(0.05));
        app.Xero.Faults.CommitThenDropNext(1, "PUT", "CreditNotes");

        await app.SendAsync(TestEvents.CreditNote("cn_drop"));

        var status = await app.WaitForStatusAsync("cn_drop", s => TestApp.IsState(s, "synced"));
        var stored = Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_drop"));
        Assert.Equal((string?)stored["CreditNoteID"], (string?)status["ledgers"]![0]!["ledgerDocumentId"]);
        Assert.Equal(1, DuplicateDeliveryTests.PutCreditNotes(app));
        Assert.True((int?)status["ledgers"]![0]!["attempts"] >= 1);
        Assert.True(app.Xero.Counters.Snapshot().Operations.GetValueOrDefault("GET /CreditNotes") >= 1, "the lost answer must be read back");
    }

    /// <summary>Lets the first create reach Xero, then throws as if the process died before saving the outcome.</summary>
    private sealed class CrashAfterCreate
    {
        private int _creates;
        private int _finds;

        public TaskCompletionSource Crashed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Creates => Volatile.Read(ref _creates);

        public int Finds => Volatile.Read(ref _finds);

        public ILedgerConnector Wrap(ILedgerConnector real) => new Connector(real, this);

        private sealed class Connector(ILedgerConnector real, CrashAfterCreate owner) : ILedgerConnector
        {
            public LedgerKind Ledger => real.Ledger;

            public LedgerCapabilities Capabilities => real.Capabilities;

            public async Task<LedgerResult<LedgerDocument>> CreateCreditNoteAsync(LedgerConnection connection, CreditNote note, LedgerWriteKey key, CancellationToken cancellationToken)
            {
                var result = await real.CreateCreditNoteAsync(connection, note, key, cancellationToken);
                if (Interlocked.Increment(ref owner._creates) == 1)
                {
                    owner.Crashed.TrySetResult();
                    throw new InvalidOperationException("Simulated crash: the process died before saving the ledger's answer.");
                }

                return result;
            }

            public Task<LedgerResult<LedgerDocument?>> FindCreditNoteAsync(LedgerConnection connection, CreditNote note, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref owner._finds);
                return real.FindCreditNoteAsync(connection, note, cancellationToken);
            }

            public Task<LedgerResult<LedgerDocument>> UpdateCreditNoteAsync(LedgerConnection connection, string ledgerDocumentId, CreditNote note, LedgerWriteKey key, CancellationToken cancellationToken) =>
                real.UpdateCreditNoteAsync(connection, ledgerDocumentId, note, key, cancellationToken);

            public Task<LedgerResult<LedgerDocument>> VoidCreditNoteAsync(LedgerConnection connection, string ledgerDocumentId, LedgerWriteKey key, CancellationToken cancellationToken) =>
                real.VoidCreditNoteAsync(connection, ledgerDocumentId, key, cancellationToken);

            public Task<LedgerResult<LedgerAllocation>> AllocateAsync(LedgerConnection connection, string ledgerDocumentId, CreditNote note, AllocationRequest allocation, LedgerWriteKey key, CancellationToken cancellationToken) =>
                real.AllocateAsync(connection, ledgerDocumentId, note, allocation, key, cancellationToken);

            public Task<IReadOnlyList<LedgerResult<LedgerDocument>>> CreateCreditNotesAsync(LedgerConnection connection, IReadOnlyList<(CreditNote Note, LedgerWriteKey Key)> items, CancellationToken cancellationToken) =>
                real.CreateCreditNotesAsync(connection, items, cancellationToken);

            public Task WaitForCallSlotAsync(LedgerConnection connection, CancellationToken cancellationToken) =>
                real.WaitForCallSlotAsync(connection, cancellationToken);

            public Task<LedgerResult<LedgerAllocation>> UnallocateAsync(LedgerConnection connection, string ledgerDocumentId, CreditNote note, LedgerAllocation allocation, LedgerWriteKey key, CancellationToken cancellationToken) =>
                real.UnallocateAsync(connection, ledgerDocumentId, note, allocation, key, cancellationToken);
        }
    }
}
