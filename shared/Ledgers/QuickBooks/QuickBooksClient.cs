using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.QuickBooks;

/// <summary>
/// A narrow typed client for the QBO Accounting API v3 operations the adapter uses (stands in for
/// IppDotNetSdkForQuickBooksApiV3, ledger-apis.md D7). Every call goes to <c>v3/company/{realmId}/…</c> with
/// <c>minorversion</c> (Q13), gets a token, passes the per-realm <see cref="QuickBooksRateGate"/> and, on writes,
/// carries <c>requestid</c> (Q5). A 401 renews the token and retries once (QBO did not process it). A Fault is a
/// failure whatever the HTTP status, including inside a 200 (Q9). Transport trouble after a write was sent is Ambiguous.
/// </summary>
internal sealed partial class QuickBooksClient(
    HttpClient http,
    QuickBooksTokenManager tokens,
    QuickBooksRateGate gate,
    IOptions<QuickBooksOptions> options,
    TimeProvider time,
    ILogger<QuickBooksClient> logger)
{
    private readonly QuickBooksOptions _options = options.Value;

    /// <summary>POST /{entity}[?operation=…]: create, full or sparse update, delete (contract §10).</summary>
    public Task<LedgerResult<QboEnvelope>> WriteAsync(LedgerConnection connection, string entity, object body, string requestId, string? operation, CancellationToken cancellationToken)
    {
        var query = operation is null ? new List<(string Key, string Value)>() : [("operation", operation)];
        query.Add(("requestid", requestId));
        return SendAsync(connection, HttpMethod.Post, entity, query, body, batch: false, cancellationToken);
    }

    /// <summary>GET /{entity}/{Id}.</summary>
    public Task<LedgerResult<QboEnvelope>> ReadAsync(LedgerConnection connection, string entity, string id, CancellationToken cancellationToken) =>
        SendAsync(connection, HttpMethod.Get, $"{entity}/{Uri.EscapeDataString(id)}", [], null, batch: false, cancellationToken);

    /// <summary>GET /query?query=… (contract §10: at most 1000 rows).</summary>
    public Task<LedgerResult<QboEnvelope>> QueryAsync(LedgerConnection connection, string statement, CancellationToken cancellationToken) =>
        SendAsync(connection, HttpMethod.Get, "query", [("query", statement)], null, batch: false, cancellationToken);

    /// <summary>POST /batch (at most 30 items, contract §10 and §14), paced on the batch count (Q6).</summary>
    public Task<LedgerResult<QboEnvelope>> BatchAsync(LedgerConnection connection, QboBatchRequest body, string requestId, CancellationToken cancellationToken) =>
        SendAsync(connection, HttpMethod.Post, "batch", [("requestid", requestId)], body, batch: true, cancellationToken);

    /// <summary>GET /cdc?entities=…&amp;changedSince=… (Q10: 30 days back at most, 1,000 objects an answer).</summary>
    public Task<LedgerResult<QboEnvelope>> ChangesAsync(LedgerConnection connection, string entities, DateTimeOffset changedSince, CancellationToken cancellationToken) =>
        SendAsync(connection, HttpMethod.Get, "cdc", [("entities", entities), ("changedSince", changedSince.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture))], null, batch: false, cancellationToken);

    /// <summary>GET /preferences (contract §9).</summary>
    public Task<LedgerResult<QboEnvelope>> PreferencesAsync(LedgerConnection connection, CancellationToken cancellationToken) =>
        SendAsync(connection, HttpMethod.Get, "preferences", [], null, batch: false, cancellationToken);

    private async Task<LedgerResult<QboEnvelope>> SendAsync(
        LedgerConnection connection, HttpMethod method, string path, List<(string Key, string Value)> query, object? body, bool batch, CancellationToken cancellationToken)
    {
        var write = method != HttpMethod.Get;
        var url = Url(connection.LedgerTenantId, path, query);
        string? rejected = null;
        for (var attempt = 0; ; attempt++)
        {
            var token = rejected is null
                ? await tokens.GetAccessTokenAsync(connection, cancellationToken)
                : await tokens.RenewAfterRejectionAsync(connection, rejected, cancellationToken);
            if (!token.Succeeded)
            {
                return token.Failure!;
            }

            var lease = await gate.AcquireAsync(connection.LedgerTenantId, batch, cancellationToken);
            if (!lease.Succeeded)
            {
                return lease.Failure!;
            }

            using (lease.Value)
            {
                using var request = new HttpRequestMessage(method, url);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                if (body is not null)
                {
                    request.Content = JsonContent.Create(body, body.GetType(), options: QuickBooksJson.Options);
                }

                var exchanged = await ExchangeAsync(request, write, cancellationToken);
                if (exchanged.Failure is { } transport)
                {
                    LogCallFailed(logger, connection.ConnectionId, method.Method, path, transport.Kind, null, null);
                    return transport;
                }

                var (status, headers, text) = exchanged.Response!.Value;
                if (status == 401 && attempt == 0)
                {
                    rejected = token.Value;
                    continue;
                }

                var envelope = Deserialize(text);
                if (status is >= 200 and < 300 && envelope is not null && envelope.Fault is null)
                {
                    return LedgerResult<QboEnvelope>.Ok(envelope);
                }

                if (status is >= 200 and < 300 && envelope is null)
                {
                    return new LedgerFailure(write ? LedgerFailureKind.Ambiguous : LedgerFailureKind.Transient, "QuickBooks answered with a body that is not the expected JSON.", null, status);
                }

                var failure = QuickBooksErrorClassifier.Classify(status, headers, envelope?.Fault, text, time.GetUtcNow(), _options.DefaultThrottleWait);
                if (failure.Kind == LedgerFailureKind.Throttled)
                {
                    gate.Block(connection.LedgerTenantId, failure.RetryAfter ?? _options.DefaultThrottleWait);
                }

                LogCallFailed(logger, connection.ConnectionId, method.Method, path, failure.Kind, status, failure.RequestId);
                return failure;
            }
        }
    }

    private Uri Url(string realmId, string path, List<(string Key, string Value)> query)
    {
        var parameters = query.Prepend((Key: "minorversion", Value: _options.MinorVersion.ToString(CultureInfo.InvariantCulture)))
            .Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value));
        return new Uri(_options.ApiBaseUrl, $"v3/company/{Uri.EscapeDataString(realmId)}/{path}?{string.Join('&', parameters)}");
    }

    private async Task<(LedgerFailure? Failure, (int, HttpResponseHeaders, string)? Response)> ExchangeAsync(HttpRequestMessage request, bool write, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
            var text = await response.Content.ReadAsStringAsync(linked.Token);
            return (null, ((int)response.StatusCode, response.Headers, text));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (Unknown(write, "QuickBooks did not answer in time."), null);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            // Nothing reached QBO: safe to retry even a write.
            return (new LedgerFailure(LedgerFailureKind.Transient, $"QuickBooks unreachable ({ex.HttpRequestError})."), null);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return (Unknown(write, "The connection to QuickBooks broke before the answer arrived."), null);
        }
    }

    /// <summary>After a write was sent, a lost answer means the outcome is unknown: read back, never post again blindly.</summary>
    private static LedgerFailure Unknown(bool write, string message) => new(write ? LedgerFailureKind.Ambiguous : LedgerFailureKind.Transient, message);

    private static QboEnvelope? Deserialize(string text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.TrimStart()[0] != '{')
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<QboEnvelope>(text, QuickBooksJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 4211, Level = LogLevel.Warning, Message = "QuickBooks call for connection {ConnectionId} {Method} {Path} failed: {Kind} (HTTP {Status}, intuit_tid {TransactionId})")]
    private static partial void LogCallFailed(ILogger logger, string connectionId, string method, string path, LedgerFailureKind kind, int? status, string? transactionId);
}
