using System.Net;
using System.Text.Json;

namespace CreditFunctions.IntegrationTests.LedgerSimulators.Xero;

/// <summary>X5, X7, X8: allocating credit to invoices, Xero's refusals, and deleting an allocation.</summary>
public sealed class XeroAllocationsTests
{
    [Fact]
    public async Task Allocating_spends_the_credit_and_the_invoice_and_marks_both_paid_when_used_up()
    {
        await using var xero = await XeroHarness.StartAsync();
        var invoiceId = xero.SeedInvoice("INV-1", 110m);
        var id = (await xero.CreateCreditNoteAsync("CN-1", 100m)).GetProperty("CreditNoteID").GetString();

        var (partial, partialBody) = await AllocateAsync(xero, id!, invoiceId, 60m);
        var (_, afterPartial) = await xero.CallAsync(HttpMethod.Get, "Invoices?InvoiceNumbers=INV-1");
        var (full, _) = await AllocateAsync(xero, id!, invoiceId, 50m);
        var (_, note) = await xero.CallAsync(HttpMethod.Get, "CreditNotes/" + id);
        var invoice = xero.Simulator.Store.Invoice(xero.TenantId, "INV-1")!;

        Assert.Equal(HttpStatusCode.OK, partial.StatusCode);
        Assert.True(Guid.TryParse(partialBody.GetProperty("Allocations")[0].GetProperty("AllocationID").GetString(), out _));
        Assert.Equal(50m, afterPartial.GetProperty("Invoices")[0].GetProperty("AmountDue").GetDecimal());
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        var stored = note.GetProperty("CreditNotes")[0];
        Assert.Equal("PAID", stored.GetProperty("Status").GetString());
        Assert.Equal(0m, stored.GetProperty("RemainingCredit").GetDecimal());
        Assert.Equal(2, stored.GetProperty("Allocations").GetArrayLength());
        Assert.Equal("PAID", invoice["Status"]!.GetValue<string>());
        Assert.Equal(0m, invoice["AmountDue"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task An_amount_above_what_is_outstanding_is_refused()
    {
        await using var xero = await XeroHarness.StartAsync();
        var invoiceId = xero.SeedInvoice("INV-1", 50m);
        var id = (await xero.CreateCreditNoteAsync("CN-1", 100m)).GetProperty("CreditNoteID").GetString();

        var (response, body) = await AllocateAsync(xero, id!, invoiceId, 60m);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Credit Note cannot be allocated as amount is greater than amount outstanding", Message(body));
    }

    [Fact]
    public async Task An_invoice_already_paid_off_is_refused()
    {
        await using var xero = await XeroHarness.StartAsync();
        var invoiceId = xero.SeedInvoice("INV-1", 50m, status: "PAID");
        var id = (await xero.CreateCreditNoteAsync("CN-1")).GetProperty("CreditNoteID").GetString();

        var (_, body) = await AllocateAsync(xero, id!, invoiceId, 10m);

        Assert.Equal("The invoice you are trying to allocate to has already been paid off", Message(body));
    }

    [Fact]
    public async Task A_sales_credit_cannot_go_to_a_bill()
    {
        await using var xero = await XeroHarness.StartAsync();
        var billId = xero.SeedInvoice("BILL-1", 50m, type: "ACCPAY");
        var id = (await xero.CreateCreditNoteAsync("CN-1")).GetProperty("CreditNoteID").GetString();

        var (_, body) = await AllocateAsync(xero, id!, billId, 10m);

        Assert.Equal("Credit Note cannot be allocated to an incorrect invoice type", Message(body));
    }

    [Fact]
    public async Task The_invoice_must_belong_to_the_same_contact()
    {
        await using var xero = await XeroHarness.StartAsync();
        var otherContact = xero.Simulator.Seed.Contact(xero.TenantId, "Other Cafe");
        var invoiceId = xero.SeedInvoice("INV-1", 50m, contactId: otherContact);
        var id = (await xero.CreateCreditNoteAsync("CN-1")).GetProperty("CreditNoteID").GetString();

        var (_, body) = await AllocateAsync(xero, id!, invoiceId, 10m);

        Assert.Equal("The contact on the invoice must be the same as the contact on the credit note.", Message(body));
    }

    [Fact]
    public async Task Only_an_authorised_credit_note_can_be_allocated()
    {
        await using var xero = await XeroHarness.StartAsync();
        var invoiceId = xero.SeedInvoice("INV-1", 50m);
        var id = (await xero.CreateCreditNoteAsync("CN-1", status: "DRAFT")).GetProperty("CreditNoteID").GetString();

        var (_, body) = await AllocateAsync(xero, id!, invoiceId, 10m);

        Assert.Equal("Credit Note must be AUTHORISED before it can be allocated.", Message(body));
    }

    [Fact]
    public async Task An_allocated_credit_note_cannot_be_edited_or_voided()
    {
        await using var xero = await XeroHarness.StartAsync();
        var invoiceId = xero.SeedInvoice("INV-1", 500m);
        var id = (await xero.CreateCreditNoteAsync("CN-1")).GetProperty("CreditNoteID").GetString();
        await AllocateAsync(xero, id!, invoiceId, 10m);

        var (edit, editBody) = await xero.CallAsync(HttpMethod.Post, "CreditNotes/" + id, new { CreditNotes = new[] { xero.CreditNote("CN-1", 300m) } });
        var (voiding, voidBody) = await xero.CallAsync(HttpMethod.Post, "CreditNotes/" + id, new { CreditNotes = new[] { new { Status = "VOIDED" } } });

        Assert.Equal(HttpStatusCode.BadRequest, edit.StatusCode);
        Assert.Equal("This document cannot be edited as it has a payment or credit note allocated to it.", Message(editBody));
        Assert.Equal(HttpStatusCode.BadRequest, voiding.StatusCode);
        Assert.Equal("This document cannot be edited as it has a payment or credit note allocated to it.", Message(voidBody));
    }

    [Fact]
    public async Task Deleting_an_allocation_returns_it_marked_deleted_and_restores_credit_and_amount_due()
    {
        await using var xero = await XeroHarness.StartAsync();
        var invoiceId = xero.SeedInvoice("INV-1", 110m);
        var id = (await xero.CreateCreditNoteAsync("CN-1", 100m)).GetProperty("CreditNoteID").GetString();
        var (_, allocated) = await AllocateAsync(xero, id!, invoiceId, 110m);
        var allocationId = allocated.GetProperty("Allocations")[0].GetProperty("AllocationID").GetString();

        var (deleted, body) = await xero.CallAsync(HttpMethod.Delete, $"CreditNotes/{id}/Allocations/{allocationId}");
        var (_, note) = await xero.CallAsync(HttpMethod.Get, "CreditNotes/" + id);
        var (again, _) = await xero.CallAsync(HttpMethod.Delete, $"CreditNotes/{id}/Allocations/{allocationId}");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.True(body.GetProperty("IsDeleted").GetBoolean());
        Assert.Equal("AUTHORISED", note.GetProperty("CreditNotes")[0].GetProperty("Status").GetString());
        Assert.Equal(110m, note.GetProperty("CreditNotes")[0].GetProperty("RemainingCredit").GetDecimal());
        Assert.Equal(110m, xero.Simulator.Store.Invoice(xero.TenantId, "INV-1")!["AmountDue"]!.GetValue<decimal>());
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task With_summarizeErrors_false_allocations_answer_200_with_per_element_errors()
    {
        await using var xero = await XeroHarness.StartAsync();
        var invoiceId = xero.SeedInvoice("INV-1", 20m);
        var id = (await xero.CreateCreditNoteAsync("CN-1", 100m)).GetProperty("CreditNoteID").GetString();
        var body = new { Allocations = new[] { Allocation(invoiceId, 10m, xero.Today), Allocation(invoiceId, 50m, xero.Today) } };

        var (response, result) = await xero.CallAsync(HttpMethod.Put, $"CreditNotes/{id}/Allocations?summarizeErrors=false", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var elements = result.GetProperty("Allocations").EnumerateArray().ToList();
        Assert.True(elements[0].TryGetProperty("AllocationID", out _));
        Assert.Equal("Credit Note cannot be allocated as amount is greater than amount outstanding", elements[1].GetProperty("ValidationErrors")[0].GetProperty("Message").GetString());
    }

    internal static object Allocation(Guid invoiceId, decimal amount, DateOnly date) => new
    {
        Invoice = new { InvoiceID = invoiceId.ToString() },
        Amount = amount,
        Date = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };

    internal static Task<(HttpResponseMessage Response, JsonElement Body)> AllocateAsync(XeroHarness xero, string creditNoteId, Guid invoiceId, decimal amount, DateOnly? date = null) =>
        xero.CallAsync(HttpMethod.Put, $"CreditNotes/{creditNoteId}/Allocations", new { Allocations = new[] { Allocation(invoiceId, amount, date ?? xero.Today) } });

    internal static string? Message(JsonElement error) => error.GetProperty("Elements")[0].GetProperty("ValidationErrors")[0].GetProperty("Message").GetString();
}
