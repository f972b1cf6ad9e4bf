using CreditFunctions.Documents;
using CreditFunctions.Ledgers;

namespace CreditFunctions.IntegrationTests.Ledgers.QuickBooks;

/// <summary>Allocation as a zero-amount Payment (Q2), un-applying it (Q3), and closed books with both policies' inputs (Q8).</summary>
public sealed class QuickBooksAllocationTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_full_allocation_is_a_zero_amount_payment_that_closes_the_invoice_and_reads_back_on_the_memo()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();
        harness.SeedInvoice("INV-1", 110m);
        var note = QuickBooksAdapterHarness.Note("CN-1");
        var memoId = (await harness.Connector.CreateCreditNoteAsync(harness.Connection, note, QuickBooksAdapterHarness.Key("CN-1"), None)).Value!.LedgerDocumentId;

        var allocated = await harness.Connector.AllocateAsync(harness.Connection, memoId, note, new AllocationRequest("INV-1", 110m, note.Date), QuickBooksAdapterHarness.Key("CN-1", "allocate"), None);
        var found = await harness.Connector.FindCreditNoteAsync(harness.Connection, note, None);

        Assert.True(allocated.Succeeded, allocated.Failure?.Message);
        var payment = harness.Simulator.Store.Payments(harness.RealmId).Single();
        Assert.Equal(((string?)payment["Id"], 0m), (allocated.Value!.AllocationId, (decimal)payment["TotalAmt"]!));
        Assert.Equal(0m, harness.InvoiceBalance("INV-1"));
        Assert.Equal((0m, "Applied"), (found.Value!.RemainingCredit, found.Value.Status));
        Assert.Equal([new LedgerAllocation(allocated.Value.AllocationId, "INV-1", 110m, note.Date)], found.Value.Allocations);
    }

    [Fact]
    public async Task A_partial_allocation_leaves_the_rest_of_the_credit_and_of_the_invoice_open()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();
        harness.SeedInvoice("INV-2", 500m, balance: 300m);
        var note = QuickBooksAdapterHarness.Note("CN-2");
        var memoId = (await harness.Connector.CreateCreditNoteAsync(harness.Connection, note, QuickBooksAdapterHarness.Key("CN-2"), None)).Value!.LedgerDocumentId;

        var allocated = await harness.Connector.AllocateAsync(harness.Connection, memoId, note, new AllocationRequest("INV-2", 40m, note.Date), QuickBooksAdapterHarness.Key("CN-2", "allocate"), None);

        Assert.True(allocated.Succeeded, allocated.Failure?.Message);
        Assert.Equal(260m, harness.InvoiceBalance("INV-2"));
        Assert.Equal(70m, (await harness.Connector.FindCreditNoteAsync(harness.Connection, note, None)).Value!.RemainingCredit);
    }

    [Fact]
    public async Task An_allocation_to_an_invoice_not_in_QuickBooks_is_NotFound_and_more_than_the_balance_is_Validation()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();
        harness.SeedInvoice("INV-3", 50m);
        var note = QuickBooksAdapterHarness.Note("CN-3");
        var memoId = (await harness.Connector.CreateCreditNoteAsync(harness.Connection, note, QuickBooksAdapterHarness.Key("CN-3"), None)).Value!.LedgerDocumentId;

        var missing = await harness.Connector.AllocateAsync(harness.Connection, memoId, note, new AllocationRequest("INV-404", 10m, note.Date), QuickBooksAdapterHarness.Key("CN-3", "allocate"), None);
        var tooMuch = await harness.Connector.AllocateAsync(harness.Connection, memoId, note, new AllocationRequest("INV-3", 60m, note.Date), QuickBooksAdapterHarness.Key("CN-3", "allocate2"), None);

        Assert.Equal(LedgerFailureKind.NotFound, missing.Failure!.Kind);
        Assert.Equal(LedgerFailureKind.Validation, tooMuch.Failure!.Kind);
    }

    [Fact]
    public async Task An_applied_memo_is_unapplied_first_then_it_can_be_amended_or_voided()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();
        harness.SeedInvoice("INV-4", 110m);
        var note = QuickBooksAdapterHarness.Note("CN-4");
        var memoId = (await harness.Connector.CreateCreditNoteAsync(harness.Connection, note, QuickBooksAdapterHarness.Key("CN-4"), None)).Value!.LedgerDocumentId;
        var allocation = (await harness.Connector.AllocateAsync(harness.Connection, memoId, note, new AllocationRequest("INV-4", 100m, note.Date), QuickBooksAdapterHarness.Key("CN-4", "allocate"), None)).Value!;
        var smaller = note with { Lines = [note.Lines[0] with { LineAmount = 50m, UnitAmount = 50m, TaxAmount = 5m }], Subtotal = 50m, TotalTax = 5m, Total = 55m };

        var refused = await harness.Connector.UpdateCreditNoteAsync(harness.Connection, memoId, smaller, QuickBooksAdapterHarness.Key("CN-4", "update"), None);
        harness.Time.Advance(TimeSpan.FromSeconds(1)); // the adapter paces 10 calls a second (Q6) on this hand-moved clock
        var unapplied = await harness.Connector.UnallocateAsync(harness.Connection, memoId, note, allocation, QuickBooksAdapterHarness.Key("CN-4", "unallocate"), None);
        var reopened = harness.InvoiceBalance("INV-4");
        var amended = await harness.Connector.UpdateCreditNoteAsync(harness.Connection, memoId, smaller, QuickBooksAdapterHarness.Key("CN-4", "update2"), None);
        var voided = await harness.Connector.VoidCreditNoteAsync(harness.Connection, memoId, QuickBooksAdapterHarness.Key("CN-4", "void"), None);

        Assert.Equal(LedgerFailureKind.Validation, refused.Failure!.Kind);
        Assert.True(unapplied.Succeeded, unapplied.Failure?.Message);
        Assert.Equal(110m, reopened);
        Assert.Equal(55m, amended.Value!.Total);
        Assert.True(voided.Succeeded, voided.Failure?.Message);
        Assert.Empty(harness.Simulator.Store.Payments(harness.RealmId));
    }

    [Fact]
    public async Task Unallocating_without_the_payment_id_finds_it_by_invoice_and_amount_and_a_repeat_finds_it_gone()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();
        harness.SeedInvoice("INV-5", 110m);
        var note = QuickBooksAdapterHarness.Note("CN-5");
        var memoId = (await harness.Connector.CreateCreditNoteAsync(harness.Connection, note, QuickBooksAdapterHarness.Key("CN-5"), None)).Value!.LedgerDocumentId;
        var allocation = (await harness.Connector.AllocateAsync(harness.Connection, memoId, note, new AllocationRequest("INV-5", 30m, note.Date), QuickBooksAdapterHarness.Key("CN-5", "allocate"), None)).Value!;

        var removed = await harness.Connector.UnallocateAsync(harness.Connection, memoId, note, allocation with { AllocationId = null }, QuickBooksAdapterHarness.Key("CN-5", "unallocate"), None);
        var repeat = await harness.Connector.UnallocateAsync(harness.Connection, memoId, note, allocation, new("another-key"), None);

        Assert.Equal(allocation.AllocationId, removed.Value!.AllocationId);
        Assert.True(repeat.Succeeded, repeat.Failure?.Message);
        Assert.Equal(110m, harness.InvoiceBalance("INV-5"));
    }

    [Fact]
    public async Task A_lost_allocation_answer_is_Ambiguous_and_the_read_back_shows_the_one_payment()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();
        harness.SeedInvoice("INV-6", 110m);
        var note = QuickBooksAdapterHarness.Note("CN-6");
        var memoId = (await harness.Connector.CreateCreditNoteAsync(harness.Connection, note, QuickBooksAdapterHarness.Key("CN-6"), None)).Value!.LedgerDocumentId;
        harness.Simulator.Faults.CommitThenDropNext(method: "POST", pathContains: "/payment");

        var lost = await harness.Connector.AllocateAsync(harness.Connection, memoId, note, new AllocationRequest("INV-6", 110m, note.Date), QuickBooksAdapterHarness.Key("CN-6", "allocate"), None);
        var found = await harness.Connector.FindCreditNoteAsync(harness.Connection, note, None);
        var retried = await harness.Connector.AllocateAsync(harness.Connection, memoId, note, new AllocationRequest("INV-6", 110m, note.Date), QuickBooksAdapterHarness.Key("CN-6", "allocate"), None);

        Assert.Equal(LedgerFailureKind.Ambiguous, lost.Failure!.Kind);
        Assert.Single(found.Value!.Allocations);
        Assert.Equal(found.Value.Allocations[0].AllocationId, retried.Value!.AllocationId);
        Assert.Single(harness.Simulator.Store.Payments(harness.RealmId));
    }

    [Fact]
    public async Task Closed_books_are_PeriodLocked_with_the_day_after_BookCloseDate_and_that_day_is_accepted()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();
        harness.SeedInvoice("INV-7", 110m);
        harness.Simulator.Control.SetBookCloseDate(harness.RealmId, new DateOnly(2026, 10, 31));
        var note = QuickBooksAdapterHarness.Note("CN-7", date: new DateOnly(2026, 10, 15));

        var locked = await harness.Connector.CreateCreditNoteAsync(harness.Connection, note, QuickBooksAdapterHarness.Key("CN-7"), None);
        var redated = note with { Date = locked.Failure!.FirstOpenDay!.Value };
        var created = await harness.Connector.CreateCreditNoteAsync(harness.Connection, redated, QuickBooksAdapterHarness.Key("CN-7", "create:d"), None);
        var lockedAllocation = await harness.Connector.AllocateAsync(harness.Connection, created.Value!.LedgerDocumentId, redated, new AllocationRequest("INV-7", 10m, new DateOnly(2026, 10, 20)), QuickBooksAdapterHarness.Key("CN-7", "allocate"), None);

        Assert.Equal((LedgerFailureKind.PeriodLocked, new DateOnly(2026, 11, 1)), (locked.Failure.Kind, locked.Failure.FirstOpenDay));
        Assert.Contains("Account Period Closed", locked.Failure.Message, StringComparison.Ordinal);
        Assert.True(created.Succeeded, created.Failure?.Message);
        Assert.Equal((LedgerFailureKind.PeriodLocked, new DateOnly(2026, 11, 1)), (lockedAllocation.Failure!.Kind, lockedAllocation.Failure.FirstOpenDay));
        Assert.Equal(1, harness.Operation("GET /preferences")); // cached for the allocation
    }
}
