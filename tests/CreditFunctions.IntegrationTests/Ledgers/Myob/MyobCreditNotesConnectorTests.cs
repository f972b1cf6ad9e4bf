using System.Net.Http.Headers;
using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.Myob;
using Microsoft.Extensions.DependencyInjection;
using Sim = CreditFunctions.LedgerSimulators.Myob;

namespace CreditFunctions.IntegrationTests.Ledgers.Myob;

/// <summary>The MYOB adapter against the simulator over real HTTP: every rule of issue 11's "Adapter" list.</summary>
public sealed class MyobCreditNotesConnectorTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_receivable_credit_note_becomes_a_single_sign_negative_service_sale_with_its_lines_accounts_and_tax_codes()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();

        var result = await myob.Connector.CreateCreditNoteAsync(myob.Connection, MyobAdapterHarness.Note("CN-1"), MyobAdapterHarness.Key("CN-1"), None);
        var stored = Assert.Single(myob.Simulator.Store.CreditNotesByNumber("CN-1", myob.FileId));
        var line = stored["Lines"]![0]!;

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(220m, result.Value!.Total);
        Assert.Equal(220m, result.Value.RemainingCredit);
        Assert.Equal("Credit", (string?)stored["Status"]);
        Assert.Equal(-220m, (decimal)stored["TotalAmount"]!);
        Assert.Equal("Cafe Bean", (string?)stored["Customer"]!["Name"]);
        Assert.Equal(-200m, (decimal)line["Total"]!);
        Assert.Equal("Damaged beans", (string?)line["Description"]);
        Assert.Equal("4-1100", (string?)line["Account"]!["DisplayID"]);
        Assert.Equal("GST", (string?)line["TaxCode"]!["Code"]);
        Assert.Equal("CreditFunctions doc-CN-1", (string?)stored["JournalMemo"]);
        Assert.Equal(result.Value.LedgerDocumentId, (string?)stored["UID"]);
    }

    [Fact]
    public async Task A_stored_card_mapping_MYOB_no_longer_knows_is_resolved_again_and_the_sale_posted_once()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        var mappings = myob.Process().GetRequiredService<CreditFunctions.Ledgers.Xero.IContactMappingStore>();
        var gone = Guid.NewGuid().ToString(); // e.g. cached from a company file since restored, or a card deleted in MYOB
        await mappings.SaveAsync(myob.Connection.ConnectionId, "customer:" + MyobAdapterHarness.CustomerNumber, gone, None);

        var result = await myob.Connector.CreateCreditNoteAsync(myob.Connection, MyobAdapterHarness.Note("CN-S"), MyobAdapterHarness.Key("CN-S"), None);

        Assert.True(result.Succeeded, result.Failure?.Message);
        var stored = Assert.Single(myob.Simulator.Store.CreditNotesByNumber("CN-S", myob.FileId));
        Assert.Equal(myob.CustomerId.ToString(), (string?)stored["Customer"]!["UID"]);
        Assert.Equal(myob.CustomerId.ToString(), await mappings.FindAsync(myob.Connection.ConnectionId, "customer:" + MyobAdapterHarness.CustomerNumber, None));
    }

    [Fact]
    public async Task A_payable_credit_note_becomes_a_negative_bill_of_the_supplier_settled_by_a_debit_settlement()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        myob.SeedBill("BILL-7", 500m);
        var note = MyobAdapterHarness.Note("DN-1", kind: CreditNoteKind.Payable);

        var created = await myob.Connector.CreateCreditNoteAsync(myob.Connection, note, MyobAdapterHarness.Key("DN-1"), None);
        var allocated = await myob.Connector.AllocateAsync(myob.Connection, created.Value!.LedgerDocumentId, note, new AllocationRequest("BILL-7", 100m, note.Date), MyobAdapterHarness.Key("DN-1", "allocate"), None);
        var bill = myob.Simulator.Store.Invoice(myob.FileId, "BILL-7")!;
        var debit = Assert.Single(myob.Simulator.Store.CreditNotesByNumber("DN-1", myob.FileId));

        Assert.True(allocated.Succeeded, allocated.Failure?.Message);
        Assert.Equal("Debit", (string?)debit["Status"]);
        Assert.Equal("Bean Roasters", (string?)debit["Supplier"]!["Name"]);
        Assert.Equal("5-1100", (string?)debit["Lines"]![0]!["Account"]!["DisplayID"]);
        Assert.Equal(400m, (decimal)bill["BalanceDueAmount"]!);
        Assert.Equal(1, myob.Operation("POST /Purchase/DebitSettlement"));
    }

    [Fact]
    public async Task A_create_whose_answer_is_dropped_after_commit_is_found_by_number_and_never_posted_twice()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        myob.Simulator.Faults.CommitThenDropNext(method: "POST", pathContains: "Sale/Invoice/Service");
        var note = MyobAdapterHarness.Note("CN-DROP");

        var first = await myob.Connector.CreateCreditNoteAsync(myob.Connection, note, MyobAdapterHarness.Key("CN-DROP"), None);
        var retried = await myob.Connector.CreateCreditNoteAsync(myob.Connection, note, MyobAdapterHarness.Key("CN-DROP"), None);
        var found = await myob.Connector.FindCreditNoteAsync(myob.Connection, note, None);

        Assert.True(first.Succeeded, first.Failure?.Message);
        Assert.True(retried.Succeeded, retried.Failure?.Message);
        Assert.Equal(first.Value!.LedgerDocumentId, retried.Value!.LedgerDocumentId);
        Assert.Equal(first.Value.LedgerDocumentId, found.Value!.LedgerDocumentId);
        Assert.Equal(1, myob.Stored("CN-DROP"));
        Assert.Equal(1, myob.Operation("POST /Sale/Invoice/Service"));
    }

    [Fact]
    public async Task A_504_before_commit_is_ambiguous_and_the_retry_posts_exactly_one()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        myob.Simulator.Faults.FailNext(method: "POST", pathContains: "Sale/Invoice/Service");
        var note = MyobAdapterHarness.Note("CN-504");

        var first = await myob.Connector.CreateCreditNoteAsync(myob.Connection, note, MyobAdapterHarness.Key("CN-504"), None);
        var retried = await myob.Connector.CreateCreditNoteAsync(myob.Connection, note, MyobAdapterHarness.Key("CN-504"), None);

        Assert.Equal(LedgerFailureKind.Ambiguous, first.Failure!.Kind);
        Assert.Equal(504, first.Failure.HttpStatus);
        Assert.True(retried.Succeeded, retried.Failure?.Message);
        Assert.Equal(1, myob.Stored("CN-504"));
    }

    [Fact]
    public async Task A_document_under_the_number_that_is_not_ours_is_refused_without_posting()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        await myob.Connector.CreateCreditNoteAsync(myob.Connection, MyobAdapterHarness.Note("CN-TAKEN") with { Id = "someone-else" }, MyobAdapterHarness.Key("X"), None);

        var result = await myob.Connector.CreateCreditNoteAsync(myob.Connection, MyobAdapterHarness.Note("CN-TAKEN"), MyobAdapterHarness.Key("CN-TAKEN"), None);

        Assert.Equal(LedgerFailureKind.Validation, result.Failure!.Kind);
        Assert.Contains("did not post", result.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(1, myob.Stored("CN-TAKEN"));
    }

    [Fact]
    public async Task A_mixed_sign_credit_note_is_refused_before_anything_is_posted()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        var note = MyobAdapterHarness.Note("CN-MIX", lines:
        [
            new CreditNoteLine("Returned", 1m, 300m, "200", "OUTPUT", 30m, 300m),
            new CreditNoteLine("Restocking fee", 1m, -100m, "200", "OUTPUT", -10m, -100m),
        ]);

        var result = await myob.Connector.CreateCreditNoteAsync(myob.Connection, note, MyobAdapterHarness.Key("CN-MIX"), None);

        Assert.Equal(LedgerFailureKind.Validation, result.Failure!.Kind);
        Assert.Contains("M2", result.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, myob.Operation("POST /Sale/Invoice/Service"));
    }

    [Fact]
    public async Task Allocation_settles_fully_or_partly_and_the_read_back_lists_each_settlement()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        myob.SeedInvoice("INV-1", 100m);
        myob.SeedInvoice("INV-2", 500m);
        var note = MyobAdapterHarness.Note("CN-A");
        var credit = (await myob.Connector.CreateCreditNoteAsync(myob.Connection, note, MyobAdapterHarness.Key("CN-A"), None)).Value!;

        var full = await myob.Connector.AllocateAsync(myob.Connection, credit.LedgerDocumentId, note, new AllocationRequest("INV-1", 100m, note.Date), MyobAdapterHarness.Key("CN-A", "a0"), None);
        var partial = await myob.Connector.AllocateAsync(myob.Connection, credit.LedgerDocumentId, note, new AllocationRequest("INV-2", 50m, note.Date), MyobAdapterHarness.Key("CN-A", "a1"), None);
        var found = (await myob.Connector.FindCreditNoteAsync(myob.Connection, note, None)).Value!;

        Assert.True(full.Succeeded, full.Failure?.Message);
        Assert.True(partial.Succeeded, partial.Failure?.Message);
        Assert.Equal(70m, found.RemainingCredit);
        Assert.Equal([("INV-1", 100m, full.Value!.AllocationId), ("INV-2", 50m, partial.Value!.AllocationId)], found.Allocations.Select(a => (a.InvoiceNumber, a.Amount, a.AllocationId)));
        Assert.Equal("Closed", (string?)myob.Simulator.Store.Invoice(myob.FileId, "INV-1")!["Status"]);
        Assert.Equal(450m, (decimal)myob.Simulator.Store.Invoice(myob.FileId, "INV-2")!["BalanceDueAmount"]!);
    }

    [Fact]
    public async Task Allocation_waits_while_the_invoice_is_not_in_MYOB_and_is_refused_beyond_its_balance()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        var note = MyobAdapterHarness.Note("CN-W");
        var credit = (await myob.Connector.CreateCreditNoteAsync(myob.Connection, note, MyobAdapterHarness.Key("CN-W"), None)).Value!;

        var missing = await myob.Connector.AllocateAsync(myob.Connection, credit.LedgerDocumentId, note, new AllocationRequest("INV-9", 50m, note.Date), MyobAdapterHarness.Key("CN-W", "a0"), None);
        myob.SeedInvoice("INV-9", 40m);
        var over = await myob.Connector.AllocateAsync(myob.Connection, credit.LedgerDocumentId, note, new AllocationRequest("INV-9", 50m, note.Date), MyobAdapterHarness.Key("CN-W", "a0"), None);

        Assert.Equal(LedgerFailureKind.NotFound, missing.Failure!.Kind);
        Assert.Equal(LedgerFailureKind.Validation, over.Failure!.Kind);
        Assert.Contains("AmountAppliedExceedsBalanceDue", over.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_settlement_whose_answer_is_lost_is_found_by_its_key_in_the_memo()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        myob.SeedInvoice("INV-1", 500m);
        var note = MyobAdapterHarness.Note("CN-AL");
        var credit = (await myob.Connector.CreateCreditNoteAsync(myob.Connection, note, MyobAdapterHarness.Key("CN-AL"), None)).Value!;
        myob.Simulator.Faults.CommitThenDropNext(method: "POST", pathContains: "CreditSettlement");

        var allocated = await myob.Connector.AllocateAsync(myob.Connection, credit.LedgerDocumentId, note, new AllocationRequest("INV-1", 60m, note.Date), MyobAdapterHarness.Key("CN-AL", "a0"), None);

        Assert.True(allocated.Succeeded, allocated.Failure?.Message);
        Assert.Equal((string?)Assert.Single(myob.Simulator.Store.Settlements(myob.FileId, "CN-AL"))["UID"], allocated.Value!.AllocationId);
    }

    [Fact]
    public async Task A_settled_credit_is_amended_and_voided_only_after_its_settlement_is_removed()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        myob.SeedInvoice("INV-1", 500m);
        var v1 = MyobAdapterHarness.Note("CN-AV");
        var credit = (await myob.Connector.CreateCreditNoteAsync(myob.Connection, v1, MyobAdapterHarness.Key("CN-AV"), None)).Value!;
        var id = credit.LedgerDocumentId;
        var allocation = (await myob.Connector.AllocateAsync(myob.Connection, id, v1, new AllocationRequest("INV-1", 220m, v1.Date), MyobAdapterHarness.Key("CN-AV", "a0"), None)).Value!;
        var v2 = MyobAdapterHarness.Note("CN-AV", net: 100m, version: 2, description: "Damaged beans (recounted)");

        var whileSettled = await myob.Connector.UpdateCreditNoteAsync(myob.Connection, id, v2, MyobAdapterHarness.Key("CN-AV", "u2"), None);
        var unallocated = await myob.Connector.UnallocateAsync(myob.Connection, id, v1, allocation, MyobAdapterHarness.Key("CN-AV", "x0"), None);
        var amended = await myob.Connector.UpdateCreditNoteAsync(myob.Connection, id, v2, MyobAdapterHarness.Key("CN-AV", "u2"), None);
        var reallocated = await myob.Connector.AllocateAsync(myob.Connection, id, v2, new AllocationRequest("INV-1", 110m, v2.Date), MyobAdapterHarness.Key("CN-AV", "a2"), None);
        var readBack = (await myob.Connector.FindCreditNoteAsync(myob.Connection, v2, None)).Value!;
        var voidWhileSettled = await myob.Connector.VoidCreditNoteAsync(myob.Connection, id, MyobAdapterHarness.Key("CN-AV", "void"), None);
        await myob.Connector.UnallocateAsync(myob.Connection, id, v2, reallocated.Value! with { AllocationId = null }, MyobAdapterHarness.Key("CN-AV", "x2"), None);
        var voided = await myob.Connector.VoidCreditNoteAsync(myob.Connection, id, MyobAdapterHarness.Key("CN-AV", "void"), None);
        var voidedAgain = await myob.Connector.VoidCreditNoteAsync(myob.Connection, id, MyobAdapterHarness.Key("CN-AV", "void"), None);

        Assert.Equal(LedgerFailureKind.Validation, whileSettled.Failure!.Kind);
        Assert.Contains("TransactionHasAppliedAmounts", whileSettled.Failure.Message, StringComparison.Ordinal);
        Assert.True(unallocated.Succeeded, unallocated.Failure?.Message);
        Assert.True(amended.Succeeded, amended.Failure?.Message);
        Assert.Equal(id, amended.Value!.LedgerDocumentId);
        Assert.True(reallocated.Succeeded, reallocated.Failure?.Message);
        Assert.True(readBack.MatchesNote);
        Assert.Equal(110m, readBack.Total);
        Assert.Equal(0m, readBack.RemainingCredit);
        Assert.Equal(LedgerFailureKind.Validation, voidWhileSettled.Failure!.Kind);
        Assert.True(voided.Succeeded, voided.Failure?.Message);
        Assert.True(voidedAgain.Succeeded, voidedAgain.Failure?.Message);
        Assert.Null((await myob.Connector.FindCreditNoteAsync(myob.Connection, v2, None)).Value);
        Assert.Equal(500m, (decimal)myob.Simulator.Store.Invoice(myob.FileId, "INV-1")!["BalanceDueAmount"]!);
    }

    [Fact]
    public async Task A_locked_period_is_PeriodLocked_with_the_day_after_the_lock_date_as_the_first_open_day()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        myob.Simulator.Control.SetLockPeriod(myob.FileId, new DateOnly(2026, 11, 30));

        var result = await myob.Connector.CreateCreditNoteAsync(myob.Connection, MyobAdapterHarness.Note("CN-L"), MyobAdapterHarness.Key("CN-L"), None);
        var redated = await myob.Connector.CreateCreditNoteAsync(myob.Connection, MyobAdapterHarness.Note("CN-L") with { Date = result.Failure!.FirstOpenDay!.Value }, MyobAdapterHarness.Key("CN-L", "redated"), None);

        Assert.Equal(LedgerFailureKind.PeriodLocked, result.Failure.Kind);
        Assert.Equal(new DateOnly(2026, 12, 1), result.Failure.FirstOpenDay);
        Assert.True(redated.Succeeded, redated.Failure?.Message);
    }

    [Fact]
    public async Task An_update_that_meets_a_stale_RowVersion_reads_the_record_again_and_succeeds()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        myob.SeedInvoice("INV-1", 500m);
        var v1 = MyobAdapterHarness.Note("CN-RV");
        var id = (await myob.Connector.CreateCreditNoteAsync(myob.Connection, v1, MyobAdapterHarness.Key("CN-RV"), None)).Value!.LedgerDocumentId;
        myob.Simulator.Faults.DelayNext(TimeSpan.FromSeconds(1), method: "PUT");
        using var held = new SemaphoreSlim(0);
        myob.Simulator.Faults.Applied += _ => held.Release();

        var update = myob.Connector.UpdateCreditNoteAsync(myob.Connection, id, MyobAdapterHarness.Note("CN-RV", net: 150m, version: 2), MyobAdapterHarness.Key("CN-RV", "u2"), None);
        Assert.True(await held.WaitAsync(TimeSpan.FromSeconds(10)));
        await ChangeBehindTheAdaptersBackAsync(myob, id); // a settlement made and deleted: the credit's RowVersion moves on
        myob.ManualTime.Advance(TimeSpan.FromSeconds(1));
        var result = await update;

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(165m, result.Value!.Total);
        Assert.Equal(2, myob.Operation("PUT /Sale/Invoice/Service/{uid}"));
    }

    [Fact]
    public async Task Expired_references_are_revalidated_with_If_None_Match_and_a_304_keeps_them()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        await myob.Connector.CreateCreditNoteAsync(myob.Connection, MyobAdapterHarness.Note("CN-E1"), MyobAdapterHarness.Key("CN-E1"), None);
        myob.ManualTime.Advance(TimeSpan.FromMinutes(6));

        var second = await myob.Connector.CreateCreditNoteAsync(myob.Connection, MyobAdapterHarness.Note("CN-E2"), MyobAdapterHarness.Key("CN-E2"), None);

        Assert.True(second.Succeeded, second.Failure?.Message);
        Assert.Equal(2, myob.Simulator.Counters.Snapshot().NotModified); // accounts and tax codes
    }

    [Fact]
    public async Task Notes_arriving_together_for_a_new_company_file_load_its_accounts_and_tax_codes_once()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() =>
            myob.Connector.CreateCreditNoteAsync(myob.Connection, MyobAdapterHarness.Note($"CN-T{i}"), MyobAdapterHarness.Key($"CN-T{i}"), None))));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Failure?.Message));
        Assert.Equal(1, myob.Operation("GET /GeneralLedger/Account"));
        Assert.Equal(1, myob.Operation("GET /GeneralLedger/TaxCode"));
        Assert.Equal(1, myob.Operation("GET /Contact/Customer"));
    }

    [Fact]
    public async Task A_403_RateLimitError_is_Throttled_per_second_and_DailyLimitReached_per_day()
    {
        await using var perSecond = await MyobAdapterHarness.StartAsync(o => o.RateLimits = new Sim.MyobRateLimits(1, 1_000));
        await using var daily = await MyobAdapterHarness.StartAsync(o => o.RateLimits = new Sim.MyobRateLimits(1_000, 1));
        var note = MyobAdapterHarness.Note("CN-403");

        await perSecond.Connector.FindCreditNoteAsync(perSecond.Connection, note, None);
        var throttled = await perSecond.Connector.FindCreditNoteAsync(perSecond.Connection, note, None);
        await daily.Connector.FindCreditNoteAsync(daily.Connection, note, None);
        var spent = await daily.Connector.FindCreditNoteAsync(daily.Connection, note, None);

        Assert.Equal(LedgerFailureKind.Throttled, throttled.Failure!.Kind);
        Assert.Equal(TimeSpan.FromSeconds(1), throttled.Failure.RetryAfter);
        Assert.Equal(403, throttled.Failure.HttpStatus);
        Assert.Equal(LedgerFailureKind.DailyLimitReached, spent.Failure!.Kind);
        Assert.Equal(TimeSpan.FromHours(14), spent.Failure.RetryAfter); // the manual clock reads 10:00 UTC
    }

    [Fact]
    public async Task A_cash_refund_of_a_credit_is_paid_once_under_its_key_and_never_more_than_the_credit()
    {
        await using var myob = await MyobAdapterHarness.StartAsync();
        var note = MyobAdapterHarness.Note("CN-R");
        var id = (await myob.Connector.CreateCreditNoteAsync(myob.Connection, note, MyobAdapterHarness.Key("CN-R"), None)).Value!.LedgerDocumentId;
        ILedgerConnector port = myob.Connector;

        var refunded = await port.RefundCreditAsync(myob.Connection, id, note, new CreditRefundRequest(120m, note.Date), MyobAdapterHarness.Key("CN-R", "refund"), None);
        var repeated = await port.RefundCreditAsync(myob.Connection, id, note, new CreditRefundRequest(120m, note.Date), MyobAdapterHarness.Key("CN-R", "refund"), None);
        var over = await port.RefundCreditAsync(myob.Connection, id, note, new CreditRefundRequest(100.01m, note.Date), MyobAdapterHarness.Key("CN-R", "refund2"), None);

        Assert.True(refunded.Succeeded, refunded.Failure?.Message);
        Assert.Equal(refunded.Value!.RefundId, repeated.Value!.RefundId);
        Assert.Single(myob.Simulator.Store.Refunds(myob.FileId));
        Assert.Equal(LedgerFailureKind.Validation, over.Failure!.Kind);
        Assert.Equal(-100m, (decimal)myob.Simulator.Store.Invoice(myob.FileId, "CN-R")!["BalanceDueAmount"]!);
    }

    private static async Task ChangeBehindTheAdaptersBackAsync(MyobAdapterHarness myob, string creditUid)
    {
        var tokens = myob.Simulator.Seed.Tokens(myob.Seed.ApiKey, myob.FileId);
        using var http = new HttpClient { BaseAddress = new Uri(myob.Simulator.ApiAddress!, $"{myob.FileId}/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        http.DefaultRequestHeaders.Add("x-myobapi-key", myob.Seed.ApiKey);
        http.DefaultRequestHeaders.Add("x-myobapi-version", "v2");
        var invoice = myob.Simulator.Store.Invoice(myob.FileId, "INV-1")!;
        var body = $$"""{"CreditFromInvoice":{"UID":"{{creditUid}}"},"Customer":{"UID":"{{myob.CustomerId}}"},"Date":"2026-11-20 00:00:00","CreditAmount":10,"Lines":[{"Type":"Invoice","Sale":{"UID":"{{invoice["UID"]}}"},"AmountApplied":10}]}""";
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var created = await http.PostAsync("Sale/CreditSettlement", content);
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.DeleteAsync($"Sale/CreditSettlement/{created.Headers.Location!.Segments[^1]}")).StatusCode);
    }
}
