using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.Xero;

/// <summary>
/// Access tokens per connection (ledger-apis.md X21): they live 30 minutes and are refreshed a few minutes early;
/// refresh tokens rotate on every refresh. Only one refresh per connection runs at a time: a SemaphoreSlim within
/// the process, and across processes the version of the stored token set (write with If-Match; on conflict reload
/// and use what the other worker stored). An invalid_grant after someone else rotated is a lost race, not a lost
/// connection: reload. Only when the stored set has not moved does invalid_grant mean consent is gone.
/// </summary>
internal sealed partial class XeroTokenManager(
    HttpClient http,
    ISecretStore store,
    IOptions<XeroOptions> options,
    TimeProvider time,
    ILogger<XeroTokenManager> logger)
{
    private const int MaxRounds = 4;
    private readonly XeroOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, ConnectionTokens> _connections = new(StringComparer.Ordinal);

    /// <summary>Stores the refresh token a consent flow (or the run command) obtained, replacing whatever was there.</summary>
    public async Task SeedAsync(string connectionId, XeroTokenSet tokens, CancellationToken cancellationToken)
    {
        var name = SecretName(connectionId);
        for (var round = 0; round < MaxRounds; round++)
        {
            var current = await store.GetAsync(name, cancellationToken);
            if (await store.SetAsync(name, Serialize(tokens), current?.Version, cancellationToken) is { } version)
            {
                Connection(connectionId).Cached = new StoredTokens(tokens, version);
                return;
            }
        }

        throw new InvalidOperationException("The token store kept changing while seeding.");
    }

    public Task<LedgerResult<string>> GetAccessTokenAsync(LedgerConnection connection, CancellationToken cancellationToken) =>
        EnsureAsync(connection, rejected: null, cancellationToken);

    /// <summary>Xero answered 401 to <paramref name="rejected"/>: get a different token unless one already replaced it.</summary>
    public Task<LedgerResult<string>> RenewAfterRejectionAsync(LedgerConnection connection, string rejected, CancellationToken cancellationToken) =>
        EnsureAsync(connection, rejected, cancellationToken);

    private async Task<LedgerResult<string>> EnsureAsync(LedgerConnection connection, string? rejected, CancellationToken cancellationToken)
    {
        var state = Connection(connection.ConnectionId);
        if (Usable(state.Cached?.Tokens, rejected) is { } fast)
        {
            return LedgerResult<string>.Ok(fast);
        }

        await state.Refreshing.WaitAsync(cancellationToken);
        try
        {
            if (Usable(state.Cached?.Tokens, rejected) is { } cached)
            {
                return LedgerResult<string>.Ok(cached);
            }

            var name = SecretName(connection.ConnectionId);
            for (var round = 0; round < MaxRounds; round++)
            {
                // Another process may have refreshed already: the store is the truth across processes.
                var entry = await store.GetAsync(name, cancellationToken);
                var stored = entry is null ? null : Deserialize(entry.Value);
                if (Usable(stored, rejected) is { } fresh)
                {
                    state.Cached = new StoredTokens(stored!, entry!.Version);
                    return LedgerResult<string>.Ok(fresh);
                }

                var obtained = await RequestTokensAsync(stored, cancellationToken);
                if (!obtained.Succeeded)
                {
                    if (obtained.Failure!.Kind == LedgerFailureKind.AuthorisationLost && await MovedAsync(name, entry, cancellationToken))
                    {
                        // X21 grace: our refresh token was already rotated by another worker; use theirs.
                        LogLostRefreshRace(logger, connection.ConnectionId);
                        continue;
                    }

                    LogRefreshFailed(logger, connection.ConnectionId, obtained.Failure.Kind);
                    return obtained.Failure;
                }

                var tokens = obtained.Value!;
                if (await store.SetAsync(name, Serialize(tokens), entry?.Version, cancellationToken) is { } version)
                {
                    state.Cached = new StoredTokens(tokens, version);
                    LogRefreshed(logger, connection.ConnectionId, tokens.AccessTokenExpiresAt);
                    return LedgerResult<string>.Ok(tokens.AccessToken);
                }

                // Another worker stored a newer set between our read and write; the next round reads and uses it.
                LogLostRefreshRace(logger, connection.ConnectionId);
            }

            return new LedgerFailure(LedgerFailureKind.Transient, "Xero tokens kept changing underneath this worker; retry.");
        }
        finally
        {
            state.Refreshing.Release();
        }
    }

    private async Task<bool> MovedAsync(string name, SecretEntry? before, CancellationToken cancellationToken)
    {
        var now = await store.GetAsync(name, cancellationToken);
        return now is not null && now.Version != before?.Version;
    }

    private async Task<LedgerResult<XeroTokenSet>> RequestTokensAsync(XeroTokenSet? stored, CancellationToken cancellationToken)
    {
        Dictionary<string, string> form;
        if (_options.Grant == XeroGrant.ClientCredentials)
        {
            form = new() { ["grant_type"] = "client_credentials", ["scope"] = _options.Scopes };
        }
        else if (stored?.RefreshToken is { Length: > 0 } refreshToken)
        {
            form = new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken };
        }
        else
        {
            return new LedgerFailure(LedgerFailureKind.AuthorisationLost, "This Xero connection has no refresh token; connect the organisation again.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_options.IdentityBaseUrl, "connect/token"))
        {
            Content = new FormUrlEncodedContent(form),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.ClientId}:{_options.ClientSecret}")));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var timeout = new CancellationTokenSource(_options.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        HttpResponseMessage response;
        string body;
        try
        {
            response = await http.SendAsync(request, linked.Token);
            body = await response.Content.ReadAsStringAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new LedgerFailure(LedgerFailureKind.Transient, "Xero identity server timed out.");
        }
        catch (HttpRequestException ex)
        {
            return new LedgerFailure(LedgerFailureKind.Transient, $"Xero identity server unreachable ({ex.HttpRequestError}).");
        }

        using (response)
        {
            var parsed = TryParse(body);
            if (response.IsSuccessStatusCode && parsed?.AccessToken is { Length: > 0 } access)
            {
                var expiresAt = time.GetUtcNow() + TimeSpan.FromSeconds(parsed.ExpiresIn ?? 1800);
                // The client-credentials grant has no refresh token; an authorization-code refresh always rotates (X21).
                return LedgerResult<XeroTokenSet>.Ok(new XeroTokenSet(access, expiresAt, parsed.RefreshToken ?? stored?.RefreshToken));
            }

            var status = (int)response.StatusCode;
            return status switch
            {
                429 => new LedgerFailure(LedgerFailureKind.Throttled, "Xero identity server rate limit.", response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(60), status),
                >= 500 => new LedgerFailure(LedgerFailureKind.Transient, $"Xero identity server returned {status}.", null, status),
                // invalid_grant (refresh token expired after 60 days unused, revoked, or already rotated), invalid_client.
                _ => new LedgerFailure(LedgerFailureKind.AuthorisationLost, $"Xero refused the refresh ({parsed?.Error ?? status.ToString(System.Globalization.CultureInfo.InvariantCulture)}); reconnect the organisation.", null, status),
            };
        }
    }

    private string? Usable(XeroTokenSet? tokens, string? rejected) =>
        tokens is { AccessToken.Length: > 0 }
        && tokens.AccessToken != rejected
        && tokens.AccessTokenExpiresAt - _options.RefreshBeforeExpiry > time.GetUtcNow()
            ? tokens.AccessToken
            : null;

    private ConnectionTokens Connection(string connectionId) => _connections.GetOrAdd(connectionId, _ => new ConnectionTokens());

    private static string SecretName(string connectionId) => $"xero-tokens-{connectionId}";

    private static string Serialize(XeroTokenSet tokens) => JsonSerializer.Serialize(tokens);

    private static XeroTokenSet? Deserialize(string value) => JsonSerializer.Deserialize<XeroTokenSet>(value);

    private static XeroTokenResponse? TryParse(string body)
    {
        try
        {
            return body.TrimStart().StartsWith('{') ? JsonSerializer.Deserialize<XeroTokenResponse>(body) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Xero tokens refreshed for connection {ConnectionId}; access token valid until {ExpiresAt:O}")]
    private static partial void LogRefreshed(ILogger logger, string connectionId, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Xero tokens for connection {ConnectionId} were rotated by another worker; using theirs")]
    private static partial void LogLostRefreshRace(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Xero token refresh failed for connection {ConnectionId}: {Kind}")]
    private static partial void LogRefreshFailed(ILogger logger, string connectionId, LedgerFailureKind kind);

    private sealed class ConnectionTokens
    {
        public SemaphoreSlim Refreshing { get; } = new(1, 1);

        // A reference swap is atomic; readers outside the semaphore see one whole set or the previous one.
        public StoredTokens? Cached { get; set; }
    }

    private sealed record StoredTokens(XeroTokenSet Tokens, string Version);
}
