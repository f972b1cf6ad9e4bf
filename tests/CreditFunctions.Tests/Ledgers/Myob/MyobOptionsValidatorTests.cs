using CreditFunctions.Ledgers.Myob;

namespace CreditFunctions.Tests.Ledgers.Myob;

public sealed class MyobOptionsValidatorTests
{
    [Fact]
    public void The_API_key_and_secret_are_required_only_once_a_tenant_has_a_MYOB_connection()
    {
        var options = new MyobOptions();

        var unused = new MyobOptionsValidator(() => false).Validate(null, options);
        var used = new MyobOptionsValidator(() => true).Validate(null, options);

        Assert.True(unused.Succeeded);
        Assert.Contains(used.Failures!, f => f.StartsWith("Myob:ClientId", StringComparison.Ordinal));
        Assert.Contains(used.Failures!, f => f.StartsWith("Myob:ClientSecret", StringComparison.Ordinal));
    }

    [Fact]
    public void A_redirect_elsewhere_than_the_callback_and_non_positive_limits_are_named()
    {
        var options = new MyobOptions { RedirectUri = new Uri("http://example.com/elsewhere"), CallsPerWindow = 0, RateWindow = TimeSpan.Zero };

        var result = new MyobOptionsValidator(() => false).Validate(null, options);

        Assert.Contains(result.Failures!, f => f.StartsWith("Myob:RedirectUri", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Myob:CallsPerWindow", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Myob:RateWindow", StringComparison.Ordinal));
    }
}
