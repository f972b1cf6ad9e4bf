using System.Text.Json;
using CreditFunctions.Documents;
using CreditFunctions.Ledgers.Xero;

namespace CreditFunctions.Tests.Ledgers.Xero;

public sealed class XeroCreditNoteMapperTests
{
    [Fact]
    public void A_receivable_credit_note_becomes_an_authorised_ACCRECCREDIT_with_its_lines()
    {
        var wire = XeroCreditNoteMapper.ToWire(XeroSamples.Note(), "contact-guid");

        Assert.Equal("ACCRECCREDIT", wire.Type);
        Assert.Equal("AUTHORISED", wire.Status);
        Assert.Equal("CN-1001", wire.CreditNoteNumber);
        Assert.Equal("2026-11-20", wire.Date);
        Assert.Equal("Exclusive", wire.LineAmountTypes);
        Assert.Equal("AUD", wire.CurrencyCode);
        Assert.Equal("INV-1", wire.Reference);
        Assert.Equal("contact-guid", wire.Contact!.ContactID);
        var line = Assert.Single(wire.LineItems!);
        Assert.Equal(("Returned goods", 2m, 50m, "200", "OUTPUT", 10m, 100m), (line.Description, line.Quantity, line.UnitAmount, line.AccountCode, line.TaxType, line.TaxAmount, line.LineAmount));
    }

    [Theory]
    [InlineData(CreditNoteKind.Payable, AmountsAre.Inclusive, "ACCPAYCREDIT", "Inclusive")]
    [InlineData(CreditNoteKind.Receivable, AmountsAre.NoTax, "ACCRECCREDIT", "NoTax")]
    public void Kind_and_amount_basis_map_to_Xero_names(CreditNoteKind kind, AmountsAre amounts, string type, string lineAmountTypes)
    {
        var wire = XeroCreditNoteMapper.ToWire(XeroSamples.Note() with { Kind = kind, AmountsAre = amounts }, "c");

        Assert.Equal((type, lineAmountTypes), (wire.Type, wire.LineAmountTypes));
    }

    [Fact]
    public void The_wire_json_is_PascalCase_and_omits_what_is_not_set()
    {
        var json = JsonSerializer.Serialize(new XeroCreditNotes { CreditNotes = [XeroCreditNoteMapper.ToWire(XeroSamples.Note(), "c")] }, XeroJson.Options);

        Assert.Contains("\"CreditNotes\":[{", json, StringComparison.Ordinal);
        Assert.Contains("\"CreditNoteNumber\":\"CN-1001\"", json, StringComparison.Ordinal);
        Assert.Contains("\"UnitAmount\":50", json, StringComparison.Ordinal);
        Assert.DoesNotContain("CreditNoteID", json, StringComparison.Ordinal);
        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_void_carries_only_the_id_and_the_status()
    {
        var json = JsonSerializer.Serialize(XeroCreditNoteMapper.ToVoid("id-1"), XeroJson.Options);

        Assert.Equal("""{"CreditNoteID":"id-1","Status":"VOIDED"}""", json);
    }

    [Theory]
    [InlineData("/Date(1763596800000+0000)/", 2025, 11, 20)]
    [InlineData("2026-07-31", 2026, 7, 31)]
    [InlineData("2026-07-31T00:00:00", 2026, 7, 31)]
    public void Xero_dates_are_read_in_every_form_it_writes(string text, int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), XeroJson.ParseDate(text));
    }

    [Fact]
    public void A_read_back_becomes_a_ledger_document_with_live_allocations_only()
    {
        var wire = new XeroCreditNote
        {
            CreditNoteID = "id-1", CreditNoteNumber = "CN-1001", Status = "AUTHORISED", Total = 110m, RemainingCredit = 60m,
            Allocations =
            [
                new XeroAllocation { AllocationID = "a1", Amount = 50m, Date = "2026-11-21", Invoice = new XeroInvoice { InvoiceNumber = "INV-1" } },
                new XeroAllocation { AllocationID = "a0", Amount = 5m, Date = "2026-11-21", IsDeleted = true },
            ],
        };

        var document = XeroCreditNoteMapper.ToDocument(wire, "ignored");

        Assert.Equal(("id-1", "CN-1001", "AUTHORISED", 110m, 60m), (document.LedgerDocumentId, document.Number, document.Status, document.Total, document.RemainingCredit));
        var allocation = Assert.Single(document.Allocations);
        Assert.Equal(("a1", "INV-1", 50m, new DateOnly(2026, 11, 21)), (allocation.AllocationId, allocation.InvoiceNumber, allocation.Amount, allocation.Date));
    }

    [Fact]
    public void A_document_under_the_same_number_is_ours_only_with_the_same_type_currency_and_total()
    {
        var note = XeroSamples.Note();
        var same = new XeroCreditNote { Type = "ACCRECCREDIT", CurrencyCode = "AUD", Total = note.Total };

        Assert.True(XeroCreditNoteMapper.IsSameDocument(same, note));
        Assert.False(XeroCreditNoteMapper.IsSameDocument(same with { Total = note.Total + 1 }, note));
        Assert.False(XeroCreditNoteMapper.IsSameDocument(same with { Type = "ACCPAYCREDIT" }, note));
    }

    [Fact]
    public void A_read_back_holds_the_notes_content_only_with_its_date_and_lines()
    {
        var note = XeroSamples.Note();
        var same = XeroCreditNoteMapper.ToWire(note, "contact-1", "cn-1") with { Total = note.Total };

        Assert.True(XeroCreditNoteMapper.HasContentOf(same, note));
        Assert.True(XeroCreditNoteMapper.HasContentOf(same with { LineItems = null }, note)); // a list answer without lines
        Assert.False(XeroCreditNoteMapper.HasContentOf(same with { Date = "2026-11-21" }, note));
        Assert.False(XeroCreditNoteMapper.HasContentOf(same with { LineItems = [same.LineItems![0] with { Description = "Damaged goods" }] }, note));
        Assert.False(XeroCreditNoteMapper.HasContentOf(same with { LineItems = [] }, note));
        Assert.True(XeroCreditNoteMapper.ToDocument(same, note).MatchesNote);
    }
}
