namespace CreditFunctions.Ledgers;

/// <summary>The outcome of one ledger call: a value, or a classified failure the workflow branches on.</summary>
public readonly record struct LedgerResult<T>
{
    private LedgerResult(T? value, LedgerFailure? failure)
    {
        Value = value;
        Failure = failure;
    }

    public T? Value { get; }

    public LedgerFailure? Failure { get; }

    public bool Succeeded => Failure is null;

    public static LedgerResult<T> Ok(T value) => new(value, null);

    public static LedgerResult<T> Fail(LedgerFailure failure) => new(default, failure);

    public static implicit operator LedgerResult<T>(LedgerFailure failure) => Fail(failure);
}

/// <summary>A classified ledger failure. <see cref="Message"/> is the ledger's own words, safe to show an operator.</summary>
public sealed record LedgerFailure(
    LedgerFailureKind Kind,
    string Message,
    TimeSpan? RetryAfter = null,
    int? HttpStatus = null,
    string? RequestId = null)
{
    /// <summary>For <see cref="LedgerFailureKind.PeriodLocked"/>: the first date the ledger accepts, when known (re-dating, X18/Q8).</summary>
    public DateOnly? FirstOpenDay { get; init; }
}

public enum LedgerFailureKind
{
    /// <summary>5xx or a refused connection before anything was sent: retry with backoff.</summary>
    Transient,

    /// <summary>429 under a minute or concurrency limit: retry after Retry-After.</summary>
    Throttled,

    /// <summary>The tenant's daily budget is spent: park the tenant until Retry-After and alert.</summary>
    DailyLimitReached,

    /// <summary>The outcome is unknown (timeout, lost response): read back before writing again.</summary>
    Ambiguous,

    /// <summary>The ledger refused the document: permanent until the document changes.</summary>
    Validation,

    /// <summary>The document date is inside a locked period (Xero X18, QuickBooks Q8).</summary>
    PeriodLocked,

    /// <summary>Consent revoked or refresh token expired: park the connection until it is reconnected.</summary>
    AuthorisationLost,

    /// <summary>A referenced document (the invoice to allocate to) is not in the ledger yet: wait and retry.</summary>
    NotFound,
}
