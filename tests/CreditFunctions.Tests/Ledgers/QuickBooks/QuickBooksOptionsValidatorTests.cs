using CreditFunctions.Ledgers.QuickBooks;

namespace CreditFunctions.Tests.Ledgers.QuickBooks;

public sealed class QuickBooksOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid_when_no_tenant_uses_QuickBooks()
    {
        Assert.True(new QuickBooksOptionsValidator(() => false).Validate(null, new QuickBooksOptions()).Succeeded);
    }

    [Fact]
    public void Credentials_are_required_once_a_tenant_has_a_QuickBooks_connection()
    {
        var result = new QuickBooksOptionsValidator(() => true).Validate(null, new QuickBooksOptions());

        Assert.Contains(result.Failures!, f => f.Contains("QuickBooks:ClientId", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("QuickBooks:ClientSecret", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(nameof(QuickBooksOptions.MinorVersion), "QuickBooks:MinorVersion")]
    [InlineData(nameof(QuickBooksOptions.BatchSize), "QuickBooks:BatchSize")]
    [InlineData(nameof(QuickBooksOptions.RedirectUri), "QuickBooks:RedirectUri")]
    [InlineData(nameof(QuickBooksOptions.RefreshBeforeExpiry), "QuickBooks:RefreshBeforeExpiry")]
    public void Each_rule_names_its_setting(string setting, string named)
    {
        var options = new QuickBooksOptions();
        switch (setting)
        {
            case nameof(QuickBooksOptions.MinorVersion):
                options.MinorVersion = 74; // Q13: 1–74 retired
                break;
            case nameof(QuickBooksOptions.BatchSize):
                options.BatchSize = 31; // contract §14: 30 at most
                break;
            case nameof(QuickBooksOptions.RedirectUri):
                options.RedirectUri = new Uri("http://example.com/api/connections/callback"); // http only on loopback
                break;
            default:
                options.RefreshBeforeExpiry = TimeSpan.FromHours(1); // tokens live 1 hour (Q12)
                break;
        }

        var result = new QuickBooksOptionsValidator(() => false).Validate(null, options);

        Assert.Contains(result.Failures!, f => f.Contains(named, StringComparison.Ordinal));
    }
}
