using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Payments;
using static CreditFunctions.IntegrationTests.Ledgers.QuickBooks.QuickBooksMoneyHarness;

namespace CreditFunctions.IntegrationTests.Ledgers.QuickBooks;

/// <summary>
/// Customer credits and overpayments as a Payment's UnappliedAmt (Q2), applied by growing the Payment's lines (Q3),
/// refunded by a JournalEntry the Payment is applied to (Q4), and pull mode over CDC (Q10).
/// </summary>
public sealed class QuickBooksMoneyCreditTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_customer_credit_is_an_unapplied_Payment_applied_later_once_even_when_the_answer_is_lost()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(settings: Accounts);
        harness.SeedInvoice("INV-C1", 300m);
        var credit = new PrepaidCreditDocument("cc-1", CreditNoteKind.Receivable, Contact, Day, "AUD", 250m, null, "2100", "Deposit");

        var posted = await harness.Run(harness.Money().PostPrepaidCreditAsync(harness.Connection, credit, Key("cc-1"), None));
        var repeated = await harness.Run(harness.Money().PostPrepaidCreditAsync(harness.Connection, credit, Key("cc-1"), None));
        var invoice = await harness.InvoiceAsync("INV-C1");
        harness.Simulator.Faults.CommitThenDropNext(method: "POST", pathContains: "/payment");
        var application = new CreditApplication("ap-1", "INV-C1", 100m, Day);
        var applied = await harness.Run(harness.Money().ApplyCreditAsync(harness.Connection, credit, posted.Value!, invoice, application, Key("cc-1", "apply-ap-1"), None));
        var appliedAgain = await harness.Run(harness.Money().ApplyCreditAsync(harness.Connection, credit, posted.Value!, invoice, application, Key("cc-1", "apply-ap-1"), None));

        Assert.True(posted.Succeeded, posted.Failure?.Message);
        Assert.Equal(posted.Value!.LedgerId, repeated.Value!.LedgerId);
        Assert.Equal(posted.Value.LedgerId, posted.Value.CreditId);
        Assert.True(applied.Succeeded, applied.Failure?.Message);
        Assert.True(appliedAgain.Succeeded, appliedAgain.Failure?.Message);
        Assert.Equal(0, harness.Simulator.Faults.Pending);
        var payment = Assert.Single(harness.Held("Payment"));
        Assert.Equal([("Invoice", 100m)], Lines(payment));
        Assert.Equal((250m, 150m), ((decimal)payment["TotalAmt"]!, (decimal)payment["UnappliedAmt"]!));
        Assert.Equal(200m, harness.Due("INV-C1"));
    }

    [Fact]
    public async Task Applying_more_than_the_credit_left_is_refused_and_changes_nothing()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(settings: Accounts);
        harness.SeedInvoice("INV-C2", 300m);
        var credit = new PrepaidCreditDocument("cc-2", CreditNoteKind.Receivable, Contact, Day, "AUD", 50m, null, null, null);
        var posted = await harness.Run(harness.Money().PostPrepaidCreditAsync(harness.Connection, credit, Key("cc-2"), None));
        var invoice = await harness.InvoiceAsync("INV-C2");

        var over = await harness.Run(harness.Money().ApplyCreditAsync(harness.Connection, credit, posted.Value!, invoice, new CreditApplication("ap-2", "INV-C2", 60m, Day), Key("cc-2", "apply"), None));

        Assert.Equal(LedgerFailureKind.Validation, over.Failure!.Kind);
        Assert.Contains("has 50.00 unapplied", over.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(300m, harness.Due("INV-C2"));
    }

    [Fact]
    public async Task A_credit_balance_refund_is_a_journal_entry_the_Payment_is_applied_to_made_once()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(settings: Accounts);
        var credit = new PrepaidCreditDocument("cc-3", CreditNoteKind.Receivable, Contact, Day, "AUD", 80m, null, null, null);
        var posted = await harness.Run(harness.Money().PostPrepaidCreditAsync(harness.Connection, credit, Key("cc-3"), None));
        var refund = Refund("rf-3", 30m, RefundOf.Money(MoneyDocumentKind.CustomerCredit, "cc-3"));
        harness.Simulator.Faults.CommitThenDropNext(method: "POST", pathContains: "/journalentry");

        var refunded = await harness.Run(harness.Money().RefundCreditBalanceAsync(harness.Connection, credit, posted.Value!, refund, Key("rf-3"), None));
        var again = await harness.Run(harness.Money().RefundCreditBalanceAsync(harness.Connection, credit, posted.Value!, refund, Key("rf-3"), None));
        var tooMuch = await harness.Run(harness.Money().RefundCreditBalanceAsync(harness.Connection, credit, posted.Value!, Refund("rf-4", 50.01m, refund.Of), Key("rf-4"), None));

        Assert.True(refunded.Succeeded, refunded.Failure?.Message);
        Assert.Equal(refunded.Value!.LedgerId, again.Value!.LedgerId);
        var entry = Assert.Single(harness.Held("JournalEntry"));
        Assert.Equal(((string?)entry["Id"], 30m), (refunded.Value.LedgerId, (decimal)entry["TotalAmt"]!));
        var payment = Assert.Single(harness.Held("Payment"));
        Assert.Equal([("JournalEntry", 30m)], Lines(payment));
        Assert.Equal(50m, (decimal)payment["UnappliedAmt"]!);
        Assert.Equal(LedgerFailureKind.Validation, tooMuch.Failure!.Kind);
        Assert.Single(harness.Held("JournalEntry"));
    }

    [Fact]
    public async Task Pull_returns_payments_entered_in_QuickBooks_once_with_a_cursor_flags_ours_and_reports_deletes()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(settings: Accounts);
        harness.SeedInvoice("INV-PL", 500m);
        var start = harness.Time.GetUtcNow();
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var bankId = harness.Simulator.Seed.BankPayment(harness.RealmId, "INV-PL", 70m, Day, "EFT 991");
        var ours = await harness.PayAsync("INV-PL", 30m, "pay-pl");
        harness.Time.Advance(TimeSpan.FromMinutes(1));

        var first = await harness.Run(harness.Money().PaymentsChangedSinceAsync(harness.Connection, start, None));
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await harness.Run(harness.Money().PaymentsChangedSinceAsync(harness.Connection, first.Value!.Cursor, None));
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var deleted = await harness.Run(harness.Money().DeletePaymentAsync(harness.Connection, bankId, Key("pl", "delete"), None));
        var third = await harness.Run(harness.Money().PaymentsChangedSinceAsync(harness.Connection, second.Value!.Cursor, None));

        Assert.True(first.Succeeded, first.Failure?.Message);
        Assert.Equal(
            [(bankId, "INV-PL", 70m, false, false, "EFT 991", "AUD"), (ours.LedgerPaymentId, "INV-PL", 30m, false, true, null, "AUD")],
            first.Value.Payments.Select(p => (p.LedgerPaymentId, p.InvoiceNumber, p.Amount, p.Deleted, p.MadeByService, p.Reference, p.Currency)).ToList());
        Assert.True(first.Value.Cursor > start);
        Assert.Empty(second.Value.Payments);
        Assert.True(deleted.Succeeded, deleted.Failure?.Message);
        var gone = Assert.Single(third.Value!.Payments);
        Assert.Equal((bankId, true), (gone.LedgerPaymentId, gone.Deleted));
    }

    [Fact]
    public async Task A_payment_changed_in_the_second_of_a_pull_comes_again_on_the_next_pull_rather_than_never()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(settings: Accounts);
        harness.SeedInvoice("INV-PL3", 500m);
        var start = harness.Time.GetUtcNow();
        harness.Time.Advance(TimeSpan.FromSeconds(10));
        var bankId = harness.Simulator.Seed.BankPayment(harness.RealmId, "INV-PL3", 70m, Day);

        var first = await harness.Run(harness.Money().PaymentsChangedSinceAsync(harness.Connection, start, None));
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await harness.Run(harness.Money().PaymentsChangedSinceAsync(harness.Connection, first.Value!.Cursor, None));
        var third = await harness.Run(harness.Money().PaymentsChangedSinceAsync(harness.Connection, second.Value!.Cursor, None));

        Assert.Equal(bankId, Assert.Single(first.Value.Payments).LedgerPaymentId);
        Assert.True(first.Value.Cursor < first.Value.Payments[0].UpdatedAt, $"cursor {first.Value.Cursor:O}, updated {first.Value.Payments[0].UpdatedAt:O}, now {harness.Time.GetUtcNow():O}");
        Assert.Equal(first.Value.Payments, second.Value.Payments);
        Assert.Empty(third.Value!.Payments);
    }

    [Fact]
    public async Task Pull_without_a_cursor_starts_at_CDC_30_day_look_back_and_is_accepted()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(settings: Accounts);
        harness.SeedInvoice("INV-PL2", 100m, balance: 40m); // a payment of 60 made in QuickBooks

        var pulled = await harness.Run(harness.Money().PaymentsChangedSinceAsync(harness.Connection, null, None));
        var old = await harness.Run(harness.Money().PaymentsChangedSinceAsync(harness.Connection, harness.Time.GetUtcNow().AddDays(-90), None));

        Assert.True(pulled.Succeeded, pulled.Failure?.Message);
        Assert.Equal([("INV-PL2", 60m)], pulled.Value!.Payments.Select(p => (p.InvoiceNumber, p.Amount)).ToList());
        Assert.True(old.Succeeded, old.Failure?.Message);
        Assert.Single(old.Value!.Payments);
    }
}
