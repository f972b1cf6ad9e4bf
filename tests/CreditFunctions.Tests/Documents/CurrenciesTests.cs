using CreditFunctions.Documents;

namespace CreditFunctions.Tests.Documents;

public sealed class CurrenciesTests
{
    [Theory]
    [InlineData("AUD", 2)]
    [InlineData("NZD", 2)]
    [InlineData("JPY", 0)]
    [InlineData("KRW", 0)]
    [InlineData("KWD", 3)]
    [InlineData("BHD", 3)]
    [InlineData("OMR", 3)]
    [InlineData("JOD", 3)]
    [InlineData("TND", 3)]
    [InlineData("LYD", 3)]
    [InlineData("IQD", 3)]
    [InlineData("CLF", 4)]
    public void Each_currency_has_its_minor_unit_precision(string code, int places)
    {
        Assert.Equal(places, Currencies.Precision(code));
    }

    [Theory]
    [InlineData("aud")]
    [InlineData("XAU")]
    [InlineData("HRK")]
    [InlineData("AU")]
    public void Withdrawn_metal_and_misspelt_codes_are_unknown(string code)
    {
        Assert.Null(Currencies.Precision(code));
    }
}
