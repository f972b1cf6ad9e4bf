using Microsoft.AspNetCore.Http;

namespace CreditFunctions.Functions.Http;

/// <summary>RFC 7807 problem details, the one error shape of the HTTP API. Validation errors name each field.</summary>
public static class Problems
{
    public static IResult Unauthorized(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: detail, type: "https://creditfunctions.dev/problems/unauthorized");

    public static IResult BadRequest(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: detail, type: "https://creditfunctions.dev/problems/bad-request");

    /// <summary>424: the ledger refused what the request depends on (e.g. a connection's credentials); its words in the detail.</summary>
    public static IResult LedgerRefused(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status424FailedDependency, title: "The ledger refused", detail: detail, type: "https://creditfunctions.dev/problems/ledger-refused");

    public static IResult NotFound(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail, type: "https://creditfunctions.dev/problems/not-found");

    public static IResult Conflict(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail, type: "https://creditfunctions.dev/problems/conflict");

    public static IResult TooLarge(long limit) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large", detail: $"The body is larger than the limit of {limit} bytes.", type: "https://creditfunctions.dev/problems/too-large");

    public static IResult UnsupportedMediaType() =>
        Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: "Send the event as application/json.", type: "https://creditfunctions.dev/problems/media-type");

    /// <summary>400 for a body that is not the contract's shape, 422 for a well-formed body that breaks a rule.</summary>
    public static IResult Invalid(bool malformed, IEnumerable<(string Field, string Message)> errors) =>
        Results.ValidationProblem(
            errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal),
            statusCode: malformed ? StatusCodes.Status400BadRequest : StatusCodes.Status422UnprocessableEntity,
            title: malformed ? "Malformed event" : "Invalid event",
            type: malformed ? "https://creditfunctions.dev/problems/malformed" : "https://creditfunctions.dev/problems/invalid");

    public static IResult Unavailable(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Temporarily unavailable", detail: detail, type: "https://creditfunctions.dev/problems/unavailable");
}
