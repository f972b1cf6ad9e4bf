using System.Net.Http.Headers;
using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.QuickBooks;

namespace CreditFunctions.Tests.Ledgers.QuickBooks;

/// <summary>QBO faults to the failures the workflow branches on (contracts/qbo §11; ledger-apis.md Q7–Q9).</summary>
public sealed class QuickBooksErrorClassifierTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("6210", "Account Period Closed", "The account period has closed.")]
    [InlineData("6200", "Account Period Closed Error", "")]
    [InlineData("5010", "Account Period Closed", "The account period has closed.")] // python-quickbooks #208
    public void Closed_books_are_PeriodLocked_whatever_the_code(string code, string message, string detail)
    {
        var failure = QuickBooksErrorClassifier.FromFault(Fault("ValidationFault", code, message, detail), 400, null);

        Assert.Equal(LedgerFailureKind.PeriodLocked, failure.Kind);
    }

    [Fact]
    public void A_stale_object_is_recognised_by_code_5010_and_its_message_not_by_the_code_alone()
    {
        var stale = Fault("ValidationFault", "5010", "Stale Object Error", "You and X were working on this at the same time");
        var closed = Fault("ValidationFault", "5010", "Account Period Closed", "The account period has closed.");

        Assert.True(QuickBooksErrorClassifier.IsStale(stale));
        Assert.False(QuickBooksErrorClassifier.IsStale(closed));
        Assert.Equal(LedgerFailureKind.Validation, QuickBooksErrorClassifier.FromFault(stale, 400, null).Kind);
    }

    [Theory]
    [InlineData("SystemFault", "10000", LedgerFailureKind.Transient)]
    [InlineData("ValidationFault", "6000", LedgerFailureKind.Validation)]
    [InlineData("ValidationFault", "610", LedgerFailureKind.NotFound)]
    [InlineData("AuthenticationFault", "3200", LedgerFailureKind.AuthorisationLost)]
    public void A_fault_inside_an_HTTP_200_is_classified_like_any_fault(string type, string code, LedgerFailureKind expected)
    {
        var failure = QuickBooksErrorClassifier.Classify(200, Headers(), Fault(type, code, "m", "d"), "", Now, TimeSpan.FromSeconds(60));

        Assert.Equal((expected, 200), (failure.Kind, failure.HttpStatus));
    }

    [Fact]
    public void A_429_waits_its_Retry_After_or_else_Intuits_60_seconds()
    {
        var withHeader = Headers();
        withHeader.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));

        var told = QuickBooksErrorClassifier.Classify(429, withHeader, null, "", Now, TimeSpan.FromSeconds(60));
        var untold = QuickBooksErrorClassifier.Classify(429, Headers(), null, "", Now, TimeSpan.FromSeconds(60));

        Assert.Equal((LedgerFailureKind.Throttled, TimeSpan.FromSeconds(7)), (told.Kind, told.RetryAfter));
        Assert.Equal(TimeSpan.FromSeconds(60), untold.RetryAfter);
    }

    [Theory]
    [InlineData(401, LedgerFailureKind.AuthorisationLost)]
    [InlineData(403, LedgerFailureKind.AuthorisationLost)]
    [InlineData(500, LedgerFailureKind.Transient)]
    [InlineData(503, LedgerFailureKind.Transient)]
    public void Http_statuses_without_a_usable_body_still_classify(int status, LedgerFailureKind expected)
    {
        var headers = Headers();
        headers.Add(QuickBooksErrorClassifier.TransactionIdHeader, "tid-1");

        var failure = QuickBooksErrorClassifier.Classify(status, headers, null, "<html>Service Unavailable</html>", Now, TimeSpan.FromSeconds(60));

        Assert.Equal((expected, "tid-1"), (failure.Kind, failure.RequestId));
    }

    private static QboFault Fault(string type, string code, string message, string detail) =>
        new() { Type = type, Error = [new QboError { Code = code, Message = message, Detail = detail }] };

    private static HttpResponseHeaders Headers()
    {
        using var response = new HttpResponseMessage();
        return response.Headers;
    }
}
