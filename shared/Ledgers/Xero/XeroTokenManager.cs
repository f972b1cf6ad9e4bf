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
/// the process, and across processes a claim written into the stored row with If-Match (the store's version is the
/// row's ETag). Of the workers that see an expiring token, one wins the claim and refreshes; the others use a token
/// that still works or poll the row until the new tokens are there. A claim lapses after RequestTimeout, so a
/// crashed refresher does not lock the connection. An invalid_grant after our lapsed claim was taken over is a lost
/// race (X21 grace), not a lost connection: reload. Otherwise invalid_grant means consent is gone.
/// </summary>
internal sealed partial class XeroTokenManager(
    HttpClient http,
    ISecretStore store,
    IOptions<XeroOptions> options,
    TimeProvider time,
    ILogger<XeroTokenManager> logger)
{
    private const int MaxRounds = 4;

    // How often a worker looks again while another holds the refresh claim, and how long a token must still live
    // to be used meanwhile.
    private static readonly TimeSpan ClaimPoll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MinimumRemainingLife = TimeSpan.FromSeconds(30);
    private readonly XeroOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, ConnectionTokens> _connections = new(StringComparer.Ordinal);

    /// <summary>Stores the refresh token a consent flow (or the run command) obtained, replacing whatever was there.</summary>
    public async Task SeedAsync(string connectionId, XeroTokenSet tokens, CancellationToken cancellationToken)
    {
        var name = SecretName(connectionId);
        for (var round = 0; round < MaxRounds; round++)
        {
            var current = await store.GetAsync(name, cancellationToken);
            if (await store.SetAsync(name, Serialize(new XeroTokenRow(tokens, null)), current?.Version, cancellationToken) is { } version)
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
            var deadline = time.GetUtcNow() + _options.RequestTimeout * 2;
            while (time.GetUtcNow() <= deadline)
            {
                // The store is the truth across processes: another one may have refreshed, or be refreshing.
                var entry = await store.GetAsync(name, cancellationToken);
                var row = entry is null ? null : Deserialize(entry.Value);
                if (Usable(row?.Tokens, rejected) is { } fresh)
                {
                    state.Cached = new StoredTokens(row!.Tokens, entry!.Version);
                    return LedgerResult<string>.Ok(fresh);
                }

                if (row is null && _options.Grant == XeroGrant.RefreshToken)
                {
                    return new LedgerFailure(LedgerFailureKind.AuthorisationLost, "This Xero connection has no refresh token; connect the organisation again.");
                }

                var now = time.GetUtcNow();
                if (row?.RefreshClaimedUntil > now)
                {
                    // Another worker holds the claim. Its refresh takes a moment: use a token that still works, or wait for its result.
                    if (StillValid(row.Tokens, rejected) is { } stillValid)
                    {
                        return LedgerResult<string>.Ok(stillValid);
                    }

                    await Task.Delay(ClaimPoll, time, cancellationToken);
                    continue;
                }

                // Claim the refresh with If-Match: of all workers that saw this version, one wins; the rest reload.
                var claimed = await store.SetAsync(name, Serialize(new XeroTokenRow(row?.Tokens ?? XeroTokenSet.FromRefreshToken(""), now + _options.RequestTimeout + ClaimPoll)), entry?.Version, cancellationToken);
                if (claimed is null)
                {
                    continue;
                }

                var obtained = await RequestTokensAsync(row?.Tokens, cancellationToken);
                if (!obtained.Succeeded)
                {
                    var released = await store.SetAsync(name, Serialize(new XeroTokenRow(row?.Tokens ?? XeroTokenSet.FromRefreshToken(""), null)), claimed, cancellationToken);
                    if (obtained.Failure!.Kind == LedgerFailureKind.AuthorisationLost && released is null)
                    {
                        // Our claim lapsed and someone else rotated meanwhile (X21 grace): use theirs.
                        LogLostRefreshRace(logger, connection.ConnectionId);
                        continue;
                    }

                    LogRefreshFailed(logger, connection.ConnectionId, obtained.Failure.Kind);
                    return obtained.Failure;
                }

                var tokens = obtained.Value!;
                var version = await store.SetAsync(name, Serialize(new XeroTokenRow(tokens, null)), claimed, cancellationToken);
                // A null version means our claim lapsed and another worker stored its own rotation: ours still works for
                // this process (Xero's grace, X21), and the next refresh reads theirs.
                state.Cached = new StoredTokens(tokens, version ?? "");
                LogRefreshed(logger, connection.ConnectionId, tokens.AccessTokenExpiresAt);
                return LedgerResult<string>.Ok(tokens.AccessToken);
            }

            return new LedgerFailure(LedgerFailureKind.Transient, "Another worker's Xero token refresh did not finish; retry.", _options.RequestTimeout);
        }
        finally
        {
            state.Refreshing.Release();
        }
    }

    /// <summary>
    /// Exchanges the authorization code a consent returned (RFC 6749 §4.1.3; X21) for tokens. Nothing is stored: the
    /// caller checks what the consent reaches first, then keeps the tokens with <see cref="SeedAsync"/>.
    /// </summary>
    public Task<LedgerResult<XeroTokenSet>> ExchangeCodeAsync(string code, Uri redirectUri, CancellationToken cancellationToken) =>
        PostTokenRequestAsync(
            new() { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirectUri.AbsoluteUri },
            null,
            "authorization code",
            "connect the organisation again",
            cancellationToken);

    private Task<LedgerResult<XeroTokenSet>> RequestTokensAsync(XeroTokenSet? stored, CancellationToken cancellationToken)
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
            return Task.FromResult<LedgerResult<XeroTokenSet>>(new LedgerFailure(LedgerFailureKind.AuthorisationLost, "This Xero connection has no refresh token; connect the organisation again."));
        }

        return PostTokenRequestAsync(form, stored, "refresh", "reconnect the organisation", cancellationToken);
    }

    private async Task<LedgerResult<XeroTokenSet>> PostTokenRequestAsync(
        Dictionary<string, string> form, XeroTokenSet? stored, string what, string remedy, CancellationToken cancellationToken)
    {
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
                _ => new LedgerFailure(LedgerFailureKind.AuthorisationLost, $"Xero refused the {what} ({parsed?.Error ?? status.ToString(System.Globalization.CultureInfo.InvariantCulture)}); {remedy}.", null, status),
            };
        }
    }

    private string? Usable(XeroTokenSet? tokens, string? rejected) =>
        tokens is { AccessToken.Length: > 0 }
        && tokens.AccessToken != rejected
        && tokens.AccessTokenExpiresAt - _options.RefreshBeforeExpiry > time.GetUtcNow()
            ? tokens.AccessToken
            : null;

    private string? StillValid(XeroTokenSet tokens, string? rejected) =>
        tokens is { AccessToken.Length: > 0 } && tokens.AccessToken != rejected && tokens.AccessTokenExpiresAt - MinimumRemainingLife > time.GetUtcNow()
            ? tokens.AccessToken
            : null;

    private ConnectionTokens Connection(string connectionId) => _connections.GetOrAdd(connectionId, _ => new ConnectionTokens());

    private static string SecretName(string connectionId) => LedgerTokenNames.For(LedgerKind.Xero, connectionId);

    private static string Serialize(XeroTokenRow row) => JsonSerializer.Serialize(row);

    private static XeroTokenRow? Deserialize(string value) => JsonSerializer.Deserialize<XeroTokenRow>(value);

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

    /// <summary>The stored row: the tokens, and while one worker refreshes them, until when its claim holds.</summary>
    private sealed record XeroTokenRow(XeroTokenSet Tokens, DateTimeOffset? RefreshClaimedUntil);
}
