using CreditFunctions.Documents;
using CreditFunctions.Ledgers.QuickBooks;

namespace CreditFunctions.Tests.Ledgers.QuickBooks;

public sealed class QuickBooksCreditMemoMapperTests
{
    private static readonly CreditNote Note = new(
        "doc-1", 1, "CN-1", CreditNoteKind.Receivable, new DateOnly(2026, 11, 20), "AUD",
        new CreditNoteContact("c1", "Cafe Luna", null), AmountsAre.Exclusive,
        [new CreditNoteLine("Beans", 2m, 50m, "200", "TAX", 10m, 100m)], 100m, 10m, 110m, "Order 7", []);

    [Fact]
    public void A_note_becomes_a_credit_memo_with_item_lines_tax_and_its_number()
    {
        var wire = QuickBooksCreditMemoMapper.ToWire(Note, "58", "1");

        Assert.Equal(("CN-1", "2026-11-20", "58", "TaxExcluded", 10m), (wire.DocNumber, wire.TxnDate, wire.CustomerRef!.Value, wire.GlobalTaxCalculation, wire.TxnTaxDetail!.TotalTax));
        var line = Assert.Single(wire.Line!);
        Assert.Equal(("SalesItemLineDetail", 100m, "1", 2m, 50m, "TAX"), (line.DetailType, line.Amount, line.SalesItemLineDetail!.ItemRef!.Value, line.SalesItemLineDetail.Qty, line.SalesItemLineDetail.UnitPrice, line.SalesItemLineDetail.TaxCodeRef!.Value));
    }

    [Theory]
    [InlineData(AmountsAre.Inclusive, "TaxInclusive")]
    [InlineData(AmountsAre.NoTax, "NotApplicable")]
    public void How_amounts_are_stated_sets_GlobalTaxCalculation(AmountsAre amountsAre, string expected)
    {
        Assert.Equal(expected, QuickBooksCreditMemoMapper.ToWire(Note with { AmountsAre = amountsAre }, "58", "1").GlobalTaxCalculation);
    }

    [Fact]
    public void Read_back_content_ignores_QBOs_subtotal_line_but_not_a_changed_date_or_line()
    {
        var stored = QuickBooksCreditMemoMapper.ToWire(Note, "58", "1") with
        {
            TotalAmt = 110m,
            Line = [.. QuickBooksCreditMemoMapper.ToWire(Note, "58", "1").Line!, new QboLine { DetailType = "SubTotalLineDetail", Amount = 100m }],
        };

        Assert.True(QuickBooksCreditMemoMapper.HasContentOf(stored, Note));
        Assert.False(QuickBooksCreditMemoMapper.HasContentOf(stored, Note with { Date = new DateOnly(2026, 11, 21) }));
        Assert.False(QuickBooksCreditMemoMapper.HasContentOf(stored, Note with { Lines = [Note.Lines[0] with { Description = "Milk" }] }));
    }

    [Fact]
    public void A_memo_with_no_credit_left_reads_as_Applied()
    {
        var document = QuickBooksCreditMemoMapper.ToDocument(new QboCreditMemo { Id = "9", TotalAmt = 110m, RemainingCredit = 0m }, "CN-1", []);

        Assert.Equal(("9", "Applied", 0m), (document.LedgerDocumentId, document.Status, document.RemainingCredit));
    }
}
