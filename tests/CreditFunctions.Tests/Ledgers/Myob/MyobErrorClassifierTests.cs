using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.Myob;

namespace CreditFunctions.Tests.Ledgers.Myob;

public sealed class MyobErrorClassifierTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    private static string Body(string name, string message, int? code = null) =>
        $$"""{"Errors":[{"Name":"{{name}}","Message":"{{message}}","AdditionalDetails":"Header: x-myobapi-key","ErrorCode":{{(code is null ? "null" : code.ToString())}},"Severity":"Error","LearnMore":null}],"Information":"Warning, error messages have not been finalised in this release and may change"}""";

    [Fact]
    public void A_per_second_RateLimitError_is_Throttled_for_a_second()
    {
        var failure = MyobErrorClassifier.Classify(403, Body("RateLimitError", "API key has exceeded the per-second rate limit"), "req-1", Now);

        Assert.Equal(LedgerFailureKind.Throttled, failure.Kind);
        Assert.Equal(TimeSpan.FromSeconds(1), failure.RetryAfter);
        Assert.Equal("req-1", failure.RequestId);
    }

    [Fact]
    public void A_daily_RateLimitError_is_DailyLimitReached_until_the_next_UTC_day()
    {
        var failure = MyobErrorClassifier.Classify(403, Body("RateLimitError", "API key has exceeded the daily rate limit"), null, Now);

        Assert.Equal(LedgerFailureKind.DailyLimitReached, failure.Kind);
        Assert.Equal(TimeSpan.FromHours(14), failure.RetryAfter);
    }

    [Theory]
    [InlineData(403, "DeveloperInactive", LedgerFailureKind.AuthorisationLost)]
    [InlineData(401, "OAuthTokenIsInvalid", LedgerFailureKind.AuthorisationLost)]
    [InlineData(400, "BusinessEvent_DateOccured_InLockPeriod", LedgerFailureKind.PeriodLocked)]
    [InlineData(400, "CustomerNotFound", LedgerFailureKind.Validation)]
    [InlineData(404, "", LedgerFailureKind.NotFound)]
    [InlineData(409, "IncorrectRowVersionSupplied", LedgerFailureKind.Transient)]
    [InlineData(504, "GatewayTimeout", LedgerFailureKind.Transient)]
    public void Each_documented_error_has_its_class(int status, string name, LedgerFailureKind expected)
    {
        var failure = MyobErrorClassifier.Classify(status, name.Length == 0 ? "" : Body(name, "words"), null, Now);

        Assert.Equal(expected, failure.Kind);
        Assert.Equal(status, failure.HttpStatus);
    }
}
