using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Payments;
using static CreditFunctions.IntegrationTests.Ledgers.Xero.XeroMoneyConnectorTests;

namespace CreditFunctions.IntegrationTests.Ledgers.Xero;

/// <summary>
/// Each money write after a lost answer (the simulator commits, then drops the connection) with Xero's Idempotency-Key
/// window at zero, so only the adapter's look-before-post stands between a retry and a second document.
/// </summary>
public sealed class XeroMoneyExactlyOnceTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly CreditNoteContact Customer = new(XeroAdapterHarness.ContactNumber, XeroAdapterHarness.ContactName, null);

    [Fact]
    public async Task A_delete_whose_answer_is_lost_reads_back_as_deleted_and_the_invoice_reopens_once()
    {
        await using var harness = await StartAsync();
        var invoice = await SeededAsync(harness, "INV-1", 500m);
        var paid = (await harness.Money.CreatePaymentAsync(harness.Connection, invoice, Payment(harness, "INV-1", 200m), Key("pay-1"), None)).Value!;
        harness.Simulator.Faults.CommitThenDropNext(method: "POST", pathContains: "Payments/");

        var deleted = await harness.Money.DeletePaymentAsync(harness.Connection, paid.LedgerPaymentId, Key("del-1"), None);
        var again = await harness.Money.DeletePaymentAsync(harness.Connection, paid.LedgerPaymentId, Key("del-1"), None);

        Assert.True(deleted.Succeeded, deleted.Failure?.Message);
        Assert.True(again.Succeeded, again.Failure?.Message);
        Assert.Equal(500m, harness.AmountDue("INV-1"));
    }

    [Fact]
    public async Task A_customer_credit_whose_receive_answer_is_lost_is_one_bank_transaction()
    {
        await using var harness = await StartAsync();
        var credit = new PrepaidCreditDocument("cc-1", CreditNoteKind.Receivable, Customer, harness.Today, "AUD", 250m, null, null, null);
        harness.Simulator.Faults.CommitThenDropNext(method: "PUT", pathContains: "BankTransactions");

        var posted = await harness.Money.PostPrepaidCreditAsync(harness.Connection, credit, Key("cc-1"), None);
        var again = await harness.Money.PostPrepaidCreditAsync(harness.Connection, credit, Key("cc-1"), None);

        Assert.True(posted.Succeeded, posted.Failure?.Message);
        Assert.Equal(posted.Value!.LedgerId, again.Value!.LedgerId);
        Assert.Single(harness.Simulator.Store.BankTransactions(harness.TenantId));
    }

    [Fact]
    public async Task Applying_a_customer_credit_whose_answer_is_lost_is_one_payment_from_the_holding_account()
    {
        await using var harness = await StartAsync();
        var credit = new PrepaidCreditDocument("cc-1", CreditNoteKind.Receivable, Customer, harness.Today, "AUD", 250m, null, null, null);
        var posted = (await harness.Money.PostPrepaidCreditAsync(harness.Connection, credit, Key("cc-1"), None)).Value!;
        var invoice = await SeededAsync(harness, "INV-2", 300m);
        var application = new CreditApplication("a-1", "INV-2", 250m, harness.Today);
        harness.Simulator.Faults.CommitThenDropNext(method: "PUT", pathContains: "Payments");

        var applied = await harness.Money.ApplyCreditAsync(harness.Connection, credit, posted, invoice, application, Key("a-1"), None);
        var again = await harness.Money.ApplyCreditAsync(harness.Connection, credit, posted, invoice, application, Key("a-1"), None);

        Assert.True(applied.Succeeded, applied.Failure?.Message);
        Assert.Equal(applied.Value!.LedgerId, again.Value!.LedgerId);
        Assert.Equal(50m, harness.AmountDue("INV-2"));
    }

    [Fact]
    public async Task Applying_an_overpayment_whose_allocation_answer_is_lost_allocates_once()
    {
        await using var harness = await StartAsync();
        var overpayment = Overpayment(harness, null, 300m, 0m);
        var posted = (await harness.Money.PostOverpaymentAsync(harness.Connection, null, overpayment, Key("op-1"), None)).Value!;
        var invoice = await SeededAsync(harness, "INV-3", 200m);
        var application = new CreditApplication("a-1", "INV-3", 200m, harness.Today);
        harness.Simulator.Faults.CommitThenDropNext(method: "PUT", pathContains: "Allocations");

        var applied = await harness.Money.ApplyCreditAsync(harness.Connection, overpayment, posted, invoice, application, Key("a-1"), None);
        var again = await harness.Money.ApplyCreditAsync(harness.Connection, overpayment, posted, invoice, application, Key("a-1"), None);

        Assert.True(applied.Succeeded && again.Succeeded, applied.Failure?.Message ?? again.Failure?.Message);
        Assert.Equal(100m, Assert.Single(harness.Simulator.Store.Overpayments(harness.TenantId))["RemainingCredit"]!.GetValue<decimal>());
        Assert.Equal(0m, harness.AmountDue("INV-3"));
    }

    [Fact]
    public async Task A_closed_period_refund_whose_receivable_answer_is_lost_makes_one_of_each_document()
    {
        await using var harness = await StartAsync();
        var invoice = await SeededAsync(harness, "INV-4", 1000m);
        var payment = (await harness.Money.CreatePaymentAsync(harness.Connection, invoice, Payment(harness, "INV-4", 1000m), Key("pay-4"), None)).Value!;
        harness.Simulator.Control.SetLockDates(harness.TenantId, harness.Today, null);
        harness.ManualTime.Advance(TimeSpan.FromDays(3));
        var refund = new RefundDocument("r-4", CreditNoteKind.Receivable, Customer, harness.Today, "AUD", 250m, RefundOf.Money(MoneyDocumentKind.Payment, "pay-4"), null, null, null);
        harness.Simulator.Faults.CommitThenDropNext(method: "PUT", pathContains: "Invoices");

        var posted = await harness.Money.RefundPaymentAsync(harness.Connection, invoice, payment, refund, periodClosed: true, Key("r-4"), None);
        var again = await harness.Money.RefundPaymentAsync(harness.Connection, invoice, payment, refund, periodClosed: true, Key("r-4"), None);

        Assert.True(posted.Succeeded, posted.Failure?.Message);
        Assert.Equal(posted.Value!.Documents, again.Value!.Documents);
        Assert.Single(harness.Simulator.Store.CreditNotes(harness.TenantId));
        Assert.Equal(2, harness.Simulator.Store.Invoices(harness.TenantId).Count);
        Assert.Equal(2, harness.Simulator.Store.Payments(harness.TenantId).Count);
    }

    [Fact]
    public async Task An_overpayment_dated_in_a_locked_period_is_PeriodLocked_and_leaves_nothing()
    {
        await using var harness = await StartAsync();
        harness.Simulator.Control.SetLockDates(harness.TenantId, harness.Today, null);

        var locked = await harness.Money.PostOverpaymentAsync(harness.Connection, null, Overpayment(harness, null, 300m, 0m), Key("op-locked"), None);

        Assert.Equal(LedgerFailureKind.PeriodLocked, locked.Failure!.Kind);
        Assert.Empty(harness.Simulator.Store.Overpayments(harness.TenantId));
    }

    private static async Task<XeroAdapterHarness> StartAsync()
    {
        var harness = await XeroAdapterHarness.StartAsync();
        harness.Simulator.Control.IdempotencyWindow = TimeSpan.Zero;
        return harness;
    }
}
