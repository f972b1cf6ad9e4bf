using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Payments;
using Microsoft.Extensions.DependencyInjection;

namespace CreditFunctions.IntegrationTests.Ledgers.Xero;

/// <summary>The money adapter over real HTTP against the Xero simulator, traffic checked against Xero's OpenAPI description.</summary>
public sealed class XeroMoneyConnectorTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly CreditNoteContact Customer = new(XeroAdapterHarness.ContactNumber, XeroAdapterHarness.ContactName, null);

    [Fact]
    public async Task AddXeroLedger_registers_the_money_adapter_for_Xero()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();

        var ledgers = new MoneyLedgers(harness.Process().GetServices<IMoneyLedger>());

        Assert.True(ledgers.Serves(LedgerKind.Xero));
        Assert.True(ledgers.Get(LedgerKind.Xero).HasNativeOverpayments);
    }

    [Fact]
    public async Task An_invoice_is_found_by_number_and_kind_with_its_amount_due_and_a_missing_one_is_null()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        harness.SeedInvoice("INV-1", 550m, amountDue: 500m);
        harness.SeedInvoice("BILL-1", 80m, type: "ACCPAY");

        var invoice = await harness.Money.FindInvoiceAsync(harness.Connection, CreditNoteKind.Receivable, "INV-1", None);
        var bill = await harness.Money.FindInvoiceAsync(harness.Connection, CreditNoteKind.Payable, "BILL-1", None);
        var billAsInvoice = await harness.Money.FindInvoiceAsync(harness.Connection, CreditNoteKind.Receivable, "BILL-1", None);
        var missing = await harness.Money.FindInvoiceAsync(harness.Connection, CreditNoteKind.Receivable, "INV-404", None);

        Assert.Equal((550m, 500m, "AUTHORISED"), (invoice.Value!.Total, invoice.Value.AmountDue, invoice.Value.Status));
        Assert.Equal(harness.ContactId.ToString(), invoice.Value.ContactId);
        Assert.Equal(80m, bill.Value!.AmountDue);
        Assert.Null(billAsInvoice.Value);
        Assert.True(missing.Succeeded);
        Assert.Null(missing.Value);
    }

    [Fact]
    public async Task A_payment_settles_the_invoice_and_carries_the_marker_of_its_key()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        var invoice = await SeededAsync(harness, "INV-1", 500m);

        var paid = await harness.Money.CreatePaymentAsync(harness.Connection, invoice, Payment(harness, "INV-1", 200m), Key("pay-1"), None);
        var listed = await harness.Money.ListInvoicePaymentsAsync(harness.Connection, invoice, Key("pay-1"), None);

        Assert.True(paid.Succeeded, paid.Failure?.Message);
        Assert.True(paid.Value!.MadeUnderKey);
        Assert.Equal("090", paid.Value.BankAccountCode);
        Assert.Equal(300m, harness.AmountDue("INV-1"));
        Assert.Equal(paid.Value.LedgerPaymentId, Assert.Single(listed.Value!).LedgerPaymentId);
    }

    [Fact]
    public async Task A_payment_whose_answer_is_lost_after_commit_is_found_not_posted_again_even_after_Xeros_key_expired()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        harness.Simulator.Control.IdempotencyWindow = TimeSpan.Zero;
        var invoice = await SeededAsync(harness, "INV-1", 500m);
        harness.Simulator.Faults.CommitThenDropNext(method: "PUT", pathContains: "Payments");

        var first = await harness.Money.CreatePaymentAsync(harness.Connection, invoice, Payment(harness, "INV-1", 200m), Key("pay-1"), None);
        var again = await harness.Money.CreatePaymentAsync(harness.Connection, invoice, Payment(harness, "INV-1", 200m), Key("pay-1"), None);

        Assert.True(first.Succeeded, first.Failure?.Message);
        Assert.Equal(first.Value!.LedgerPaymentId, again.Value!.LedgerPaymentId);
        Assert.Single(harness.Simulator.Store.Payments(harness.TenantId));
        Assert.Equal(300m, harness.AmountDue("INV-1"));
    }

    [Fact]
    public async Task A_payment_over_the_amount_due_is_refused_with_Xeros_words()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        var invoice = await SeededAsync(harness, "INV-1", 500m);

        var refused = await harness.Money.CreatePaymentAsync(harness.Connection, invoice, Payment(harness, "INV-1", 500.01m), Key("pay-1"), None);

        Assert.Equal(LedgerFailureKind.Validation, refused.Failure!.Kind);
        Assert.Contains("Payment amount exceeds the amount outstanding on this document", refused.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(500m, harness.AmountDue("INV-1"));
    }

    [Fact]
    public async Task A_payment_from_an_unknown_or_archived_bank_account_is_refused()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        var invoice = await SeededAsync(harness, "INV-1", 500m);
        harness.Simulator.Control.ArchiveAccount(harness.TenantId, "091");

        var unknown = await harness.Money.CreatePaymentAsync(harness.Connection, invoice, Payment(harness, "INV-1", 10m) with { BankAccountCode = "099" }, Key("pay-1"), None);
        var archived = await harness.Money.CreatePaymentAsync(harness.Connection, invoice, Payment(harness, "INV-1", 10m) with { BankAccountCode = "091" }, Key("pay-2"), None);

        Assert.Equal((LedgerFailureKind.Validation, "Account must be valid."), (unknown.Failure!.Kind, unknown.Failure.Message));
        Assert.Equal(LedgerFailureKind.Validation, archived.Failure!.Kind);
        Assert.Contains("archived", archived.Failure.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Simulator.Store.Payments(harness.TenantId));
    }

    [Fact]
    public async Task A_payment_dated_in_a_locked_period_is_PeriodLocked()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        var invoice = await SeededAsync(harness, "INV-1", 500m);
        harness.Simulator.Control.SetLockDates(harness.TenantId, harness.Today, null);

        var locked = await harness.Money.CreatePaymentAsync(harness.Connection, invoice, Payment(harness, "INV-1", 10m), Key("pay-1"), None);
        var lockDate = await harness.Money.ReadLockDateAsync(harness.Connection, None);

        Assert.Equal(LedgerFailureKind.PeriodLocked, locked.Failure!.Kind);
        Assert.Equal(harness.Today, lockDate.Value);
    }

    [Fact]
    public async Task Without_lock_dates_the_lock_date_is_null_and_the_later_of_the_two_wins()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();

        var none = await harness.Money.ReadLockDateAsync(harness.Connection, None);
        harness.Simulator.Control.SetLockDates(harness.TenantId, new DateOnly(2026, 6, 30), new DateOnly(2026, 3, 31));
        var later = await harness.Money.ReadLockDateAsync(harness.Connection, None);

        Assert.True(none.Succeeded);
        Assert.Null(none.Value);
        Assert.Equal(new DateOnly(2026, 6, 30), later.Value);
    }

    [Fact]
    public async Task A_payment_on_an_invoice_Xero_does_not_hold_is_NotFound()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        var ghost = new LedgerInvoice(Guid.NewGuid().ToString(), "INV-GONE", CreditNoteKind.Receivable, "AUTHORISED", 100m, 100m, harness.Today, harness.ContactId.ToString());

        var paid = await harness.Money.CreatePaymentAsync(harness.Connection, ghost, Payment(harness, "INV-GONE", 10m), Key("pay-1"), None);

        Assert.Equal(LedgerFailureKind.NotFound, paid.Failure!.Kind);
    }

    [Fact]
    public async Task Deleting_a_payment_reopens_the_invoice_and_a_second_delete_counts_as_done()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        var invoice = await SeededAsync(harness, "INV-1", 500m);
        var paid = await harness.Money.CreatePaymentAsync(harness.Connection, invoice, Payment(harness, "INV-1", 500m), Key("pay-1"), None);
        var paidStatus = harness.StoredInvoice("INV-1")["Status"]!.GetValue<string>();

        var deleted = await harness.Money.DeletePaymentAsync(harness.Connection, paid.Value!.LedgerPaymentId, Key("del-1"), None);
        var again = await harness.Money.DeletePaymentAsync(harness.Connection, paid.Value.LedgerPaymentId, Key("del-1b"), None);
        var listed = await harness.Money.ListInvoicePaymentsAsync(harness.Connection, invoice, Key("pay-1"), None);

        Assert.Equal("PAID", paidStatus);
        Assert.True(deleted.Succeeded, deleted.Failure?.Message);
        Assert.True(again.Succeeded, again.Failure?.Message);
        Assert.Equal(500m, harness.AmountDue("INV-1"));
        Assert.Equal("AUTHORISED", harness.StoredInvoice("INV-1")["Status"]!.GetValue<string>());
        Assert.Empty(listed.Value!);
    }

    [Fact]
    public async Task A_native_overpayment_settles_the_invoice_and_keeps_the_rest_as_credit_once_under_its_key()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        harness.Simulator.Control.IdempotencyWindow = TimeSpan.Zero;
        var invoice = await SeededAsync(harness, "INV-1", 500m);
        var overpayment = Overpayment(harness, "INV-1", 600m, 500m);
        harness.Simulator.Faults.CommitThenDropNext(method: "PUT", pathContains: "BankTransactions");

        var posted = await harness.Money.PostOverpaymentAsync(harness.Connection, invoice, overpayment, Key("op-1"), None);
        var again = await harness.Money.PostOverpaymentAsync(harness.Connection, invoice, overpayment, Key("op-1"), None);
        var stored = Assert.Single(harness.Simulator.Store.Overpayments(harness.TenantId));

        Assert.True(posted.Succeeded, posted.Failure?.Message);
        Assert.Equal(posted.Value!.CreditId, again.Value!.CreditId);
        Assert.Equal(stored["OverpaymentID"]!.GetValue<string>(), posted.Value.CreditId);
        Assert.Equal(100m, stored["RemainingCredit"]!.GetValue<decimal>());
        Assert.Single(stored["Allocations"]!.AsArray());
        Assert.Equal(0m, harness.AmountDue("INV-1"));
    }

    [Fact]
    public async Task An_overpayment_is_later_applied_to_another_invoice_and_the_rest_refunded_each_once()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        var overpayment = Overpayment(harness, null, 300m, 0m);
        var posted = (await harness.Money.PostOverpaymentAsync(harness.Connection, null, overpayment, Key("op-1"), None)).Value!;
        var later = await SeededAsync(harness, "INV-2", 120m);
        var application = new CreditApplication("app-1", "INV-2", 120m, harness.Today);
        var refund = new RefundDocument("ref-1", CreditNoteKind.Receivable, Customer, harness.Today, "AUD", 180m, RefundOf.Money(MoneyDocumentKind.Overpayment, overpayment.Id), null, "Refund op", null);

        var applied = await harness.Money.ApplyCreditAsync(harness.Connection, overpayment, posted, later, application, Key("app-1"), None);
        var appliedAgain = await harness.Money.ApplyCreditAsync(harness.Connection, overpayment, posted, later, application, Key("app-1"), None);
        var refunded = await harness.Money.RefundCreditBalanceAsync(harness.Connection, overpayment, posted, refund, Key("ref-1"), None);
        var refundedAgain = await harness.Money.RefundCreditBalanceAsync(harness.Connection, overpayment, posted, refund, Key("ref-1"), None);
        var stored = Assert.Single(harness.Simulator.Store.Overpayments(harness.TenantId));

        Assert.True(applied.Succeeded, applied.Failure?.Message);
        Assert.Equal(applied.Value!.LedgerId, appliedAgain.Value!.LedgerId);
        Assert.Equal(0m, harness.AmountDue("INV-2"));
        Assert.True(refunded.Succeeded, refunded.Failure?.Message);
        Assert.Equal(refunded.Value!.LedgerId, refundedAgain.Value!.LedgerId);
        Assert.Equal(0m, stored["RemainingCredit"]!.GetValue<decimal>());
        Assert.Equal("AROVERPAYMENTPAYMENT", Assert.Single(harness.Simulator.Store.Payments(harness.TenantId))["PaymentType"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_customer_credit_is_received_to_its_liability_account_applied_as_a_payment_from_it_and_refunded_by_spend()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        var credit = new PrepaidCreditDocument("cc-1", CreditNoteKind.Receivable, Customer, harness.Today, "AUD", 250m, null, null, "Deposit");
        var posted = await harness.Money.PostPrepaidCreditAsync(harness.Connection, credit, Key("cc-1"), None);
        var again = await harness.Money.PostPrepaidCreditAsync(harness.Connection, credit, Key("cc-1"), None);
        var invoice = await SeededAsync(harness, "INV-3", 200m);

        var applied = await harness.Money.ApplyCreditAsync(harness.Connection, credit, posted.Value!, invoice, new CreditApplication("a-1", "INV-3", 200m, harness.Today), Key("cc-1-a-1"), None);
        var refund = new RefundDocument("r-1", CreditNoteKind.Receivable, Customer, harness.Today, "AUD", 50m, RefundOf.Money(MoneyDocumentKind.CustomerCredit, "cc-1"), null, null, null);
        var refunded = await harness.Money.RefundCreditBalanceAsync(harness.Connection, credit, posted.Value!, refund, Key("r-1"), None);
        var transactions = harness.Simulator.Store.BankTransactions(harness.TenantId);

        Assert.True(posted.Succeeded, posted.Failure?.Message);
        Assert.Equal(("835", posted.Value!.LedgerId), (posted.Value.CreditId, again.Value!.LedgerId));
        Assert.True(applied.Succeeded, applied.Failure?.Message);
        Assert.Equal(0m, harness.AmountDue("INV-3"));
        Assert.Equal("835", harness.Simulator.Store.Payments(harness.TenantId).Single()["Account"]!["Code"]!.GetValue<string>());
        Assert.True(refunded.Succeeded, refunded.Failure?.Message);
        Assert.Equal(["RECEIVE", "SPEND"], transactions.Select(t => t["Type"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.All(transactions, t => Assert.Equal("835", t["LineItems"]![0]!["AccountCode"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_supplier_deposit_is_spent_to_its_asset_account_and_applied_to_a_bill()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        var deposit = new PrepaidCreditDocument("sd-1", CreditNoteKind.Payable, Customer, harness.Today, "AUD", 90m, "091", null, null);
        harness.SeedInvoice("BILL-9", 60m, type: "ACCPAY");
        var bill = (await harness.Money.FindInvoiceAsync(harness.Connection, CreditNoteKind.Payable, "BILL-9", None)).Value!;

        var posted = await harness.Money.PostPrepaidCreditAsync(harness.Connection, deposit, Key("sd-1"), None);
        var applied = await harness.Money.ApplyCreditAsync(harness.Connection, deposit, posted.Value!, bill, new CreditApplication("a-1", "BILL-9", 60m, harness.Today), Key("sd-1-a-1"), None);
        var spend = Assert.Single(harness.Simulator.Store.BankTransactions(harness.TenantId));

        Assert.True(applied.Succeeded, applied.Failure?.Message);
        Assert.Equal(("SPEND", "091", "620"), (spend["Type"]!.GetValue<string>(), spend["BankAccount"]!["Code"]!.GetValue<string>(), spend["LineItems"]![0]!["AccountCode"]!.GetValue<string>()));
        Assert.Equal(0m, harness.AmountDue("BILL-9"));
        Assert.Equal("ACCPAYPAYMENT", Assert.Single(harness.Simulator.Store.Payments(harness.TenantId))["PaymentType"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_customer_credit_to_an_account_not_in_the_chart_is_refused_with_Xeros_words()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        var credit = new PrepaidCreditDocument("cc-1", CreditNoteKind.Receivable, Customer, harness.Today, "AUD", 250m, null, "2999", null);

        var refused = await harness.Money.PostPrepaidCreditAsync(harness.Connection, credit, Key("cc-1"), None);

        Assert.Equal(LedgerFailureKind.Validation, refused.Failure!.Kind);
        Assert.Equal("Account code '2999' is not a valid code for this document.", refused.Failure.Message);
        Assert.Empty(harness.Simulator.Store.BankTransactions(harness.TenantId));
    }

    [Fact]
    public async Task Pull_reports_payments_entered_in_Xero_once_skips_ours_and_reports_a_deletion()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        var invoice = await SeededAsync(harness, "INV-1", 500m);
        await harness.Money.CreatePaymentAsync(harness.Connection, invoice, Payment(harness, "INV-1", 100m), Key("pay-1"), None);
        var theirs = harness.Simulator.Seed.BankReconciliationPayment(harness.TenantId, "INV-1", 150m, reference: "EFT 8812");
        harness.ManualTime.Advance(TimeSpan.FromSeconds(5));

        var first = await harness.Money.PaymentsChangedSinceAsync(harness.Connection, null, None);
        var nothingNew = await harness.Money.PaymentsChangedSinceAsync(harness.Connection, first.Value!.Cursor, None);
        harness.ManualTime.Advance(TimeSpan.FromSeconds(5));
        await harness.Money.DeletePaymentAsync(harness.Connection, theirs.ToString(), Key("del-theirs"), None);
        var afterDelete = await harness.Money.PaymentsChangedSinceAsync(harness.Connection, nothingNew.Value!.Cursor, None);

        var pulled = Assert.Single(first.Value.Payments);
        Assert.Equal((theirs.ToString(), "INV-1", 150m, "EFT 8812", false, "AUD"), (pulled.LedgerPaymentId, pulled.InvoiceNumber, pulled.Amount, pulled.Reference, pulled.Deleted, pulled.Currency));
        Assert.Empty(nothingNew.Value.Payments);
        var deleted = Assert.Single(afterDelete.Value!.Payments);
        Assert.True(deleted.Deleted);
        Assert.True(afterDelete.Value.Cursor > first.Value.Cursor);
    }

    [Fact]
    public async Task Pull_pages_through_more_than_a_hundred_payments()
    {
        await using var harness = await XeroAdapterHarness.StartAsync();
        for (var i = 0; i < 105; i++)
        {
            harness.SeedInvoice($"INV-{i}", 10m);
            harness.Simulator.Seed.BankReconciliationPayment(harness.TenantId, $"INV-{i}", 10m);
            harness.ManualTime.Advance(TimeSpan.FromMilliseconds(10));
        }

        var pulled = await harness.Money.PaymentsChangedSinceAsync(harness.Connection, null, None);

        Assert.True(pulled.Succeeded, pulled.Failure?.Message);
        Assert.Equal(105, pulled.Value!.Payments.Select(p => p.LedgerPaymentId).Distinct().Count());
        Assert.Equal(2, harness.Simulator.Counters.Snapshot().Operations["GET /Payments"]);
    }

    internal static LedgerWriteKey Key(string operation) => new($"t1:harness-xero:{operation}:v1");

    internal static async Task<LedgerInvoice> SeededAsync(XeroAdapterHarness harness, string number, decimal total)
    {
        harness.SeedInvoice(number, total);
        return (await harness.Money.FindInvoiceAsync(harness.Connection, CreditNoteKind.Receivable, number, None)).Value!;
    }

    internal static PaymentDocument Payment(XeroAdapterHarness harness, string invoiceNumber, decimal amount, DateOnly? date = null) =>
        new("pay-" + invoiceNumber, CreditNoteKind.Receivable, Customer, date ?? harness.Today, "AUD", amount, invoiceNumber, null, "Order 42");

    internal static OverpaymentDocument Overpayment(XeroAdapterHarness harness, string? invoiceNumber, decimal amount, decimal applied) =>
        new("op-" + (invoiceNumber ?? "none"), CreditNoteKind.Receivable, Customer, harness.Today, "AUD", amount, invoiceNumber, applied, null, "Overpaid");
}
