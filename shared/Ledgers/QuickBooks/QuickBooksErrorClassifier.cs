using System.Net.Http.Headers;

namespace CreditFunctions.Ledgers.QuickBooks;

/// <summary>
/// Turns a QBO Fault (or an HTTP error without one) into the failure the workflow branches on. Codes are unreliable
/// across QBO (6210 means "Duplicate Document Number" in one source and "Account period closed" in another, Q8/Q9), so
/// the closed-books case is matched on the message; the stale-object case on code 5010 with its message (Q7).
/// Messages are QBO's own words (Message and Detail), never headers or tokens.
/// </summary>
internal static class QuickBooksErrorClassifier
{
    /// <summary>Intuit's per-request id; log it with a failure (contract §10).</summary>
    public const string TransactionIdHeader = "intuit_tid";

    /// <summary>Q7: "Stale Object Error: You and X were working on this at the same time".</summary>
    public const string StaleObjectCode = "5010";

    /// <summary>Q9 / contract §11: 610 Object Not Found (also "made inactive").</summary>
    public const string ObjectNotFoundCode = "610";

    public static LedgerFailure Classify(int status, HttpResponseHeaders headers, QboFault? fault, string body, DateTimeOffset now, TimeSpan defaultThrottleWait)
    {
        var requestId = headers.TryGetValues(TransactionIdHeader, out var ids) ? ids.FirstOrDefault() : null;
        var text = fault is null ? Summary(body) : Describe(fault);
        switch (status)
        {
            case 401:
                return new LedgerFailure(LedgerFailureKind.AuthorisationLost, $"QuickBooks refused the connection's authorisation (401); reconnect the company. {text}".TrimEnd(), null, status, requestId);
            case 403:
                return new LedgerFailure(LedgerFailureKind.AuthorisationLost, $"QuickBooks refused access to this company (403). {text}".TrimEnd(), null, status, requestId);
            case 429:
                // Q6: "wait 60 seconds before retrying"; a Retry-After, when one comes, is honoured (open question in contract §Open).
                return new LedgerFailure(LedgerFailureKind.Throttled, $"QuickBooks rate limit reached. {text}".TrimEnd(), RetryAfter(headers, now) ?? defaultThrottleWait, status, requestId);
            case >= 500:
                return new LedgerFailure(LedgerFailureKind.Transient, $"QuickBooks returned {status}. {text}".TrimEnd(), RetryAfter(headers, now), status, requestId);
        }

        if (fault is null)
        {
            return new LedgerFailure(status is >= 200 and < 300 ? LedgerFailureKind.Transient : LedgerFailureKind.Validation, $"QuickBooks returned {status}. {text}".TrimEnd(), null, status, requestId);
        }

        return FromFault(fault, status, requestId);
    }

    /// <summary>A Fault on its own (a 400, a Fault inside a 200, or one batch item's Fault).</summary>
    public static LedgerFailure FromFault(QboFault fault, int? status, string? requestId)
    {
        var text = Describe(fault);
        var kind = IsPeriodClosed(fault) ? LedgerFailureKind.PeriodLocked
            : HasCode(fault, ObjectNotFoundCode) ? LedgerFailureKind.NotFound
            : IsType(fault, "SystemFault") || IsType(fault, "SERVICE") ? LedgerFailureKind.Transient
            : IsType(fault, "AuthenticationFault") || IsType(fault, "AUTHENTICATION") ? LedgerFailureKind.AuthorisationLost
            : LedgerFailureKind.Validation;
        return new LedgerFailure(kind, text, null, status, requestId);
    }

    /// <summary>Q8: "Account Period Closed" (codes seen: 6200, 6210, 5010 — match the message, not the code).</summary>
    public static bool IsPeriodClosed(QboFault fault) =>
        (fault.Error ?? []).Any(e => Contains(e.Message, "Account Period Closed") || Contains(e.Detail, "account period has closed") || Contains(e.Message, "period closed"));

    /// <summary>Q7: code 5010 "Stale Object Error" (not the closed-books 5010 of python-quickbooks #208, which says "Account Period Closed").</summary>
    public static bool IsStale(QboFault? fault) =>
        fault is not null && !IsPeriodClosed(fault) && (fault.Error ?? []).Any(e => e.Code == StaleObjectCode && Contains(e.Message, "Stale Object"));

    public static bool HasCode(QboFault fault, string code) => (fault.Error ?? []).Any(e => e.Code == code);

    private static bool IsType(QboFault fault, string type) => string.Equals(fault.Type, type, StringComparison.OrdinalIgnoreCase);

    private static bool Contains(string? text, string part) => text?.Contains(part, StringComparison.OrdinalIgnoreCase) == true;

    private static string Describe(QboFault fault)
    {
        var parts = (fault.Error ?? [])
            .Select(e => string.Join(": ", new[] { e.Message, e.Detail }.Where(p => !string.IsNullOrWhiteSpace(p))) + (e.Code is { Length: > 0 } code ? $" (code {code})" : ""))
            .Where(p => p.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return parts.Count == 0 ? "QuickBooks rejected the request." : string.Join("; ", parts);
    }

    private static TimeSpan? RetryAfter(HttpResponseHeaders headers, DateTimeOffset now) =>
        headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
            _ => null,
        };

    /// <summary>A short prefix of a body that is not a Fault (a 503 may be a load balancer's HTML page, contract §11).</summary>
    private static string Summary(string body)
    {
        var text = body.Trim();
        return text.Length <= 200 ? text : text[..200];
    }
}
