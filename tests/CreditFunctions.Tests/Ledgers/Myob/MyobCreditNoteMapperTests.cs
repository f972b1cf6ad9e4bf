using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.Myob;

namespace CreditFunctions.Tests.Ledgers.Myob;

public sealed class MyobCreditNoteMapperTests
{
    private static readonly Dictionary<string, (string Uid, bool IsHeader)> Accounts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["4-1100"] = ("acc-income", false),
        ["4-0000"] = ("acc-header", true),
    };

    private static readonly Dictionary<string, string> TaxCodes = new(StringComparer.OrdinalIgnoreCase) { ["GST"] = "tax-gst", ["N-T"] = "tax-nt", ["FRE"] = "tax-fre" };

    private static MyobOptions Options()
    {
        var options = new MyobOptions();
        options.AccountCodes["200"] = "4-1100";
        options.AccountCodes["100"] = "4-0000";
        return options;
    }

    private static CreditNote Note(AmountsAre amounts = AmountsAre.Exclusive, params CreditNoteLine[] lines) => new(
        "cn_1", 1, "CN-1001", CreditNoteKind.Receivable, new DateOnly(2026, 11, 20), "AUD", new CreditNoteContact("cust_42", "Cafe Luna", null), amounts,
        lines.Length > 0 ? lines : [new CreditNoteLine("Damaged beans", 2m, 100m, "200", "OUTPUT", 20m, 200m)],
        200m, 20m, 220m, null, []);

    [Fact]
    public void Every_line_goes_out_negative_with_its_mapped_account_and_tax_code_and_our_memo()
    {
        var wire = MyobCreditNoteMapper.ToWire(Note(), "card-1", Accounts, TaxCodes, Options()).Value!;

        var line = Assert.Single(wire.Lines!);
        Assert.Equal(-200m, line.Total);
        Assert.Equal("acc-income", line.Account!.UID);
        Assert.Equal("tax-gst", line.TaxCode!.UID);
        Assert.Equal("card-1", wire.Customer!.UID);
        Assert.Null(wire.Supplier);
        Assert.Null(wire.UID);
        Assert.Null(wire.RowVersion);
        Assert.False(wire.IsTaxInclusive);
        Assert.Equal("2026-11-20 00:00:00", wire.Date);
        Assert.Equal("CreditFunctions cn_1", wire.JournalMemo);
    }

    [Fact]
    public void A_line_that_is_not_a_credit_is_refused_because_MYOB_would_post_a_mixed_sign_document_as_a_sale()
    {
        var mixed = Note(AmountsAre.Exclusive, new CreditNoteLine("Returned", 1m, 300m, "200", "OUTPUT", 30m, 300m), new CreditNoteLine("Fee", 1m, -100m, "200", "OUTPUT", -10m, -100m));

        var result = MyobCreditNoteMapper.ToWire(mixed, "card-1", Accounts, TaxCodes, Options());

        Assert.Equal(LedgerFailureKind.Validation, result.Failure!.Kind);
        Assert.Contains("mixed-sign", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_tax_notes_use_the_no_tax_code_and_inclusive_notes_are_tax_inclusive()
    {
        var noTax = MyobCreditNoteMapper.ToWire(Note(AmountsAre.NoTax), "card-1", Accounts, TaxCodes, Options()).Value!;
        var inclusive = MyobCreditNoteMapper.ToWire(Note(AmountsAre.Inclusive), "card-1", Accounts, TaxCodes, Options()).Value!;

        Assert.Equal("tax-nt", noTax.Lines![0].TaxCode!.UID);
        Assert.True(inclusive.IsTaxInclusive);
    }

    [Theory]
    [InlineData("999", "OUTPUT", "Account 999")]
    [InlineData("100", "OUTPUT", "header account")]
    [InlineData("200", "CAPEXINPUT", "Tax code CAPEXINPUT")]
    public void Unknown_or_header_accounts_and_unknown_tax_codes_are_refused_with_the_setting_to_fix(string account, string taxType, string expected)
    {
        var result = MyobCreditNoteMapper.ToWire(Note(AmountsAre.Exclusive, new CreditNoteLine("x", 1m, 10m, account, taxType, 1m, 10m)), "card-1", Accounts, TaxCodes, Options());

        Assert.Contains(expected, result.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_number_longer_than_MYOBs_13_characters_is_refused()
    {
        var result = MyobCreditNoteMapper.ToWire(Note() with { Number = "CN-12345678901" }, "card-1", Accounts, TaxCodes, Options());

        Assert.Equal(LedgerFailureKind.Validation, result.Failure!.Kind);
    }

    [Fact]
    public void Payable_notes_go_to_the_supplier_and_purchase_routes()
    {
        var wire = MyobCreditNoteMapper.ToWire(Note() with { Kind = CreditNoteKind.Payable }, "card-9", Accounts, TaxCodes, Options()).Value!;

        Assert.Equal("card-9", wire.Supplier!.UID);
        Assert.Null(wire.Customer);
        Assert.Equal("Purchase/Bill/Service", MyobCreditNoteMapper.DocumentRoute(CreditNoteKind.Payable));
        Assert.Equal("Purchase/DebitSettlement", MyobCreditNoteMapper.SettlementRoute(CreditNoteKind.Payable));
    }

    [Fact]
    public void A_read_back_matches_the_version_only_when_date_and_every_line_agree()
    {
        var note = Note();
        var sale = MyobCreditNoteMapper.ToWire(note, "card-1", Accounts, TaxCodes, Options()).Value! with { UID = "u1", TotalAmount = -220m, BalanceDueAmount = -100m, Status = "Credit" };

        var document = MyobCreditNoteMapper.ToDocument(sale, [], note);
        var amended = note with { Lines = [note.Lines[0] with { Description = "Damaged beans (recounted)" }] };

        Assert.True(document.MatchesNote);
        Assert.Equal(220m, document.Total);
        Assert.Equal(100m, document.RemainingCredit);
        Assert.False(MyobCreditNoteMapper.Matches(sale, amended));
        Assert.True(MyobCreditNoteMapper.IsSameDocument(sale, amended));
        Assert.False(MyobCreditNoteMapper.IsSameDocument(sale, note with { Id = "cn_2" }));
    }
}
