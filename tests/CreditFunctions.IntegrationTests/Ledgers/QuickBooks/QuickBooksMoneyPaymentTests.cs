using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.QuickBooks;
using CreditFunctions.Payments;
using Microsoft.Extensions.DependencyInjection;
using static CreditFunctions.IntegrationTests.Ledgers.QuickBooks.QuickBooksMoneyHarness;

namespace CreditFunctions.IntegrationTests.Ledgers.QuickBooks;

/// <summary>
/// Payments on QuickBooks (docs/quickbooks.md "Money flows"): a Payment with one line on the Invoice (Q2), exactly once
/// under its key (requestid Q5 + PaymentRefNum marker read back), refused as QBO refuses it, deleted (contract §10), and
/// the closing date read from Preferences (Q8).
/// </summary>
public sealed class QuickBooksMoneyPaymentTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task FindInvoice_gives_the_amount_due_and_null_for_an_invoice_not_in_QuickBooks()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();
        harness.SeedInvoice("INV-F1", 500m, balance: 320m);

        var found = await harness.InvoiceAsync("INV-F1");
        var missing = await harness.Run(harness.Money().FindInvoiceAsync(harness.Connection, CreditNoteKind.Receivable, "INV-404", None));

        Assert.Equal(("INV-F1", 500m, 320m, "OPEN", harness.CustomerId), (found.Number, found.Total, found.AmountDue, found.Status, found.ContactId));
        Assert.True(missing.Succeeded, missing.Failure?.Message);
        Assert.Null(missing.Value);
    }

    [Fact]
    public async Task A_payment_is_one_Payment_on_the_invoice_and_a_repeat_under_its_key_returns_it_without_posting()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();
        harness.SeedInvoice("INV-P1", 300m);
        var invoice = await harness.InvoiceAsync("INV-P1");

        var first = await harness.Run(harness.Money().CreatePaymentAsync(harness.Connection, invoice, Payment("pay-1", "INV-P1", 120m), Key("pay-1"), None));
        var again = await harness.Run(harness.Money().CreatePaymentAsync(harness.Connection, invoice, Payment("pay-1", "INV-P1", 120m), Key("pay-1"), None));
        var listed = await harness.Run(harness.Money().ListInvoicePaymentsAsync(harness.Connection, invoice, Key("pay-1"), None));

        Assert.True(first.Succeeded, first.Failure?.Message);
        Assert.Equal(first.Value, again.Value);
        Assert.True(first.Value!.MadeUnderKey);
        var payment = Assert.Single(harness.Held("Payment"));
        Assert.Equal([("Invoice", 120m)], Lines(payment));
        Assert.Equal(QuickBooksMoneyMarkers.Of(Key("pay-1"), "pay"), (string?)payment["PaymentRefNum"]);
        Assert.Equal(180m, harness.Due("INV-P1"));
        var seen = Assert.Single(listed.Value!);
        Assert.Equal((first.Value.LedgerPaymentId, 120m, Day, true, true), (seen.LedgerPaymentId, seen.Amount, seen.Date, seen.MadeUnderKey, seen.MadeByService));
        Assert.Equal(1, harness.Operation("POST /payment"));
    }

    [Fact]
    public async Task A_payment_whose_answer_is_lost_after_QuickBooks_committed_is_read_back_and_made_once()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();
        harness.SeedInvoice("INV-P2", 300m);
        var invoice = await harness.InvoiceAsync("INV-P2");
        harness.Simulator.Faults.CommitThenDropNext(method: "POST", pathContains: "/payment");

        var paid = await harness.Run(harness.Money().CreatePaymentAsync(harness.Connection, invoice, Payment("pay-2", "INV-P2", 100m), Key("pay-2"), None));
        var again = await harness.Run(harness.Money().CreatePaymentAsync(harness.Connection, invoice, Payment("pay-2", "INV-P2", 100m), Key("pay-2"), None));

        Assert.True(paid.Succeeded, paid.Failure?.Message);
        Assert.Equal(0, harness.Simulator.Faults.Pending);
        Assert.Equal(paid.Value!.LedgerPaymentId, again.Value!.LedgerPaymentId);
        Assert.Single(harness.Held("Payment"));
        Assert.Equal(200m, harness.Due("INV-P2"));
    }

    [Fact]
    public async Task A_payment_over_the_amount_due_is_refused_in_QuickBooks_words_and_nothing_is_posted()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();
        harness.SeedInvoice("INV-P3", 300m, balance: 100m);
        var invoice = await harness.InvoiceAsync("INV-P3");

        var over = await harness.Run(harness.Money().CreatePaymentAsync(harness.Connection, invoice, Payment("pay-3", "INV-P3", 100.01m), Key("pay-3"), None));

        Assert.Equal(LedgerFailureKind.Validation, over.Failure!.Kind);
        Assert.Contains("is more than its open balance (100.00)", over.Failure.Message, StringComparison.Ordinal);
        Assert.Single(harness.Held("Payment")); // the seeded 200 only
        Assert.Equal(100m, harness.Due("INV-P3"));
    }

    [Fact]
    public async Task A_payment_on_a_voided_invoice_into_an_unknown_account_or_in_closed_books_is_refused()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();
        var voidedId = harness.SeedInvoice("INV-P4", 300m);
        harness.SeedInvoice("INV-P5", 300m);
        var beforeVoid = await harness.InvoiceAsync("INV-P4");
        var client = harness.Process().GetRequiredService<QuickBooksClient>();
        var voided = await harness.Run(client.WriteAsync(harness.Connection, "invoice", new QboEntityStub { Id = voidedId, SyncToken = "0" }, "void-INV-P4", "void", None));
        Assert.True(voided.Succeeded, voided.Failure?.Message);
        var open = await harness.InvoiceAsync("INV-P5");

        var onVoided = await harness.Run(harness.Money().CreatePaymentAsync(harness.Connection, beforeVoid, Payment("pay-4", "INV-P4", 50m), Key("pay-4"), None));
        var unknownAccount = await harness.Run(harness.Money().CreatePaymentAsync(harness.Connection, open, Payment("pay-5", "INV-P5", 50m, bank: "999"), Key("pay-5"), None));
        harness.Simulator.Control.SetBookCloseDate(harness.RealmId, Day);
        var closed = await harness.Run(harness.Money().CreatePaymentAsync(harness.Connection, open, Payment("pay-6", "INV-P5", 50m), Key("pay-6"), None));

        Assert.Equal("VOIDED", (await harness.InvoiceAsync("INV-P4")).Status);
        Assert.Equal((LedgerFailureKind.Validation, true), (onVoided.Failure!.Kind, onVoided.Failure.Message.Contains("is voided", StringComparison.Ordinal)));
        Assert.Equal((LedgerFailureKind.Validation, true), (unknownAccount.Failure!.Kind, unknownAccount.Failure.Message.Contains("DepositToAccountRef", StringComparison.Ordinal)));
        Assert.Equal((LedgerFailureKind.PeriodLocked, Day.AddDays(1)), (closed.Failure!.Kind, closed.Failure.FirstOpenDay));
        Assert.Empty(harness.Held("Payment"));
    }

    [Fact]
    public async Task A_payment_on_an_invoice_deleted_from_QuickBooks_meanwhile_is_NotFound()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();
        var invoiceId = harness.SeedInvoice("INV-P6", 300m);
        var invoice = await harness.InvoiceAsync("INV-P6");
        var client = harness.Process().GetRequiredService<QuickBooksClient>();
        var removed = await harness.Run(client.WriteAsync(harness.Connection, "invoice", new QboEntityStub { Id = invoiceId, SyncToken = "0" }, "delete-INV-P6", "delete", None));
        Assert.True(removed.Succeeded, removed.Failure?.Message);

        var paid = await harness.Run(harness.Money().CreatePaymentAsync(harness.Connection, invoice, Payment("pay-7", "INV-P6", 50m), Key("pay-7"), None));

        Assert.Equal(LedgerFailureKind.NotFound, paid.Failure!.Kind);
        Assert.Empty(harness.Held("Payment"));
    }

    [Fact]
    public async Task Deleting_a_payment_reopens_the_invoice_and_one_already_gone_counts_as_deleted()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();
        harness.SeedInvoice("INV-D1", 300m);
        var paid = await harness.PayAsync("INV-D1", 300m, "pay-d1");

        var deleted = await harness.Run(harness.Money().DeletePaymentAsync(harness.Connection, paid.LedgerPaymentId, Key("pay-d1", "delete"), None));
        var again = await harness.Run(harness.Money().DeletePaymentAsync(harness.Connection, paid.LedgerPaymentId, Key("pay-d1", "delete"), None));

        Assert.True(deleted.Succeeded, deleted.Failure?.Message);
        Assert.Equal((paid.LedgerPaymentId, 300m), (deleted.Value!.LedgerPaymentId, deleted.Value.Amount));
        Assert.True(again.Succeeded, again.Failure?.Message);
        Assert.Empty(harness.Held("Payment"));
        Assert.Equal(300m, harness.Due("INV-D1"));
    }

    [Fact]
    public async Task A_delete_after_someone_edited_the_payment_retries_with_the_new_SyncToken()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();
        harness.SeedInvoice("INV-D2", 300m);
        var paid = await harness.PayAsync("INV-D2", 100m, "pay-d2");
        harness.Simulator.Faults.FaultInOkNext(type: "ValidationFault", code: "5010", message: "Stale Object Error", method: "POST", pathContains: "/payment");

        var deleted = await harness.Run(harness.Money().DeletePaymentAsync(harness.Connection, paid.LedgerPaymentId, Key("pay-d2", "delete"), None));

        Assert.True(deleted.Succeeded, deleted.Failure?.Message);
        Assert.Empty(harness.Held("Payment"));
        Assert.Equal(300m, harness.Due("INV-D2"));
    }

    [Fact]
    public async Task The_lock_date_is_QuickBooks_BookCloseDate_and_null_while_no_books_are_closed()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();

        var none = await harness.Run(harness.Money().ReadLockDateAsync(harness.Connection, None));
        harness.Simulator.Control.SetBookCloseDate(harness.RealmId, new DateOnly(2026, 10, 31));
        var closed = await harness.Run(harness.Money().ReadLockDateAsync(harness.Connection, None));

        Assert.Null(none.Value);
        Assert.Equal(new DateOnly(2026, 10, 31), closed.Value);
    }

    [Fact]
    public async Task A_refund_of_a_bill_payment_is_refused_as_Validation_before_any_call()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(settings: Accounts);
        var calls = harness.Exchanges.Count;
        var bill = new LedgerInvoice("9", "BILL-1", CreditNoteKind.Payable, "PAID", 100m, 0m, Day, "7");
        var payment = new LedgerPayment("BillPayment:10", 100m, Day, null, "35");
        var refund = Refund("rf-bill", 40m, RefundOf.Money(MoneyDocumentKind.Payment, "pay-bill")) with { Kind = CreditNoteKind.Payable };

        var refused = await harness.Run(harness.Money().RefundPaymentAsync(harness.Connection, bill, payment, refund, periodClosed: false, Key("rf-bill"), None));

        Assert.Equal(LedgerFailureKind.Validation, refused.Failure!.Kind);
        Assert.Contains("refund of a bill payment", refused.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(calls, harness.Exchanges.Count);
    }
}
