using System.Net;
using System.Text.Json;

namespace CreditFunctions.IntegrationTests.LedgerSimulators.Xero;

/// <summary>X1, X2, X4, X19, D2: batches, summarizeErrors, uniqueness, paging, If-Modified-Since, lifecycle.</summary>
public sealed class XeroCreditNoteLifecycleTests
{
    [Fact]
    public async Task With_summarizeErrors_false_a_batch_answers_200_with_created_and_failed_elements()
    {
        await using var xero = await XeroHarness.StartAsync();
        await xero.CreateCreditNoteAsync("CN-1");

        var (response, body) = await xero.CallAsync(HttpMethod.Put, "CreditNotes?summarizeErrors=false",
            new { CreditNotes = new[] { xero.CreditNote("CN-2"), xero.CreditNote("CN-1"), xero.CreditNote("CN-3") } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var notes = body.GetProperty("CreditNotes").EnumerateArray().ToList();
        Assert.Equal(3, notes.Count);
        Assert.False(notes[0].GetProperty("HasErrors").GetBoolean());
        Assert.True(notes[1].GetProperty("HasErrors").GetBoolean());
        Assert.Equal("Credit Note # must be unique.", notes[1].GetProperty("ValidationErrors")[0].GetProperty("Message").GetString());
        Assert.True(Guid.TryParse(notes[2].GetProperty("CreditNoteID").GetString(), out _));
    }

    [Fact]
    public async Task By_default_one_bad_element_fails_the_call_with_400_but_the_good_ones_are_created()
    {
        await using var xero = await XeroHarness.StartAsync();
        await xero.CreateCreditNoteAsync("CN-1");

        var (response, body) = await xero.CallAsync(HttpMethod.Put, "CreditNotes", new { CreditNotes = new[] { xero.CreditNote("CN-1"), xero.CreditNote("CN-2") } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(10, body.GetProperty("ErrorNumber").GetInt32());
        Assert.Equal("ValidationException", body.GetProperty("Type").GetString());
        Assert.Equal("A validation exception occurred", body.GetProperty("Message").GetString());
        Assert.Equal("Credit Note # must be unique.", body.GetProperty("Elements")[0].GetProperty("ValidationErrors")[0].GetProperty("Message").GetString());
        Assert.Single(xero.Simulator.Store.CreditNotesByNumber("CN-2"));
    }

    [Fact]
    public async Task A_batch_of_fifty_is_created_in_one_call_and_read_back_in_pages_of_100()
    {
        await using var xero = await XeroHarness.StartAsync();
        for (var batch = 0; batch < 3; batch++)
        {
            var notes = Enumerable.Range(batch * 50, 50).Select(i => xero.CreditNote($"CN-{i:000}", 10m)).ToArray();
            var (created, _) = await xero.CallAsync(HttpMethod.Put, "CreditNotes?summarizeErrors=false", new { CreditNotes = notes });
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }

        var (page1, first) = await xero.CallAsync(HttpMethod.Get, "CreditNotes?page=1");
        var (_, second) = await xero.CallAsync(HttpMethod.Get, "CreditNotes?page=2");

        Assert.Equal(HttpStatusCode.OK, page1.StatusCode);
        Assert.Equal(100, first.GetProperty("CreditNotes").GetArrayLength());
        Assert.Equal(50, second.GetProperty("CreditNotes").GetArrayLength());
        Assert.Equal(150, second.GetProperty("pagination").GetProperty("itemCount").GetInt32());
    }

    [Fact]
    public async Task If_Modified_Since_returns_only_credit_notes_changed_since_then()
    {
        await using var xero = await XeroHarness.StartAsync();
        await xero.CreateCreditNoteAsync("CN-OLD");
        xero.Time.Advance(TimeSpan.FromMinutes(10));
        var since = xero.Time.GetUtcNow();
        await xero.CreateCreditNoteAsync("CN-NEW");

        using var request = xero.Request(HttpMethod.Get, "CreditNotes");
        request.Headers.IfModifiedSince = since;
        var body = JsonDocument.Parse(await (await xero.Http.SendAsync(request)).Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("CN-NEW", Assert.Single(body.GetProperty("CreditNotes").EnumerateArray()).GetProperty("CreditNoteNumber").GetString());
    }

    [Fact]
    public async Task Inclusive_lines_split_the_tax_out_of_the_line_amount()
    {
        await using var xero = await XeroHarness.StartAsync();
        var note = new
        {
            Type = "ACCRECCREDIT",
            Status = "AUTHORISED",
            LineAmountTypes = "Inclusive",
            Contact = new { ContactNumber = "CUST-1" },
            LineItems = new[] { new { Description = "x", Quantity = 1m, UnitAmount = 110m, AccountCode = "200", TaxType = "OUTPUT" } },
        };

        var (_, body) = await xero.CallAsync(HttpMethod.Put, "CreditNotes", new { CreditNotes = new[] { note } });
        var created = body.GetProperty("CreditNotes")[0];

        Assert.Equal(100m, created.GetProperty("SubTotal").GetDecimal());
        Assert.Equal(10m, created.GetProperty("TotalTax").GetDecimal());
        Assert.Equal(110m, created.GetProperty("Total").GetDecimal());
        Assert.Equal("CN-0001", created.GetProperty("CreditNoteNumber").GetString());
        Assert.Equal(xero.ContactId.ToString(), created.GetProperty("Contact").GetProperty("ContactID").GetString());
    }

    [Fact]
    public async Task An_authorised_credit_note_is_voided_but_not_deleted_and_a_draft_is_deleted_but_not_voided()
    {
        await using var xero = await XeroHarness.StartAsync();
        var authorised = (await xero.CreateCreditNoteAsync("CN-A")).GetProperty("CreditNoteID").GetString();
        var draft = (await xero.CreateCreditNoteAsync("CN-D", status: "DRAFT")).GetProperty("CreditNoteID").GetString();

        var (deleteAuthorised, deleteAuthorisedBody) = await xero.CallAsync(HttpMethod.Post, "CreditNotes/" + authorised, new { CreditNotes = new[] { new { Status = "DELETED" } } });
        var (voidDraft, _) = await xero.CallAsync(HttpMethod.Post, "CreditNotes/" + draft, new { CreditNotes = new[] { new { Status = "VOIDED" } } });
        var (voided, voidedBody) = await xero.CallAsync(HttpMethod.Post, "CreditNotes/" + authorised, new { CreditNotes = new[] { new { CreditNoteID = authorised, Status = "VOIDED" } } });
        var (deleted, _) = await xero.CallAsync(HttpMethod.Post, "CreditNotes", new { CreditNotes = new[] { new { CreditNoteID = draft, Status = "DELETED" } } });
        var (editVoided, editVoidedBody) = await xero.CallAsync(HttpMethod.Post, "CreditNotes/" + authorised, new { CreditNotes = new[] { new { Reference = "late" } } });

        Assert.Equal(HttpStatusCode.BadRequest, deleteAuthorised.StatusCode);
        Assert.Equal("Credit Note not of valid status for modification", deleteAuthorisedBody.GetProperty("Elements")[0].GetProperty("ValidationErrors")[0].GetProperty("Message").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, voidDraft.StatusCode);
        Assert.Equal(HttpStatusCode.OK, voided.StatusCode);
        Assert.Equal("VOIDED", voidedBody.GetProperty("CreditNotes")[0].GetProperty("Status").GetString());
        Assert.Equal(0m, voidedBody.GetProperty("CreditNotes")[0].GetProperty("RemainingCredit").GetDecimal());
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, editVoided.StatusCode);
        Assert.Contains("not of valid status", editVoidedBody.GetProperty("Elements")[0].GetProperty("ValidationErrors")[0].GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_updates_lines_and_recomputes_totals_of_an_unallocated_credit_note()
    {
        await using var xero = await XeroHarness.StartAsync();
        var id = (await xero.CreateCreditNoteAsync("CN-U", 100m)).GetProperty("CreditNoteID").GetString();

        var (response, body) = await xero.CallAsync(HttpMethod.Post, "CreditNotes/" + id, new { CreditNotes = new[] { xero.CreditNote("CN-U", 300m) } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(330m, body.GetProperty("CreditNotes")[0].GetProperty("Total").GetDecimal());
        Assert.Equal(330m, body.GetProperty("CreditNotes")[0].GetProperty("RemainingCredit").GetDecimal());
        Assert.Single(xero.Simulator.Store.CreditNotesByNumber("CN-U"));
    }

    [Fact]
    public async Task Unknown_ids_answer_404()
    {
        await using var xero = await XeroHarness.StartAsync();

        var (response, _) = await xero.CallAsync(HttpMethod.Get, "CreditNotes/" + Guid.NewGuid());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
