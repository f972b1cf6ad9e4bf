namespace CreditFunctions.Documents;

/// <summary>
/// Why an inbound body was refused. <see cref="IsMalformed"/> separates a body that is not JSON at all
/// (HTTP 400) from a well-formed body that breaks a rule of contracts/order-events.md (HTTP 422).
/// <see cref="Errors"/> lists every problem found, not only the first.
/// </summary>
public sealed record ValidationProblem(bool IsMalformed, IReadOnlyList<FieldError> Errors)
{
    /// <summary>The HTTP status the contract maps this problem to: 400 for malformed JSON, 422 otherwise.</summary>
    public int HttpStatus => IsMalformed ? 400 : 422;
}

/// <summary>
/// One offending field. <see cref="Field"/> is a JSON-path-like name relative to the body root,
/// for example <c>data.creditNote.lines[0].lineAmount</c>; <c>$</c> names the body itself.
/// <see cref="Message"/> never echoes more than the field's own value.
/// </summary>
public sealed record FieldError(string Field, string Message);
