using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace CreditFunctions.Ledgers.Xero;

/// <summary>
/// Turns a Xero error response into the failure the workflow branches on (ledger-apis.md X15, X17, X18).
/// Messages are Xero's own words (element validation messages), never headers or tokens.
/// </summary>
internal static class XeroErrorClassifier
{
    /// <summary>Xero's per-request id, quoted to Xero support when a call is disputed.</summary>
    public const string CorrelationHeader = "Xero-Correlation-Id";

    // X15: the daily limit's Retry-After is unverified; an hour keeps a parked tenant from hammering Xero.
    private static readonly TimeSpan DefaultMinuteRetry = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DefaultDayRetry = TimeSpan.FromHours(1);

    public static LedgerFailure Classify(HttpStatusCode status, HttpResponseHeaders headers, string body, DateTimeOffset now)
    {
        var code = (int)status;
        var requestId = headers.TryGetValues(CorrelationHeader, out var ids) ? ids.FirstOrDefault() : null;
        switch (code)
        {
            case 400:
                return FromBadRequest(body, requestId);
            case 401 or 403:
                return new LedgerFailure(LedgerFailureKind.AuthorisationLost, $"Xero refused the connection's authorisation ({code}); reconnect the organisation.", null, code, requestId);
            case 404:
                return new LedgerFailure(LedgerFailureKind.NotFound, "Xero has no such document (404).", null, code, requestId);
            case 429:
                var problem = headers.TryGetValues("X-Rate-Limit-Problem", out var problems) ? problems.FirstOrDefault() : null;
                var daily = string.Equals(problem, "day", StringComparison.OrdinalIgnoreCase);
                var retryAfter = RetryAfter(headers, now) ?? (daily ? DefaultDayRetry : DefaultMinuteRetry);
                return daily
                    ? new LedgerFailure(LedgerFailureKind.DailyLimitReached, "Xero daily call limit reached for this organisation.", retryAfter, code, requestId)
                    : new LedgerFailure(LedgerFailureKind.Throttled, $"Xero rate limit reached ({problem ?? "unspecified"}).", retryAfter, code, requestId);
            case >= 500:
                return new LedgerFailure(LedgerFailureKind.Transient, $"Xero returned {code}. {Summary(body)}".TrimEnd(), RetryAfter(headers, now), code, requestId);
            default:
                return new LedgerFailure(LedgerFailureKind.Validation, $"Xero returned {code}. {Summary(body)}".TrimEnd(), null, code, requestId);
        }
    }

    /// <summary>Element-level messages (400 body, or an element of a 200 batch with summarizeErrors=false, X4).</summary>
    public static LedgerFailure FromMessages(IReadOnlyCollection<string> messages, int? status, string? requestId)
    {
        var text = messages.Count == 0 ? "Xero rejected the document." : string.Join("; ", messages.Distinct(StringComparer.Ordinal));
        var kind = messages.Any(IsLockDate) ? LedgerFailureKind.PeriodLocked : LedgerFailureKind.Validation;
        return new LedgerFailure(kind, text, null, status, requestId);
    }

    /// <summary>X18: "The document date cannot be before the period lock date of …" / "… end of year lock date …".</summary>
    public static bool IsLockDate(string message) => message.Contains("lock date", StringComparison.OrdinalIgnoreCase);

    /// <summary>"Credit Note # must be unique." (ledger-apis.md D2, XeroAPI/Xero-Net #257).</summary>
    public static bool IsDuplicateNumber(LedgerFailure failure) =>
        failure.Kind == LedgerFailureKind.Validation && failure.Message.Contains("must be unique", StringComparison.OrdinalIgnoreCase);

    private static LedgerFailure FromBadRequest(string body, string? requestId)
    {
        var error = TryParse(body);
        var messages = error?.Elements?
            .SelectMany(e => e.ValidationErrors ?? [])
            .Select(v => v.Message)
            .OfType<string>()
            .Where(m => m.Length > 0)
            .ToList() ?? [];
        if (messages.Count > 0)
        {
            return FromMessages(messages, 400, requestId);
        }

        var message = error?.Message ?? Summary(body);
        return FromMessages(string.IsNullOrEmpty(message) ? [] : [message], 400, requestId);
    }

    private static XeroError? TryParse(string body)
    {
        if (string.IsNullOrWhiteSpace(body) || body.TrimStart()[0] != '{')
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<XeroError>(body, XeroJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseHeaders headers, DateTimeOffset now) =>
        headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
            _ => null,
        };

    /// <summary>The error's own message when the body is Xero's JSON, else a short prefix of the text (429/5xx bodies are short OAuth text, X15).</summary>
    private static string Summary(string body)
    {
        var error = TryParse(body);
        if (error?.Message is { Length: > 0 } message)
        {
            return message;
        }

        var text = body.Trim();
        return text.Length <= 200 ? text : text[..200];
    }
}
