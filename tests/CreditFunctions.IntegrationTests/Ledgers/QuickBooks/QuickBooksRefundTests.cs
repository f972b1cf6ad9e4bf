using System.Text.Json.Nodes;
using CreditFunctions.Documents;
using CreditFunctions.Ledgers;

namespace CreditFunctions.IntegrationTests.Ledgers.QuickBooks;

/// <summary>
/// Cash refund of a credit (docs/quickbooks.md "Cash refund of a credit"): a JournalEntry debiting AR for the customer and
/// crediting the bank, paid by a zero-amount Payment with the CreditMemo (Q2, Q4) — full, partial, exactly once when an
/// answer is lost after QBO committed, and refused clearly when it is more than the credit left.
/// </summary>
public sealed class QuickBooksRefundTests
{
    // The simulated company's chart (QuickBooksCompany): 35 is the bank, 84 Accounts Receivable.
    private static readonly Dictionary<string, string?> Accounts = new()
    {
        ["QuickBooks:RefundFromAccountId"] = "35",
        ["QuickBooks:ReceivableAccountId"] = "84",
    };

    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_full_refund_posts_one_journal_entry_paid_by_a_zero_payment_with_the_memo_and_a_repeat_posts_nothing()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(settings: Accounts);
        var (note, memoId) = await CreateMemoAsync(harness, "CN-R1");

        var refunded = await RefundAsync(harness, memoId, note, 110m, "refund");
        var repeated = await RefundAsync(harness, memoId, note, 110m, "refund");

        Assert.True(refunded.Succeeded, refunded.Failure?.Message);
        Assert.Equal(refunded.Value, repeated.Value);
        var entry = Assert.Single(Journal(harness));
        Assert.Equal((string?)entry["Id"], refunded.Value!.RefundId);
        var lines = entry["Line"]!.AsArray().Select(l => l!["JournalEntryLineDetail"]!).ToList();
        Assert.Equal(
            [("Debit", "84", harness.CustomerId), ("Credit", "35", null)],
            lines.Select(d => ((string)d["PostingType"]!, (string)d["AccountRef"]!["value"]!, (string?)d["Entity"]?["EntityRef"]?["value"])).ToList());
        var payment = Assert.Single(harness.Simulator.Store.Payments(harness.RealmId));
        Assert.Equal(0m, (decimal)payment["TotalAmt"]!);
        Assert.Equal([("JournalEntry", 110m), ("CreditMemo", 110m)], LinkedAmounts(payment));
        Assert.Equal(0m, await RemainingCreditAsync(harness, note));
    }

    [Fact]
    public async Task Partial_refunds_each_consume_their_amount_and_leave_the_rest_of_the_credit()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(settings: Accounts);
        var (note, memoId) = await CreateMemoAsync(harness, "CN-R2");

        var first = await RefundAsync(harness, memoId, note, 40m, "refund1");
        var second = await RefundAsync(harness, memoId, note, 30m, "refund2");

        Assert.True(first.Succeeded, first.Failure?.Message);
        Assert.True(second.Succeeded, second.Failure?.Message);
        Assert.NotEqual(first.Value!.RefundId, second.Value!.RefundId);
        Assert.Equal([40m, 30m], Journal(harness).Select(e => (decimal)e["TotalAmt"]!).Order().Reverse().ToList());
        Assert.Equal(40m, await RemainingCreditAsync(harness, note));
    }

    [Theory]
    [InlineData("/journalentry")]
    [InlineData("/payment")]
    public async Task An_answer_lost_after_QuickBooks_committed_is_read_back_and_the_refund_is_made_once(string path)
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(settings: Accounts);
        var (note, memoId) = await CreateMemoAsync(harness, "CN-R3");
        harness.Simulator.Faults.CommitThenDropNext(method: "POST", pathContains: path);

        var refunded = await RefundAsync(harness, memoId, note, 50m, "refund");
        var again = await RefundAsync(harness, memoId, note, 50m, "refund");

        Assert.True(refunded.Succeeded, refunded.Failure?.Message);
        Assert.Equal(0, harness.Simulator.Faults.Pending);
        Assert.Equal(refunded.Value, again.Value);
        Assert.Single(Journal(harness));
        Assert.Single(harness.Simulator.Store.Payments(harness.RealmId));
        Assert.Equal(60m, await RemainingCreditAsync(harness, note));
    }

    [Fact]
    public async Task A_refund_of_more_than_the_credit_left_is_refused_clearly_and_posts_nothing()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(settings: Accounts);
        harness.SeedInvoice("INV-R4", 500m);
        var (note, memoId) = await CreateMemoAsync(harness, "CN-R4");
        var allocated = await QuickBooksClockDriver.RunAsync(harness.Time, harness.Gate, harness.RealmId,
            harness.Connector.AllocateAsync(harness.Connection, memoId, note, new AllocationRequest("INV-R4", 100m, note.Date), QuickBooksAdapterHarness.Key("CN-R4", "allocate"), None));
        Assert.True(allocated.Succeeded, allocated.Failure?.Message);

        var over = await RefundAsync(harness, memoId, note, 10.01m, "refund");
        var exact = await RefundAsync(harness, memoId, note, 10m, "refund2");

        Assert.Equal(LedgerFailureKind.Validation, over.Failure!.Kind);
        Assert.Contains("more than the 10.00 of credit memo CN-R4", over.Failure.Message, StringComparison.Ordinal);
        Assert.True(exact.Succeeded, exact.Failure?.Message);
        Assert.Single(Journal(harness));
        Assert.Equal(0m, await RemainingCreditAsync(harness, note));
    }

    [Fact]
    public async Task A_payment_QuickBooks_refuses_after_the_journal_entry_takes_the_entry_away_again()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync(settings: Accounts);
        var (note, memoId) = await CreateMemoAsync(harness, "CN-R5");
        harness.Simulator.Faults.FaultInOkNext(type: "ValidationFault", code: "6000", message: "A business validation error has occurred", method: "POST", pathContains: "/payment");

        var refused = await RefundAsync(harness, memoId, note, 20m, "refund");

        Assert.Equal(LedgerFailureKind.Validation, refused.Failure!.Kind);
        Assert.Contains("was deleted again; nothing was refunded", refused.Failure.Message, StringComparison.Ordinal);
        Assert.Empty(Journal(harness));
        Assert.Equal(110m, await RemainingCreditAsync(harness, note));
    }

    [Fact]
    public async Task Without_the_refund_accounts_configured_a_refund_is_Validation_before_any_call()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();
        var (note, memoId) = await CreateMemoAsync(harness, "CN-R6");
        var calls = harness.Exchanges.Count;

        var refused = await RefundAsync(harness, memoId, note, 20m, "refund");

        Assert.Equal(LedgerFailureKind.Validation, refused.Failure!.Kind);
        Assert.Contains("QuickBooks:ReceivableAccountId", refused.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(calls, harness.Exchanges.Count);
    }

    private static async Task<(CreditNote Note, string MemoId)> CreateMemoAsync(QuickBooksAdapterHarness harness, string number)
    {
        var note = QuickBooksAdapterHarness.Note(number); // 110.00 including tax
        var created = await QuickBooksClockDriver.RunAsync(harness.Time, harness.Gate, harness.RealmId,
            harness.Connector.CreateCreditNoteAsync(harness.Connection, note, QuickBooksAdapterHarness.Key(number), None));
        Assert.True(created.Succeeded, created.Failure?.Message);
        return (note, created.Value!.LedgerDocumentId);
    }

    private static Task<LedgerResult<LedgerRefund>> RefundAsync(QuickBooksAdapterHarness harness, string memoId, CreditNote note, decimal amount, string operation)
    {
        ILedgerConnector port = harness.Connector;
        return QuickBooksClockDriver.RunAsync(harness.Time, harness.Gate, harness.RealmId,
            port.RefundCreditAsync(harness.Connection, memoId, note, new CreditRefundRequest(amount, note.Date), QuickBooksAdapterHarness.Key(note.Number, operation), None));
    }

    private static async Task<decimal> RemainingCreditAsync(QuickBooksAdapterHarness harness, CreditNote note)
    {
        var found = await QuickBooksClockDriver.RunAsync(harness.Time, harness.Gate, harness.RealmId, harness.Connector.FindCreditNoteAsync(harness.Connection, note, None));
        Assert.True(found.Succeeded, found.Failure?.Message);
        return found.Value!.RemainingCredit;
    }

    private static IReadOnlyList<JsonObject> Journal(QuickBooksAdapterHarness harness) => harness.Simulator.Store.Entities(harness.RealmId, "JournalEntry");

    private static List<(string Type, decimal Amount)> LinkedAmounts(JsonObject payment) =>
        [.. payment["Line"]!.AsArray().Select(l => ((string)l!["LinkedTxn"]![0]!["TxnType"]!, (decimal)l["Amount"]!))];
}
