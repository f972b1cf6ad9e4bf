using System.Net;
using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.Xero;

namespace CreditFunctions.Tests.Ledgers.Xero;

public sealed class XeroErrorClassifierTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_validation_exception_joins_the_element_messages()
    {
        var failure = Classify(HttpStatusCode.BadRequest, ValidationBody("Credit Note # must be unique.", "Account code '999' is not a valid code."));

        Assert.Equal(LedgerFailureKind.Validation, failure.Kind);
        Assert.Equal("Credit Note # must be unique.; Account code '999' is not a valid code.", failure.Message);
        Assert.Equal(400, failure.HttpStatus);
    }

    [Theory]
    [InlineData("The document date cannot be before the period lock date of 31-Oct-2026.")]
    [InlineData("The document date cannot be before the end of year lock date, currently set at 31-Jul-2013")]
    public void A_lock_date_message_is_PeriodLocked(string message)
    {
        Assert.Equal(LedgerFailureKind.PeriodLocked, Classify(HttpStatusCode.BadRequest, ValidationBody(message)).Kind);
    }

    [Theory]
    [InlineData("minute")]
    [InlineData("concurrent")]
    [InlineData("appminute")]
    public void A_429_under_a_short_limit_is_Throttled_with_Retry_After(string problem)
    {
        var failure = Classify((HttpStatusCode)429, "oauth_problem=rate limit exceeded", h =>
        {
            h.Add("X-Rate-Limit-Problem", problem);
            h.Add("Retry-After", "17");
        });

        Assert.Equal(LedgerFailureKind.Throttled, failure.Kind);
        Assert.Equal(TimeSpan.FromSeconds(17), failure.RetryAfter);
    }

    [Fact]
    public void A_429_under_the_daily_limit_is_DailyLimitReached()
    {
        var failure = Classify((HttpStatusCode)429, "", h =>
        {
            h.Add("X-Rate-Limit-Problem", "day");
            h.Add("Retry-After", "67000");
        });

        Assert.Equal(LedgerFailureKind.DailyLimitReached, failure.Kind);
        Assert.Equal(TimeSpan.FromSeconds(67000), failure.RetryAfter);
    }

    [Theory]
    [InlineData(500, LedgerFailureKind.Transient)]
    [InlineData(503, LedgerFailureKind.Transient)]
    [InlineData(401, LedgerFailureKind.AuthorisationLost)]
    [InlineData(403, LedgerFailureKind.AuthorisationLost)]
    [InlineData(404, LedgerFailureKind.NotFound)]
    [InlineData(412, LedgerFailureKind.Validation)]
    public void Status_codes_map_to_the_documented_kinds(int status, LedgerFailureKind expected)
    {
        Assert.Equal(expected, Classify((HttpStatusCode)status, "").Kind);
    }

    [Fact]
    public void The_correlation_id_is_kept_as_the_request_id()
    {
        var failure = Classify(HttpStatusCode.ServiceUnavailable, "", h => h.Add("Xero-Correlation-Id", "abc-123"));

        Assert.Equal("abc-123", failure.RequestId);
    }

    [Fact]
    public void Authorisation_failures_do_not_echo_the_body_or_headers()
    {
        var failure = Classify(HttpStatusCode.Unauthorized, "Bearer secret-token-value", h => h.Add("WWW-Authenticate", "Bearer error=\"secret-token-value\""));

        Assert.DoesNotContain("secret-token-value", failure.Message, StringComparison.Ordinal);
    }

    private static LedgerFailure Classify(HttpStatusCode status, string body, Action<System.Net.Http.Headers.HttpResponseHeaders>? headers = null)
    {
        using var response = new HttpResponseMessage(status);
        headers?.Invoke(response.Headers);
        return XeroErrorClassifier.Classify(status, response.Headers, body, Now);
    }

    private static string ValidationBody(params string[] messages) =>
        $$"""{"ErrorNumber":10,"Type":"ValidationException","Message":"A validation exception occurred","Elements":[{"ValidationErrors":[{{string.Join(",", messages.Select(m => $$"""{"Message":"{{m}}"}"""))}}]}]}""";
}
