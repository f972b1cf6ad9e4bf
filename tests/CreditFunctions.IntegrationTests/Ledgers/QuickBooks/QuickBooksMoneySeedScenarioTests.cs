using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Payments;
using static CreditFunctions.IntegrationTests.Ledgers.QuickBooks.QuickBooksMoneyHarness;

namespace CreditFunctions.IntegrationTests.Ledgers.QuickBooks;

/// <summary>
/// The seed systems' money scenarios (issue #14) at the adapter level on QuickBooks: Cin7's duplicate entered by bank
/// reconciliation, a payment over the amount due, Ordway's refund of a payment in an open and a closed period with a
/// write-off (Q2–Q4, Q8), Ostendo's overpayment (native: UnappliedAmt) and Flowrev's $1,200 invoice with a $400 credit.
/// </summary>
public sealed class QuickBooksMoneySeedScenarioTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Cin7_duplicate_payment_entered_by_bank_reconciliation_is_seen_before_ours_is_posted()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();
        harness.SeedInvoice("INV-CIN7", 250m);
        var bankId = harness.Simulator.Seed.BankPayment(harness.RealmId, "INV-CIN7", 250m, Day, "Bank rec 17");
        var invoice = await harness.InvoiceAsync("INV-CIN7");

        var listed = await harness.Run(harness.Money().ListInvoicePaymentsAsync(harness.Connection, invoice, Key("pay-cin7"), None));

        Assert.True(listed.Succeeded, listed.Failure?.Message);
        var seen = Assert.Single(listed.Value!);
        Assert.Equal((bankId, 250m, Day, "Bank rec 17", false, false), (seen.LedgerPaymentId, seen.Amount, seen.Date, seen.Reference, seen.MadeUnderKey, seen.MadeByService));
        Assert.Equal(0m, invoice.AmountDue);
    }

    [Fact]
    public async Task Payment_over_the_amount_due_is_refused_by_QuickBooks()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();
        harness.SeedInvoice("INV-OVER", 100m);
        var invoice = await harness.InvoiceAsync("INV-OVER");

        var over = await harness.Run(harness.Money().CreatePaymentAsync(harness.Connection, invoice, Payment("pay-over", "INV-OVER", 150m), Key("pay-over"), None));

        Assert.Equal(LedgerFailureKind.Validation, over.Failure!.Kind);
        Assert.Contains("open balance", over.Failure.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Held("Payment"));
        Assert.Equal(100m, harness.Due("INV-OVER"));
    }

    [Fact]
    public async Task Ordway_refund_in_an_open_period_with_write_off_reopens_the_invoice_then_writes_it_off_once()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(settings: Accounts);
        harness.SeedInvoice("INV-ORD1", 100m);
        var paid = await harness.PayAsync("INV-ORD1", 100m, "pay-ord1");
        var invoice = await harness.InvoiceAsync("INV-ORD1");
        var refund = Refund("rf-ord1", 40m, RefundOf.Money(MoneyDocumentKind.Payment, "pay-ord1"), new WriteOff(40m, "7", null));
        harness.Simulator.Faults.CommitThenDropNext(method: "POST", pathContains: "/payment");

        var refunded = await harness.Run(harness.Money().RefundPaymentAsync(harness.Connection, invoice, paid, refund, periodClosed: false, Key("rf-ord1"), None));
        var again = await harness.Run(harness.Money().RefundPaymentAsync(harness.Connection, invoice, paid, refund, periodClosed: false, Key("rf-ord1"), None));

        Assert.True(refunded.Succeeded, refunded.Failure?.Message);
        Assert.Equal(0, harness.Simulator.Faults.Pending);
        Assert.Equal((refunded.Value!.LedgerId, refunded.Value.Documents), (again.Value!.LedgerId, again.Value.Documents), Posting.Instance);
        var entry = Assert.Single(harness.Held("JournalEntry"));
        Assert.Equal(
            [("Debit", "84", harness.CustomerId, 40m), ("Credit", "35", null, 40m)],
            entry["Line"]!.AsArray().Select(l => ((string)l!["JournalEntryLineDetail"]!["PostingType"]!, (string)l["JournalEntryLineDetail"]!["AccountRef"]!["value"]!, (string?)l["JournalEntryLineDetail"]!["Entity"]?["EntityRef"]?["value"], (decimal)l["Amount"]!)).ToList());
        Assert.Equal([("Invoice", 60m), ("JournalEntry", 40m)], Lines(harness.PaymentById(paid.LedgerPaymentId)));
        var memo = Assert.Single(harness.Held("CreditMemo"));
        Assert.Equal((40m, 0m), ((decimal)memo["TotalAmt"]!, (decimal)memo["Balance"]!));
        Assert.Equal(2, harness.Held("Payment").Count); // ours, moved; and the zero-amount write-off application
        Assert.Equal(0m, harness.Due("INV-ORD1"));
        Assert.Equal(4, refunded.Value!.Documents.Count);
    }

    [Fact]
    public async Task Ordway_refund_in_an_open_period_without_write_off_leaves_the_refunded_amount_due()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(settings: Accounts);
        harness.SeedInvoice("INV-ORD2", 100m);
        var paid = await harness.PayAsync("INV-ORD2", 100m, "pay-ord2");
        var invoice = await harness.InvoiceAsync("INV-ORD2");

        var refunded = await harness.Run(harness.Money().RefundPaymentAsync(
            harness.Connection, invoice, paid, Refund("rf-ord2", 100m, RefundOf.Money(MoneyDocumentKind.Payment, "pay-ord2")), periodClosed: false, Key("rf-ord2"), None));

        Assert.True(refunded.Succeeded, refunded.Failure?.Message);
        Assert.Equal([("JournalEntry", 100m)], Lines(harness.PaymentById(paid.LedgerPaymentId)));
        Assert.Equal(100m, harness.Due("INV-ORD2"));
        Assert.Empty(harness.Held("CreditMemo"));
    }

    [Fact]
    public async Task Ordway_refund_in_a_closed_period_with_write_off_dates_the_journal_in_the_open_period_and_leaves_the_payment_applied()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(settings: Accounts);
        var paidOn = new DateOnly(2026, 10, 15);
        var closedThrough = new DateOnly(2026, 10, 31);
        harness.Simulator.Seed.Invoice(harness.RealmId, "INV-ORD3", harness.CustomerId, 100m, date: paidOn);
        var paid = await harness.PayAsync("INV-ORD3", 100m, "pay-ord3", paidOn);
        harness.Simulator.Control.SetBookCloseDate(harness.RealmId, closedThrough);
        var lockDate = await harness.Run(harness.Money().ReadLockDateAsync(harness.Connection, None));
        var invoice = await harness.InvoiceAsync("INV-ORD3");
        var refund = Refund("rf-ord3", 100m, RefundOf.Money(MoneyDocumentKind.Payment, "pay-ord3"), new WriteOff(100m, "7", null), date: new DateOnly(2026, 10, 20));

        var refunded = await harness.Run(harness.Money().RefundPaymentAsync(harness.Connection, invoice, paid, refund, periodClosed: paid.Date <= lockDate.Value, Key("rf-ord3"), None));

        Assert.True(refunded.Succeeded, refunded.Failure?.Message);
        var entry = Assert.Single(harness.Held("JournalEntry"));
        Assert.Equal("2026-11-01", (string?)entry["TxnDate"]);
        Assert.Equal([("Invoice", 100m)], Lines(harness.PaymentById(paid.LedgerPaymentId)));
        Assert.Equal(0m, harness.Due("INV-ORD3"));
        var memo = Assert.Single(harness.Held("CreditMemo"));
        Assert.Equal(("2026-11-01", 0m), ((string?)memo["TxnDate"], (decimal)memo["Balance"]!));
        var writeOff = harness.Held("Payment").Single(p => (string?)p["Id"] != paid.LedgerPaymentId);
        Assert.Equal([("JournalEntry", 100m), ("CreditMemo", 100m)], Lines(writeOff));
    }

    [Fact]
    public async Task Ostendo_overpayment_is_native_one_Payment_pays_the_invoice_and_keeps_the_rest_as_credit_for_the_next()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(settings: Accounts);
        harness.SeedInvoice("INV-OST1", 100m);
        harness.SeedInvoice("INV-OST2", 80m);
        var invoice = await harness.InvoiceAsync("INV-OST1");
        var overpayment = new OverpaymentDocument("op-1", CreditNoteKind.Receivable, Contact, Day, "AUD", 150m, "INV-OST1", 100m, null, "Cheque 55");

        var posted = await harness.Run(harness.Money().PostOverpaymentAsync(harness.Connection, invoice, overpayment, Key("op-1"), None));
        var repeated = await harness.Run(harness.Money().PostOverpaymentAsync(harness.Connection, invoice, overpayment, Key("op-1"), None));
        var next = await harness.InvoiceAsync("INV-OST2");
        var applied = await harness.Run(harness.Money().ApplyCreditAsync(harness.Connection, overpayment, posted.Value!, next, new CreditApplication("ap-ost", "INV-OST2", 50m, Day), Key("op-1", "apply-ap-ost"), None));

        Assert.True(harness.Money().HasNativeOverpayments);
        Assert.True(posted.Succeeded, posted.Failure?.Message);
        Assert.Equal((posted.Value!.LedgerId, posted.Value.Documents), (repeated.Value!.LedgerId, repeated.Value.Documents), Posting.Instance);
        Assert.True(applied.Succeeded, applied.Failure?.Message);
        var payment = Assert.Single(harness.Held("Payment"));
        Assert.Equal([("Invoice", 100m), ("Invoice", 50m)], Lines(payment));
        Assert.Equal((150m, 0m), ((decimal)payment["TotalAmt"]!, (decimal)payment["UnappliedAmt"]!));
        Assert.Equal((0m, 30m), (harness.Due("INV-OST1"), harness.Due("INV-OST2")));
    }

    [Fact]
    public async Task Flowrev_1200_invoice_with_a_400_credit_note_allocated_leaves_800_due()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();
        harness.SeedInvoice("INV-FLOW", 1200m);
        var note = QuickBooksAdapterHarness.Note("CN-FLOW") with
        {
            AmountsAre = AmountsAre.NoTax,
            Lines = [new CreditNoteLine("Subscription credit", 1m, 400m, "200", null, 0m, 400m)],
            Subtotal = 400m,
            TotalTax = 0m,
            Total = 400m,
        };
        var created = await harness.Run(harness.Connector.CreateCreditNoteAsync(harness.Connection, note, QuickBooksAdapterHarness.Key("CN-FLOW"), None));

        var allocated = await harness.Run(harness.Connector.AllocateAsync(
            harness.Connection, created.Value!.LedgerDocumentId, note, new AllocationRequest("INV-FLOW", 400m, note.Date), QuickBooksAdapterHarness.Key("CN-FLOW", "allocate"), None));

        Assert.True(allocated.Succeeded, allocated.Failure?.Message);
        Assert.Equal(800m, harness.Due("INV-FLOW"));
        Assert.Equal(800m, (await harness.InvoiceAsync("INV-FLOW")).AmountDue);
    }
}

/// <summary>Two postings are the same when their main document and every document written are.</summary>
internal sealed class Posting : IEqualityComparer<(string LedgerId, IReadOnlyList<string> Documents)>
{
    public static readonly Posting Instance = new();

    public bool Equals((string LedgerId, IReadOnlyList<string> Documents) x, (string LedgerId, IReadOnlyList<string> Documents) y) =>
        x.LedgerId == y.LedgerId && x.Documents.SequenceEqual(y.Documents);

    public int GetHashCode((string LedgerId, IReadOnlyList<string> Documents) obj) => obj.LedgerId.GetHashCode(StringComparison.Ordinal);
}
