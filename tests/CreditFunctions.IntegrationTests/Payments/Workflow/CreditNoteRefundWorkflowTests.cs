using System.Collections.Concurrent;
using CreditFunctions.Documents;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.Ledgers;
using CreditFunctions.Payments;
using static CreditFunctions.IntegrationTests.Payments.Workflow.MoneyWorkflowHarness;

namespace CreditFunctions.IntegrationTests.Payments.Workflow;

/// <summary>
/// Cin7's cash refund of a credit: the refund waits until its credit note is in the ledger on the same connection (the
/// credit-note workflow's state), then goes through the credit-note port's <see cref="ILedgerConnector.RefundCreditAsync"/>
/// with the credit note's ledger id. The credit note syncs to the Xero simulator; the refund call is recorded by a wrapper.
/// </summary>
public sealed class CreditNoteRefundWorkflowTests
{
    [Fact]
    public async Task A_cash_refund_of_a_credit_note_waits_for_the_credit_note_then_refunds_it_once()
    {
        var refunds = new ConcurrentQueue<(string LedgerDocumentId, decimal Amount, string Key)>();
        await using var app = await StartAsync(new FakeMoneyLedger(), a => a.DecorateLedgerConnector(real => new RefundRecorder(real, refunds)));
        var refund = new RefundDocument("rf_cn", CreditNoteKind.Receivable, Customer, new DateOnly(2026, 11, 22), "AUD", 50m, RefundOf.CreditNote("cn_refund"), "090", "Refund 1", null);

        await app.AcceptAsync(Created(refund));
        var waiting = await app.WaitForMoneyStatusAsync("refunds", "rf_cn", s => State(s) == "waiting");
        await app.SendAsync(TestEvents.CreditNote("cn_refund"));
        var note = await app.WaitForStatusAsync("cn_refund", s => TestApp.IsState(s, "synced"));
        var refunded = await app.WaitForMoneyStatusAsync("refunds", "rf_cn", s => State(s) == "synced");

        Assert.Equal("waiting for credit note cn_refund to sync on t1-xero", (string?)Branch(waiting)["reason"]);
        var call = Assert.Single(refunds);
        Assert.Equal((string?)note["ledgers"]![0]!["ledgerDocumentId"], call.LedgerDocumentId);
        Assert.Equal(50m, call.Amount);
        Assert.Equal("t1:t1-xero:rfd:rf_cn:refund-cn:r1", call.Key);
        Assert.Equal("cash-refund-1", (string?)Branch(refunded)["ledgerId"]);
    }

    /// <summary>The real Xero connector with its cash refund recorded and answered (Xero's is another branch's work).</summary>
    private sealed class RefundRecorder(ILedgerConnector real, ConcurrentQueue<(string, decimal, string)> refunds) : ILedgerConnector
    {
        public LedgerKind Ledger => real.Ledger;

        public LedgerCapabilities Capabilities => real.Capabilities;

        public Task<LedgerResult<LedgerRefund>> RefundCreditAsync(
            LedgerConnection connection, string ledgerDocumentId, CreditNote note, CreditRefundRequest refund, LedgerWriteKey key, CancellationToken cancellationToken)
        {
            refunds.Enqueue((ledgerDocumentId, refund.Amount, key.Value));
            return Task.FromResult(LedgerResult<LedgerRefund>.Ok(new LedgerRefund("cash-refund-1", refund.Amount, refund.Date)));
        }

        public Task<LedgerResult<LedgerDocument>> CreateCreditNoteAsync(LedgerConnection connection, CreditNote note, LedgerWriteKey key, CancellationToken cancellationToken) =>
            real.CreateCreditNoteAsync(connection, note, key, cancellationToken);

        public Task<LedgerResult<LedgerDocument?>> FindCreditNoteAsync(LedgerConnection connection, CreditNote note, CancellationToken cancellationToken) =>
            real.FindCreditNoteAsync(connection, note, cancellationToken);

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
