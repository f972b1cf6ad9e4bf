using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.Xero;

namespace CreditFunctions.IntegrationTests.Ledgers.QuickBooks;

/// <summary>The QuickBooks adapter over real HTTP against the simulator: credit memos, exactly-once and faults.</summary>
public sealed class QuickBooksCreditMemosConnectorTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_created_credit_memo_has_full_lines_and_reads_back_by_DocNumber_with_the_same_content()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();
        var note = QuickBooksAdapterHarness.Note("CN-1001");

        var created = await harness.Connector.CreateCreditNoteAsync(harness.Connection, note, QuickBooksAdapterHarness.Key("CN-1001"), None);
        var found = await harness.Connector.FindCreditNoteAsync(harness.Connection, note, None);

        Assert.True(created.Succeeded, created.Failure?.Message);
        Assert.Equal(("CN-1001", "Open", 110m, 110m), (created.Value!.Number, created.Value.Status, created.Value.Total, created.Value.RemainingCredit));
        Assert.Equal(created.Value.LedgerDocumentId, found.Value!.LedgerDocumentId);
        Assert.True(found.Value.MatchesNote);
        Assert.False((await harness.Connector.FindCreditNoteAsync(harness.Connection, note with { Lines = [note.Lines[0] with { Description = "other" }] }, None)).Value!.MatchesNote);
        var line = harness.Simulator.Store.CreditMemosByNumber("CN-1001").Single()["Line"]![0]!;
        Assert.Equal(("Damaged goods", "1", "TAX"), ((string?)line["Description"], (string?)line["SalesItemLineDetail"]!["ItemRef"]!["value"], (string?)line["SalesItemLineDetail"]!["TaxCodeRef"]!["value"]));
    }

    [Fact]
    public async Task Every_call_carries_minorversion_75_and_every_write_a_requestid_of_at_most_50_characters()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();
        var note = QuickBooksAdapterHarness.Note("CN-1002");
        var longKey = new LedgerWriteKey(new string('k', 50));

        await harness.Connector.CreateCreditNoteAsync(harness.Connection, note, longKey, None);
        await harness.Connector.FindCreditNoteAsync(harness.Connection, note, None);

        var api = harness.Exchanges.Where(e => e.Path.StartsWith("/v3/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(api);
        Assert.All(api, e => Assert.Contains("minorversion=75", e.Query, StringComparison.Ordinal));
        Assert.Contains(api, e => e.Method == "POST" && e.Query.Contains("requestid=" + longKey.Value, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_credit_memo_not_in_QuickBooks_reads_back_as_null()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();

        var found = await harness.Connector.FindCreditNoteAsync(harness.Connection, QuickBooksAdapterHarness.Note("CN-404"), None);

        Assert.True(found.Succeeded);
        Assert.Null(found.Value);
    }

    [Fact]
    public async Task A_contact_without_a_customer_becomes_one_customer_remembered_for_the_next_note()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();

        var first = await harness.Connector.CreateCreditNoteAsync(harness.Connection, QuickBooksAdapterHarness.Note("CN-1003", contactId: "cust-9", contactName: "New Cafe"), QuickBooksAdapterHarness.Key("CN-1003"), None);
        var queries = harness.Operation("GET /query");
        var second = await harness.Connector.CreateCreditNoteAsync(harness.Connection, QuickBooksAdapterHarness.Note("CN-1004", contactId: "cust-9", contactName: "New Cafe"), QuickBooksAdapterHarness.Key("CN-1004"), None);

        Assert.True(first.Succeeded && second.Succeeded);
        Assert.Single(harness.Simulator.Store.Entities(harness.RealmId, "Customer"), c => (string?)c["DisplayName"] == "New Cafe");
        Assert.Equal(queries, harness.Operation("GET /query"));
    }

    [Fact]
    public async Task A_create_committed_then_dropped_is_Ambiguous_then_read_back_and_a_retry_under_the_key_make_no_duplicate()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();
        var note = QuickBooksAdapterHarness.Note("CN-2001");
        harness.Simulator.Faults.CommitThenDropNext(method: "POST", pathContains: "/creditmemo");

        var first = await harness.Connector.CreateCreditNoteAsync(harness.Connection, note, QuickBooksAdapterHarness.Key("CN-2001"), None);
        var found = await harness.Connector.FindCreditNoteAsync(harness.Connection, note, None);
        var retried = await harness.Connector.CreateCreditNoteAsync(harness.Connection, note, QuickBooksAdapterHarness.Key("CN-2001"), None);

        Assert.Equal(LedgerFailureKind.Ambiguous, first.Failure!.Kind);
        Assert.NotNull(found.Value);
        Assert.Equal(found.Value!.LedgerDocumentId, retried.Value!.LedgerDocumentId);
        Assert.Equal(1, harness.StoredMemos("CN-2001"));
        Assert.Equal(1, harness.Simulator.Counters.Snapshot().RequestIdReplays);
    }

    [Theory]
    [InlineData("SystemFault", "10000", LedgerFailureKind.Transient)]
    [InlineData("ValidationFault", "6000", LedgerFailureKind.Validation)]
    public async Task A_fault_inside_an_HTTP_200_is_a_failure_not_a_success(string type, string code, LedgerFailureKind expected)
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();
        var note = QuickBooksAdapterHarness.Note("CN-2002");
        harness.Simulator.Faults.FaultInOkNext(type, code, "A business validation error has occurred while processing your request", method: "POST", pathContains: "/creditmemo");

        var result = await harness.Connector.CreateCreditNoteAsync(harness.Connection, note, QuickBooksAdapterHarness.Key("CN-2002"), None);

        Assert.Equal((expected, 200), (result.Failure!.Kind, result.Failure.HttpStatus));
        Assert.Contains($"code {code}", result.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, harness.StoredMemos("CN-2002"));
    }

    [Fact]
    public async Task A_payable_credit_note_is_refused_without_a_call()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();

        var result = await harness.Connector.CreateCreditNoteAsync(harness.Connection, QuickBooksAdapterHarness.Note("CN-2003", kind: CreditNoteKind.Payable), QuickBooksAdapterHarness.Key("CN-2003"), None);

        Assert.Equal(LedgerFailureKind.Validation, result.Failure!.Kind);
        Assert.Equal(0, harness.Simulator.Counters.Snapshot().ApiCalls);
    }

    [Fact]
    public async Task An_update_meeting_a_stale_SyncToken_reads_again_and_retries_once_under_a_new_requestid()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();
        var note = QuickBooksAdapterHarness.Note("CN-3001");
        var id = (await harness.Connector.CreateCreditNoteAsync(harness.Connection, note, QuickBooksAdapterHarness.Key("CN-3001"), None)).Value!.LedgerDocumentId;
        EditWhileTheWriteIsOnItsWay(harness, id, times: 1);

        var updated = await harness.Connector.UpdateCreditNoteAsync(harness.Connection, id, note with { Lines = [note.Lines[0] with { Description = "Amended" }] }, QuickBooksAdapterHarness.Key("CN-3001", "update"), None);

        Assert.True(updated.Succeeded, updated.Failure?.Message);
        var stored = harness.Simulator.Store.CreditMemosByNumber("CN-3001").Single();
        Assert.Equal(("Amended", "2"), ((string?)stored["Line"]![0]!["Description"], (string?)stored["SyncToken"]));
        Assert.Equal(2, harness.Operation("GET /creditmemo/{id}"));
        var writes = harness.Exchanges.Where(e => e.Method == "POST" && e.Path.EndsWith("/creditmemo", StringComparison.Ordinal) && e.Query.Contains("update", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, writes.Count);
        Assert.NotEqual(writes[0].Query, writes[1].Query);
    }

    [Fact]
    public async Task A_second_stale_SyncToken_is_returned_as_a_failure_after_one_retry()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();
        var note = QuickBooksAdapterHarness.Note("CN-3002");
        var id = (await harness.Connector.CreateCreditNoteAsync(harness.Connection, note, QuickBooksAdapterHarness.Key("CN-3002"), None)).Value!.LedgerDocumentId;
        EditWhileTheWriteIsOnItsWay(harness, id, times: 2);

        var updated = await harness.Connector.UpdateCreditNoteAsync(harness.Connection, id, note, QuickBooksAdapterHarness.Key("CN-3002", "update"), None);

        Assert.Equal(LedgerFailureKind.Validation, updated.Failure!.Kind);
        Assert.Contains("Stale Object", updated.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(2, harness.Operation("GET /creditmemo/{id}"));
    }

    [Fact]
    public async Task Voiding_deletes_the_memo_and_a_second_void_finds_it_gone()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();
        var note = QuickBooksAdapterHarness.Note("CN-4001");
        var id = (await harness.Connector.CreateCreditNoteAsync(harness.Connection, note, QuickBooksAdapterHarness.Key("CN-4001"), None)).Value!.LedgerDocumentId;

        var voided = await harness.Connector.VoidCreditNoteAsync(harness.Connection, id, QuickBooksAdapterHarness.Key("CN-4001", "void"), None);
        var again = await harness.Connector.VoidCreditNoteAsync(harness.Connection, id, new("other-key"), None);

        Assert.True(voided.Succeeded && again.Succeeded);
        Assert.Null((await harness.Connector.FindCreditNoteAsync(harness.Connection, note, None)).Value);
    }

    [Fact]
    public async Task Creates_go_in_one_batch_call_and_one_bad_item_fails_alone()
    {
        await using var harness = await QuickBooksAdapterHarness.StartAsync();
        harness.Simulator.Control.SetBookCloseDate(harness.RealmId, new DateOnly(2026, 10, 31));
        var items = new[] { ("CN-5001", new DateOnly(2026, 11, 20)), ("CN-5002", new DateOnly(2026, 10, 1)), ("CN-5003", new DateOnly(2026, 11, 21)) }
            .Select(i => (QuickBooksAdapterHarness.Note(i.Item1, date: i.Item2), QuickBooksAdapterHarness.Key(i.Item1)))
            .ToList();

        var results = await harness.Connector.CreateCreditNotesAsync(harness.Connection, items, None);

        Assert.Equal([true, false, true], results.Select(r => r.Succeeded));
        Assert.Equal((LedgerFailureKind.PeriodLocked, new DateOnly(2026, 11, 1)), (results[1].Failure!.Kind, results[1].Failure!.FirstOpenDay));
        Assert.Equal(1, harness.Operation("POST /batch"));
        Assert.Equal(0, harness.Operation("POST /creditmemo"));
        Assert.Equal(10, harness.Connector.Capabilities.MaxCreateBatch);
    }

    /// <summary>Holds the adapter's next update/delete POSTs on the simulator's clock while "another app" edits the memo, <paramref name="times"/> times.</summary>
    private static void EditWhileTheWriteIsOnItsWay(QuickBooksAdapterHarness harness, string id, int times)
    {
        var edits = 0;
        harness.Simulator.Faults.Applied += rule =>
        {
            if (Interlocked.Increment(ref edits) <= times)
            {
                harness.Simulator.Control.Touch(harness.RealmId, "creditmemo", id);
                harness.Time.Advance(TimeSpan.FromMilliseconds(10));
            }
        };
        harness.Simulator.Faults.DelayNext(TimeSpan.FromMilliseconds(10), count: times, method: "POST", pathContains: "requestid=t1");
    }
}
