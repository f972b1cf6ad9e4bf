using CreditFunctions.Ledgers;

namespace CreditFunctions.IntegrationTests.Ledgers.Xero;

/// <summary>RefundCreditAsync: the cash refund of a credit note is a Payment on the CreditNote (X9), exactly once under its key.</summary>
public sealed class XeroCreditRefundTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_cash_refund_is_a_credit_note_payment_and_a_repeat_finds_it()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        var note = XeroAdapterHarness.Note("CN-R1", 100m, harness.Today);
        var id = (await harness.Connector.CreateCreditNoteAsync(harness.Connection, note, XeroAdapterHarness.Key("CN-R1"), None)).Value!.LedgerDocumentId;

        var refunded = await harness.Connector.RefundCreditAsync(harness.Connection, id, note, new CreditRefundRequest(60m, harness.Today), XeroAdapterHarness.Key("CN-R1", "refund"), None);
        var repeated = await harness.Connector.RefundCreditAsync(harness.Connection, id, note, new CreditRefundRequest(60m, harness.Today), XeroAdapterHarness.Key("CN-R1", "refund"), None);
        var stored = harness.Simulator.Store.CreditNotesByNumber("CN-R1", harness.TenantId).Single();

        Assert.True(refunded.Succeeded, refunded.Failure?.Message);
        Assert.Equal(refunded.Value!.RefundId, repeated.Value!.RefundId);
        Assert.Equal("ARCREDITPAYMENT", Assert.Single(harness.Simulator.Store.Payments(harness.TenantId))["PaymentType"]!.GetValue<string>());
        Assert.Equal(50m, stored["RemainingCredit"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task A_cash_refund_whose_answer_is_lost_is_found_by_its_marker_not_paid_twice()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        harness.Simulator.Control.IdempotencyWindow = TimeSpan.Zero;
        var note = XeroAdapterHarness.Note("CN-R2", 100m, harness.Today);
        var id = (await harness.Connector.CreateCreditNoteAsync(harness.Connection, note, XeroAdapterHarness.Key("CN-R2"), None)).Value!.LedgerDocumentId;
        harness.Simulator.Faults.CommitThenDropNext(method: "PUT", pathContains: "Payments");

        var refunded = await harness.Connector.RefundCreditAsync(harness.Connection, id, note, new CreditRefundRequest(110m, harness.Today), XeroAdapterHarness.Key("CN-R2", "refund"), None);
        var repeated = await harness.Connector.RefundCreditAsync(harness.Connection, id, note, new CreditRefundRequest(110m, harness.Today), XeroAdapterHarness.Key("CN-R2", "refund"), None);

        Assert.True(refunded.Succeeded, refunded.Failure?.Message);
        Assert.Equal(refunded.Value!.RefundId, repeated.Value!.RefundId);
        Assert.Single(harness.Simulator.Store.Payments(harness.TenantId));
    }

    [Fact]
    public async Task A_cash_refund_over_the_remaining_credit_is_refused_with_Xeros_words()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        var note = XeroAdapterHarness.Note("CN-R3", 100m, harness.Today);
        var id = (await harness.Connector.CreateCreditNoteAsync(harness.Connection, note, XeroAdapterHarness.Key("CN-R3"), None)).Value!.LedgerDocumentId;

        var refused = await harness.Connector.RefundCreditAsync(harness.Connection, id, note, new CreditRefundRequest(110.01m, harness.Today), XeroAdapterHarness.Key("CN-R3", "refund"), None);

        Assert.Equal(LedgerFailureKind.Validation, refused.Failure!.Kind);
        Assert.Contains("Payment amount exceeds the amount outstanding on this document", refused.Failure.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Simulator.Store.Payments(harness.TenantId));
    }

    [Fact]
    public async Task A_cash_refund_in_a_locked_period_is_PeriodLocked_with_the_first_open_day()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        var note = XeroAdapterHarness.Note("CN-R4", 100m, harness.Today);
        var id = (await harness.Connector.CreateCreditNoteAsync(harness.Connection, note, XeroAdapterHarness.Key("CN-R4"), None)).Value!.LedgerDocumentId;
        harness.Simulator.Control.SetLockDates(harness.TenantId, harness.Today, null);

        var locked = await harness.Connector.RefundCreditAsync(harness.Connection, id, note, new CreditRefundRequest(10m, harness.Today), XeroAdapterHarness.Key("CN-R4", "refund"), None);

        Assert.Equal(LedgerFailureKind.PeriodLocked, locked.Failure!.Kind);
        Assert.Equal(harness.Today.AddDays(1), locked.Failure.FirstOpenDay);
    }
}
