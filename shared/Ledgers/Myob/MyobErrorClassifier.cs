using System.Text.Json;

namespace CreditFunctions.Ledgers.Myob;

/// <summary>
/// Turns a MYOB error response into the failure the workflow branches on (contract §10, §11; ledger-apis.md M4, M5).
/// Pure. Messages are MYOB's own words (Errors[].Message), never headers or tokens.
/// </summary>
internal static class MyobErrorClassifier
{
    /// <summary>The response header MYOB support asks for (contract §9).</summary>
    public const string RequestIdHeader = "x-myobapi-requestid";

    /// <summary>Contract §10: the lock-period error's Name (its ErrorCode was not seen).</summary>
    public const string LockPeriodError = "BusinessEvent_DateOccured_InLockPeriod";

    /// <summary>Contract §11: per-second breach → retry after at least a second; no Retry-After is documented.</summary>
    public static readonly TimeSpan PerSecondRetry = TimeSpan.FromSeconds(1);

    public static LedgerFailure Classify(int status, string body, string? requestId, DateTimeOffset now)
    {
        var error = FirstError(body);
        var name = error?.Name ?? "";
        var message = error?.Message is { Length: > 0 } m ? m : $"MYOB returned HTTP {status}.";
        switch (status)
        {
            case 403 when name == "RateLimitError":
                // Contract §11 / M4: both limits answer 403 RateLimitError; only the Message tells them apart.
                return message.Contains("daily", StringComparison.OrdinalIgnoreCase)
                    ? new LedgerFailure(LedgerFailureKind.DailyLimitReached, $"MYOB: {message} (the API key's 1,000,000 calls a day, shared by every tenant).", UntilNextUtcDay(now), status, requestId)
                    : new LedgerFailure(LedgerFailureKind.Throttled, $"MYOB: {message}.", PerSecondRetry, status, requestId);
            case 401 or 403:
                // Bad or expired token, inactive key, no access to the company file, wrong cftoken (contract §10).
                return new LedgerFailure(LedgerFailureKind.AuthorisationLost, $"MYOB refused the connection's authorisation (HTTP {status}{(name.Length > 0 ? ", " + name : "")}): {message} Reconnect the company file.", null, status, requestId);
            case 400 when name == LockPeriodError || message.Contains("lock", StringComparison.OrdinalIgnoreCase) && message.Contains("period", StringComparison.OrdinalIgnoreCase):
                return new LedgerFailure(LedgerFailureKind.PeriodLocked, $"MYOB: {message}", null, status, requestId);
            case 400 or 410:
                return new LedgerFailure(LedgerFailureKind.Validation, $"MYOB refused it{(name.Length > 0 ? " (" + name + ")" : "")}: {message}", null, status, requestId);
            case 404:
                return new LedgerFailure(LedgerFailureKind.NotFound, "MYOB has no such record (404).", null, status, requestId);
            case 409:
                // M5: a stale RowVersion. Reading the record again and resending is safe, so it is transient.
                return new LedgerFailure(LedgerFailureKind.Transient, $"MYOB: the record changed since it was read (409 {name}): {message}", null, status, requestId);
            case 429:
                return new LedgerFailure(LedgerFailureKind.Throttled, "MYOB answered 429.", PerSecondRetry, status, requestId);
            case >= 500:
                // 504 GatewayTimeout (contract §10) may follow a commit; the runner reads back after a 5xx to a write.
                return new LedgerFailure(LedgerFailureKind.Transient, $"MYOB returned {status}: {message}", null, status, requestId);
            default:
                return new LedgerFailure(LedgerFailureKind.Validation, $"MYOB returned HTTP {status}: {message}", null, status, requestId);
        }
    }

    /// <summary>The day's budget returns at the next UTC midnight: MYOB does not say when its day resets (UNVERIFIED).</summary>
    public static TimeSpan UntilNextUtcDay(DateTimeOffset now)
    {
        var next = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        return next - now;
    }

    private static MyobError? FirstError(string body)
    {
        if (string.IsNullOrWhiteSpace(body) || !body.TrimStart().StartsWith('{'))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<MyobErrors>(body, MyobJson.Options)?.Errors?.FirstOrDefault();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
