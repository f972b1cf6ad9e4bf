using CreditFunctions.Ledgers.Xero;

namespace CreditFunctions.Tests.Ledgers.Xero;

public sealed class XeroOptionsValidatorTests
{
    private static readonly XeroOptionsValidator Validator = new(() => false);

    [Theory]
    [InlineData("https://credits.example/api/connections/callback")]
    [InlineData("http://127.0.0.1:7071/api/connections/callback")]
    [InlineData("http://localhost:7071/api/connections/callback/")]
    public void A_redirect_uri_to_the_apps_callback_over_https_or_on_a_loopback_host_is_valid(string redirect)
    {
        var result = Validator.Validate(null, new XeroOptions { RedirectUri = new Uri(redirect) });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("http://credits.example/api/connections/callback", "https")]
    [InlineData("https://credits.example/oauth/callback", "/api/connections/callback")]
    [InlineData("https://credits.example/api/connections/callback#frag", "fragment")]
    public void A_redirect_uri_that_Xero_could_not_complete_on_fails_validation_and_says_why(string redirect, string reason)
    {
        var result = Validator.Validate(null, new XeroOptions { RedirectUri = new Uri(redirect) });

        var failure = Assert.Single(result.Failures!);
        Assert.Contains("Xero:RedirectUri", failure, StringComparison.Ordinal);
        Assert.Contains(reason, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_redirect_uri_fails_validation()
    {
        var result = Validator.Validate(null, new XeroOptions { RedirectUri = new Uri("/api/connections/callback", UriKind.Relative) });

        Assert.Contains(result.Failures!, f => f.Contains("absolute", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("00:00:30")]
    [InlineData("01:00:01")]
    public void A_consent_lifetime_outside_a_minute_to_an_hour_fails_validation(string lifetime)
    {
        var result = Validator.Validate(null, new XeroOptions { ConsentLifetime = TimeSpan.Parse(lifetime, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Contains(result.Failures!, f => f.Contains("Xero:ConsentLifetime", StringComparison.Ordinal));
    }

    [Fact]
    public void Blank_scopes_and_a_relative_authorize_url_fail_validation_by_name()
    {
        var result = Validator.Validate(null, new XeroOptions { Scopes = " ", AuthorizeUrl = new Uri("connect/authorize", UriKind.Relative) });

        Assert.Contains(result.Failures!, f => f.Contains("Xero:Scopes", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Xero:AuthorizeUrl", StringComparison.Ordinal));
    }

    [Fact]
    public void The_defaults_need_no_redirect_uri_and_point_consent_at_Xeros_login()
    {
        var options = new XeroOptions();

        Assert.True(Validator.Validate(null, options).Succeeded);
        Assert.Null(options.RedirectUri);
        Assert.Equal(new Uri("https://login.xero.com/identity/connect/authorize"), options.AuthorizeUrl);
        Assert.Equal(TimeSpan.FromMinutes(10), options.ConsentLifetime);
    }
}
