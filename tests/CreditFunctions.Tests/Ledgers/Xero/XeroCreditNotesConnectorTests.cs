using System.Net;
using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.Xero;

namespace CreditFunctions.Tests.Ledgers.Xero;

/// <summary>The adapter's decisions over scripted Xero answers; the simulator-backed tests cover the full behaviour.</summary>
public sealed class XeroCreditNotesConnectorTests
{
    private const string Contact = """{"Contacts":[{"ContactID":"contact-1","ContactNumber":"CUST-1","ContactStatus":"ACTIVE"}]}""";
    private static readonly LedgerWriteKey Key = new("t1:demo-xero:doc-CN-1001:create:v1");

    [Fact]
    public async Task The_capabilities_state_an_idempotency_key_of_128_updatable_approved_notes_and_batches_of_50()
    {
        var stack = await XeroTestStack.CreateAsync(_ => new HttpResponseMessage(HttpStatusCode.NotFound));

        Assert.Equal(new LedgerCapabilities(true, true, 128) { MaxCreateBatch = 50 }, stack.Connector.Capabilities);
        Assert.Equal(LedgerKind.Xero, stack.Connector.Ledger);
    }

    [Fact]
    public async Task A_taken_number_holding_this_same_credit_note_is_returned_as_created()
    {
        var stack = await XeroTestStack.CreateAsync(r => (r.Method.Method, r.Uri.AbsolutePath) switch
        {
            ("GET", var p) when p.EndsWith("/Contacts", StringComparison.Ordinal) => Ok(Contact),
            ("PUT", _) => Ok("""{"CreditNotes":[{"CreditNoteNumber":"CN-1001","HasErrors":true,"ValidationErrors":[{"Message":"Credit Note # must be unique."}]}]}"""),
            ("GET", _) => Ok("""{"CreditNotes":[{"CreditNoteID":"cn-1","CreditNoteNumber":"CN-1001","Type":"ACCRECCREDIT","Status":"AUTHORISED","CurrencyCode":"AUD","Total":110,"RemainingCredit":110}]}"""),
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        });

        var result = await stack.Connector.CreateCreditNoteAsync(XeroTestStack.Connection, XeroSamples.Note(), Key, CancellationToken.None);

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal("cn-1", result.Value!.LedgerDocumentId);
        Assert.Single(stack.ApiRequests, r => r.Method == HttpMethod.Put);
    }

    [Fact]
    public async Task A_taken_number_holding_a_different_document_is_a_validation_failure()
    {
        var stack = await XeroTestStack.CreateAsync(r => (r.Method.Method, r.Uri.AbsolutePath) switch
        {
            ("GET", var p) when p.EndsWith("/Contacts", StringComparison.Ordinal) => Ok(Contact),
            ("PUT", _) => Ok("""{"CreditNotes":[{"ValidationErrors":[{"Message":"Credit Note # must be unique."}]}]}"""),
            _ => Ok("""{"CreditNotes":[{"CreditNoteID":"cn-9","CreditNoteNumber":"CN-1001","Type":"ACCRECCREDIT","Status":"AUTHORISED","Total":999}]}"""),
        });

        var result = await stack.Connector.CreateCreditNoteAsync(XeroTestStack.Connection, XeroSamples.Note(), Key, CancellationToken.None);

        Assert.Equal(LedgerFailureKind.Validation, result.Failure!.Kind);
        Assert.Contains("different content", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lock_date_rejection_is_PeriodLocked_with_the_first_open_day()
    {
        var stack = await XeroTestStack.CreateAsync(r => (r.Method.Method, r.Uri.AbsolutePath) switch
        {
            ("GET", var p) when p.EndsWith("/Contacts", StringComparison.Ordinal) => Ok(Contact),
            ("GET", var p) when p.EndsWith("/Organisation", StringComparison.Ordinal) => Ok("""{"Organisations":[{"Name":"Demo","PeriodLockDate":"/Date(1764460800000+0000)/","EndOfYearLockDate":"2026-06-30"}]}"""),
            _ => ScriptedHttpHandler.Json(HttpStatusCode.BadRequest, """{"ErrorNumber":10,"Type":"ValidationException","Message":"A validation exception occurred","Elements":[{"ValidationErrors":[{"Message":"The document date cannot be before the period lock date of 30-Nov-2025."}]}]}"""),
        });

        var result = await stack.Connector.CreateCreditNoteAsync(XeroTestStack.Connection, XeroSamples.Note() with { Date = new DateOnly(2025, 11, 1) }, Key, CancellationToken.None);

        Assert.Equal(LedgerFailureKind.PeriodLocked, result.Failure!.Kind);
        Assert.Equal(new DateOnly(2026, 7, 1), result.Failure.FirstOpenDay);
        Assert.Contains("First open day: 2026-07-01", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Allocation_waits_until_the_invoice_is_in_the_ledger()
    {
        var stack = await XeroTestStack.CreateAsync(_ => Ok("""{"Invoices":[]}"""));

        var result = await stack.Connector.AllocateAsync(XeroTestStack.Connection, "cn-1", XeroSamples.Note(), new AllocationRequest("INV-1", 50m, new DateOnly(2026, 11, 20)), Key, CancellationToken.None);

        Assert.Equal(LedgerFailureKind.NotFound, result.Failure!.Kind);
        Assert.DoesNotContain(stack.ApiRequests, r => r.Method == HttpMethod.Put);
    }

    [Fact]
    public async Task An_allocation_is_removed_by_deleting_it_by_id()
    {
        var stack = await XeroTestStack.CreateAsync(_ => Ok("""{"AllocationID":"alloc-1","Amount":50,"IsDeleted":true}"""));

        var result = await stack.Connector.UnallocateAsync(XeroTestStack.Connection, "cn-1", XeroSamples.Note(), Posted("alloc-1"), Key, CancellationToken.None);

        Assert.Equal(Posted("alloc-1"), result.Value);
        var delete = Assert.Single(stack.ApiRequests);
        Assert.Equal((HttpMethod.Delete, "/api.xro/2.0/CreditNotes/cn-1/Allocations/alloc-1"), (delete.Method, delete.Uri.AbsolutePath));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task A_removal_answered_404_succeeds_only_when_the_document_no_longer_has_the_allocation(bool deletedInLedger, bool succeeds)
    {
        var readBack = $$"""{"CreditNotes":[{"CreditNoteID":"cn-1","CreditNoteNumber":"CN-1001","Allocations":[{"AllocationID":"alloc-1","Amount":50,"IsDeleted":{{(deletedInLedger ? "true" : "false")}}}]}]}""";
        var stack = await XeroTestStack.CreateAsync(r => r.Method == HttpMethod.Delete ? new HttpResponseMessage(HttpStatusCode.NotFound) : Ok(readBack));

        var result = await stack.Connector.UnallocateAsync(XeroTestStack.Connection, "cn-1", XeroSamples.Note(), Posted("alloc-1"), Key, CancellationToken.None);

        Assert.Equal(succeeds, result.Succeeded);
        Assert.Equal(succeeds ? null : LedgerFailureKind.NotFound, result.Failure?.Kind);
    }

    [Fact]
    public async Task A_removal_without_the_ledgers_id_finds_it_on_the_document_by_invoice_and_amount()
    {
        var stack = await XeroTestStack.CreateAsync(r => r.Method == HttpMethod.Delete
            ? Ok("""{"AllocationID":"alloc-7","IsDeleted":true}""")
            : Ok("""{"CreditNotes":[{"CreditNoteID":"cn-1","CreditNoteNumber":"CN-1001","Allocations":[{"AllocationID":"alloc-6","Amount":20,"Invoice":{"InvoiceNumber":"INV-1"}},{"AllocationID":"alloc-7","Amount":50,"Invoice":{"InvoiceNumber":"INV-1"}}]}]}"""));

        var result = await stack.Connector.UnallocateAsync(XeroTestStack.Connection, "cn-1", XeroSamples.Note(), Posted(null), Key, CancellationToken.None);

        Assert.Equal("alloc-7", result.Value!.AllocationId);
        Assert.Equal("/api.xro/2.0/CreditNotes/cn-1/Allocations/alloc-7", Assert.Single(stack.ApiRequests, r => r.Method == HttpMethod.Delete).Uri.AbsolutePath);
    }

    [Fact]
    public async Task An_allocation_goes_to_the_invoice_id_found_by_number()
    {
        var stack = await XeroTestStack.CreateAsync(r => r.Method == HttpMethod.Get
            ? Ok("""{"Invoices":[{"InvoiceID":"inv-guid","InvoiceNumber":"INV-1","Status":"AUTHORISED","AmountDue":200}]}""")
            : Ok("""{"Allocations":[{"AllocationID":"alloc-1","Amount":50,"Date":"2026-11-20","Invoice":{"InvoiceID":"inv-guid"}}]}"""));

        var result = await stack.Connector.AllocateAsync(XeroTestStack.Connection, "cn-1", XeroSamples.Note(), new AllocationRequest("INV-1", 50m, new DateOnly(2026, 11, 20)), Key, CancellationToken.None);

        Assert.Equal(new LedgerAllocation("alloc-1", "INV-1", 50m, new DateOnly(2026, 11, 20)), result.Value);
        var put = Assert.Single(stack.ApiRequests, r => r.Method == HttpMethod.Put);
        Assert.Equal("/api.xro/2.0/CreditNotes/cn-1/Allocations", put.Uri.AbsolutePath);
        Assert.Contains("\"InvoiceID\":\"inv-guid\"", put.Body, StringComparison.Ordinal);
        Assert.Equal(Key.Value, put.Header("Idempotency-Key"));
    }

    [Fact]
    public async Task A_known_contact_costs_no_lookup()
    {
        var stack = await XeroTestStack.CreateAsync(_ => Ok("""{"CreditNotes":[{"CreditNoteID":"cn-1","CreditNoteNumber":"CN-1001","Status":"AUTHORISED","Total":110}]}"""));
        await stack.Contacts.SaveAsync("demo-xero", "CUST-1", "contact-1", CancellationToken.None);

        var result = await stack.Connector.CreateCreditNoteAsync(XeroTestStack.Connection, XeroSamples.Note(), Key, CancellationToken.None);

        Assert.True(result.Succeeded);
        var only = Assert.Single(stack.ApiRequests);
        Assert.Contains("\"ContactID\":\"contact-1\"", only.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_contact_is_created_with_its_order_system_id_as_ContactNumber_and_remembered()
    {
        var stack = await XeroTestStack.CreateAsync(r => (r.Method.Method, r.Uri.AbsolutePath) switch
        {
            ("GET", var p) when p.EndsWith("/Contacts", StringComparison.Ordinal) => Ok("""{"Contacts":[]}"""),
            ("PUT", var p) when p.EndsWith("/Contacts", StringComparison.Ordinal) => Ok("""{"Contacts":[{"ContactID":"contact-new","ContactNumber":"CUST-1"}]}"""),
            _ => Ok("""{"CreditNotes":[{"CreditNoteID":"cn-1","CreditNoteNumber":"CN-1001","Status":"AUTHORISED","Total":110}]}"""),
        });

        await stack.Connector.CreateCreditNoteAsync(XeroTestStack.Connection, XeroSamples.Note(), Key, CancellationToken.None);

        var create = Assert.Single(stack.ApiRequests, r => r.Method == HttpMethod.Put && r.Uri.AbsolutePath.EndsWith("/Contacts", StringComparison.Ordinal));
        Assert.Contains("\"ContactNumber\":\"CUST-1\"", create.Body, StringComparison.Ordinal);
        Assert.Equal(XeroIdempotencyKey.ForContact(XeroTestStack.Connection, "CUST-1"), create.Header("Idempotency-Key"));
        Assert.Equal("contact-new", await stack.Contacts.FindAsync("demo-xero", "CUST-1", CancellationToken.None));
    }

    [Fact]
    public async Task A_batch_puts_up_to_the_batch_size_per_call_and_fails_only_the_bad_element()
    {
        var stack = await XeroTestStack.CreateAsync(r => r.Method == HttpMethod.Get
            ? Ok(Contact)
            : Ok("""{"CreditNotes":[{"CreditNoteID":"a","CreditNoteNumber":"CN-1","Status":"AUTHORISED","Total":110},{"CreditNoteNumber":"CN-2","ValidationErrors":[{"Message":"Account code '999' is not a valid code for this document."}]}]}"""));
        var items = new[] { (XeroSamples.Note("CN-1"), new LedgerWriteKey("k1")), (XeroSamples.Note("CN-2"), new LedgerWriteKey("k2")) };

        var results = await stack.Connector.CreateCreditNotesAsync(XeroTestStack.Connection, items, CancellationToken.None);

        Assert.True(results[0].Succeeded);
        Assert.Equal(LedgerFailureKind.Validation, results[1].Failure!.Kind);
        var put = Assert.Single(stack.ApiRequests, r => r.Method == HttpMethod.Put);
        Assert.Equal(XeroIdempotencyKey.ForBatch([new LedgerWriteKey("k1"), new LedgerWriteKey("k2")]), put.Header("Idempotency-Key"));
    }

    private static HttpResponseMessage Ok(string json) => ScriptedHttpHandler.Json(HttpStatusCode.OK, json);

    private static LedgerAllocation Posted(string? id) => new(id, "INV-1", 50m, new DateOnly(2026, 11, 20));
}
