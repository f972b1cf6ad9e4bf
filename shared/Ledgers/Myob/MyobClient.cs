using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.Myob;

/// <summary>
/// A narrow typed client for the MYOB Business API v2 calls the adapter makes (stands in for the old-framework
/// MYOB.AccountRight.API.SDK, ledger-apis.md D7). Every call passes the per-API-key <see cref="MyobRateGate"/> and carries
/// the headers of M1 / contract §9: Bearer token, <c>x-myobapi-key</c>, <c>x-myobapi-version: v2</c> (v1 has no GUIDs),
/// <c>x-myobapi-cftoken</c> when the company file has credentials, gzip. A 401 renews the token and retries once.
/// Outcomes are values: transport trouble after a write was sent is Ambiguous.
/// </summary>
internal sealed partial class MyobClient(
    HttpClient http,
    MyobTokenManager tokens,
    MyobRateGate gate,
    IOptions<MyobOptions> options,
    TimeProvider time,
    ILogger<MyobClient> logger)
{
    private readonly MyobOptions _options = options.Value;

    /// <summary>GET a collection, following NextPageLink until it is null (contract §8).</summary>
    public async Task<LedgerResult<List<T>>> ListAsync<T>(LedgerConnection connection, string route, string? filter, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        Uri? next = Url(connection, route + (filter is null ? "" : "?$filter=" + Uri.EscapeDataString(filter)));
        while (next is not null)
        {
            var page = await GetAsync<MyobPage<T>>(connection, next, null, cancellationToken);
            if (!page.Succeeded)
            {
                return page.Failure!;
            }

            items.AddRange(page.Value!.Value!.Items);
            // Use the returned URL as is (contract §8: do not rebuild MYOB's URIs).
            next = page.Value.Value.NextPageLink is { Length: > 0 } link ? new Uri(link) : null;
        }

        return LedgerResult<List<T>>.Ok(items);
    }

    /// <summary>GET one resource; with <paramref name="etag"/>, a 304 comes back as <see cref="MyobReply{T}.NotModified"/> (M5).</summary>
    public Task<LedgerResult<MyobReply<T>>> GetAsync<T>(LedgerConnection connection, string route, string? etag, CancellationToken cancellationToken)
        where T : class =>
        GetAsync<T>(connection, Url(connection, route), etag, cancellationToken);

    /// <summary>POST to a collection with returnBody=true: 201, the new record's URL in Location and the record in the body (contract §8).</summary>
    public async Task<LedgerResult<MyobReply<T>>> CreateAsync<T>(LedgerConnection connection, string route, object body, CancellationToken cancellationToken)
        where T : class =>
        await SendAsync<T>(connection, HttpMethod.Post, Url(connection, route + "?returnBody=true"), body, null, cancellationToken);

    /// <summary>PUT /{uid} with returnBody=true; the body must carry the current RowVersion (M5).</summary>
    public async Task<LedgerResult<MyobReply<T>>> UpdateAsync<T>(LedgerConnection connection, string route, string uid, object body, CancellationToken cancellationToken)
        where T : class =>
        await SendAsync<T>(connection, HttpMethod.Put, Url(connection, $"{route}/{Uri.EscapeDataString(uid)}?returnBody=true"), body, null, cancellationToken);

    /// <summary>DELETE /{uid}.</summary>
    public async Task<LedgerFailure?> DeleteAsync(LedgerConnection connection, string route, string uid, CancellationToken cancellationToken) =>
        (await SendAsync<object>(connection, HttpMethod.Delete, Url(connection, $"{route}/{Uri.EscapeDataString(uid)}"), null, null, cancellationToken)).Failure;

    private Task<LedgerResult<MyobReply<T>>> GetAsync<T>(LedgerConnection connection, Uri url, string? etag, CancellationToken cancellationToken)
        where T : class =>
        SendAsync<T>(connection, HttpMethod.Get, url, null, etag, cancellationToken);

    private Uri Url(LedgerConnection connection, string relative) => new(_options.ApiBaseUrl, $"{connection.LedgerTenantId}/{relative}");

    private async Task<LedgerResult<MyobReply<T>>> SendAsync<T>(LedgerConnection connection, HttpMethod method, Uri url, object? body, string? etag, CancellationToken cancellationToken)
        where T : class
    {
        var write = method != HttpMethod.Get;
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

            var lease = await gate.AcquireAsync(_options.ClientId, cancellationToken);
            if (!lease.Succeeded)
            {
                return lease.Failure!;
            }

            int status;
            string text;
            HttpResponseHeaders headers;
            using (lease.Value)
            {
                using var request = new HttpRequestMessage(method, url);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
                request.Headers.Add("x-myobapi-key", _options.ClientId);
                request.Headers.Add("x-myobapi-version", "v2");
                if (_options.CompanyFileCredentials.TryGetValue(connection.LedgerTenantId, out var credentials) && credentials.Length > 0)
                {
                    request.Headers.Add("x-myobapi-cftoken", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
                }

                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                if (etag is not null)
                {
                    request.Headers.TryAddWithoutValidation("If-None-Match", etag);
                }

                if (body is not null)
                {
                    request.Content = JsonContent.Create(body, body.GetType(), options: MyobJson.Options);
                }

                var exchanged = await ExchangeAsync(request, write, cancellationToken);
                if (exchanged.Failure is { } transport)
                {
                    LogCallFailed(logger, connection.ConnectionId, method.Method, url.AbsolutePath, transport.Kind, null);
                    return transport;
                }

                (status, headers, text) = exchanged.Response!.Value;
            }

            if (status == 401 && attempt == 0)
            {
                rejected = token.Value;
                continue;
            }

            var requestId = headers.TryGetValues(MyobErrorClassifier.RequestIdHeader, out var ids) ? ids.FirstOrDefault() : null;
            if (status == (int)HttpStatusCode.NotModified)
            {
                return LedgerResult<MyobReply<T>>.Ok(new MyobReply<T>(null, null, etag, true));
            }

            if (status is >= 200 and < 300)
            {
                var value = text.Length == 0 ? null : Deserialize<T>(text);
                if (value is null && method == HttpMethod.Get)
                {
                    return new LedgerFailure(LedgerFailureKind.Transient, "MYOB answered with a body that is not the expected JSON.", null, status, requestId);
                }

                return LedgerResult<MyobReply<T>>.Ok(new MyobReply<T>(value, headers.Location?.ToString(), headers.ETag?.Tag, false));
            }

            var failure = MyobErrorClassifier.Classify(status, text, requestId, time.GetUtcNow());
            if (failure.Kind is LedgerFailureKind.Throttled or LedgerFailureKind.DailyLimitReached)
            {
                gate.Block(_options.ClientId, failure.RetryAfter ?? MyobErrorClassifier.PerSecondRetry, failure.Kind == LedgerFailureKind.DailyLimitReached);
            }

            LogCallFailed(logger, connection.ConnectionId, method.Method, url.AbsolutePath, failure.Kind, status);
            return failure;
        }
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
            return (Unknown(write, "MYOB did not answer in time."), null);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            // Nothing reached MYOB: safe to retry even a write.
            return (new LedgerFailure(LedgerFailureKind.Transient, $"MYOB unreachable ({ex.HttpRequestError})."), null);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return (Unknown(write, "The connection to MYOB broke before the answer arrived."), null);
        }
    }

    /// <summary>After a write was sent, a lost answer means the outcome is unknown: look it up, never post again blindly (M6).</summary>
    private static LedgerFailure Unknown(bool write, string message) =>
        new(write ? LedgerFailureKind.Ambiguous : LedgerFailureKind.Transient, message);

    private static T? Deserialize<T>(string text)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(text, MyobJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 4211, Level = LogLevel.Warning, Message = "MYOB call for connection {ConnectionId} {Method} {Path} failed: {Kind} (HTTP {Status})")]
    private static partial void LogCallFailed(ILogger logger, string connectionId, string method, string path, LedgerFailureKind kind, int? status);
}

/// <summary>A successful answer: the body (null when MYOB sent none), the Location of a created record, the ETag, and whether it was a 304.</summary>
internal sealed record MyobReply<T>(T? Value, string? Location, string? ETag, bool NotModified)
    where T : class
{
    /// <summary>The new record's UID: the last path segment of <c>Location</c> (contract §8), or the body's.</summary>
    public static string? UidFrom(string? location) =>
        location is { Length: > 0 } && Uri.TryCreate(location, UriKind.Absolute, out var uri) ? uri.Segments[^1].TrimEnd('/') : null;
}
