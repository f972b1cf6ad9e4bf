using System.Net;
using System.Text.Json;

namespace CreditFunctions.IntegrationTests.LedgerSimulators.Xero;

public sealed class XeroCreditNotesTests
{
    [Fact]
    public async Task Put_creates_an_authorised_credit_note_with_totals_computed_from_its_lines()
    {
        await using var xero = await XeroHarness.StartAsync();

        var note = await xero.CreateCreditNoteAsync("CN-100", 200m);

        Assert.Equal("AUTHORISED", note.GetProperty("Status").GetString());
        Assert.Equal(200m, note.GetProperty("SubTotal").GetDecimal());
        Assert.Equal(20m, note.GetProperty("TotalTax").GetDecimal());
        Assert.Equal(220m, note.GetProperty("Total").GetDecimal());
        Assert.Equal(220m, note.GetProperty("RemainingCredit").GetDecimal());
        Assert.StartsWith("/Date(", note.GetProperty("Date").GetString(), StringComparison.Ordinal);
        Assert.True(Guid.TryParse(note.GetProperty("CreditNoteID").GetString(), out _));
    }

    [Fact]
    public async Task Every_response_carries_a_correlation_id()
    {
        await using var xero = await XeroHarness.StartAsync();

        var response = await xero.SendAsync(HttpMethod.Get, "CreditNotes");

        Assert.True(Guid.TryParse(response.Headers.GetValues("Xero-Correlation-Id").Single(), out _));
    }

    [Fact]
    public async Task Get_by_id_and_by_number_return_the_stored_credit_note()
    {
        await using var xero = await XeroHarness.StartAsync();
        var created = await xero.CreateCreditNoteAsync("CN-7");
        var id = created.GetProperty("CreditNoteID").GetString();

        var (byId, byIdBody) = await xero.CallAsync(HttpMethod.Get, "CreditNotes/" + id);
        var (byNumber, byNumberBody) = await xero.CallAsync(HttpMethod.Get, "CreditNotes?where=" + Uri.EscapeDataString("CreditNoteNumber==\"CN-7\""));

        Assert.Equal(HttpStatusCode.OK, byId.StatusCode);
        Assert.Equal("CN-7", byIdBody.GetProperty("CreditNotes")[0].GetProperty("CreditNoteNumber").GetString());
        Assert.Equal(HttpStatusCode.OK, byNumber.StatusCode);
        Assert.Equal(id, Assert.Single(byNumberBody.GetProperty("CreditNotes").EnumerateArray()).GetProperty("CreditNoteID").GetString());
    }

    [Fact]
    public async Task The_control_endpoint_lists_stored_credit_notes_by_number_in_xero_wire_format()
    {
        await using var xero = await XeroHarness.StartAsync();
        await xero.CreateCreditNoteAsync("CN-55", 50m);

        var response = await xero.Http.GetAsync(new Uri("_sim/credit-notes?number=CN-55", UriKind.Relative));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var note = Assert.Single(body.EnumerateArray());
        Assert.Equal("CN-55", note.GetProperty("CreditNoteNumber").GetString());
        Assert.Equal(55m, note.GetProperty("Total").GetDecimal());
        Assert.Single(xero.Simulator.Store.CreditNotesByNumber("CN-55"));
        Assert.Equal("[]", await (await xero.Http.GetAsync(new Uri("_sim/credit-notes?number=CN-56", UriKind.Relative))).Content.ReadAsStringAsync());
    }
}
