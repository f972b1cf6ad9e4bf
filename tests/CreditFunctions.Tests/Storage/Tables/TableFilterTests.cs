using CreditFunctions.Storage.Tables;

namespace CreditFunctions.Tests.Storage.Tables;

public sealed class TableFilterTests
{
    [Fact]
    public void Interpolated_values_become_quoted_OData_literals()
    {
        var tenant = "O'Brien";
        var due = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.FromHours(10));
        long version = 3;

        var filter = TableFilter.Create($"PartitionKey eq {tenant} and Due le {due} and Version gt {version} and Done eq {false}");

        Assert.Equal(
            "PartitionKey eq 'O''Brien' and Due le datetime'2026-11-22T00:00:00.0000000Z' and Version gt 3L and Done eq false",
            filter);
    }

    [Fact]
    public void A_quote_in_a_value_cannot_break_out_of_its_literal()
    {
        var hostile = "x' or PartitionKey ne '";

        Assert.Equal("PartitionKey eq 'x'' or PartitionKey ne '''", TableFilter.Create($"PartitionKey eq {hostile}"));
    }

    [Fact]
    public void Guids_binary_and_numbers_use_their_literal_forms()
    {
        Assert.Equal("guid'0f8fad5b-d9cb-469f-a165-70867728950e'", TableFilter.Literal(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e")));
        Assert.Equal("X'0aff'", TableFilter.Literal(new byte[] { 10, 255 }));
        Assert.Equal("1.5", TableFilter.Literal(1.5));
        Assert.Equal("42", TableFilter.Literal(42));
    }
}
