using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CreditFunctions.Ledgers.Xero;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.QuickBooks;

/// <summary>
/// Access tokens per connection (ledger-apis.md Q12): they live 1 hour and are refreshed a few minutes early; the
/// refresh token "may change on any refresh", so the newest is always stored and shared by every instance through the
/// <see cref="ISecretStore"/> (D6). One refresh per connection at a time: a SemaphoreSlim in the process, and across
/// processes a claim written into the stored row with If-Match (the row's version). Of the workers that see an
/// expiring token one wins the claim; the others use a token that still works or wait for the new one. A claim lapses
/// after RequestTimeout, so a crashed refresher does not lock the connection out. invalid_grant means consent is gone,
/// unless our lapsed claim was taken over meanwhile (then another worker rotated: reload).
/// </summary>
internal sealed partial class QuickBooksTokenManager(
    HttpClient http,
    ISecretStore store,
    IOptions<QuickBooksOptions> options,
    TimeProvider time,
    ILogger<QuickBooksTokenManager> logger)
{
    private static readonly TimeSpan ClaimPoll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MinimumRemainingLife = TimeSpan.FromSeconds(30);
    private readonly QuickBooksOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, ConnectionTokens> _connections = new(StringComparer.Ordinal);

    /// <summary>Stores tokens a consent (or the run command) obtained, replacing whatever was there.</summary>
    public async Task SeedAsync(string connectionId, QuickBooksTokenSet tokens, CancellationToken cancellationToken)
    {
        var name = SecretName(connectionId);
        for (var round = 0; round < 4; round++)
        {
            var current = await store.GetAsync(name, cancellationToken);
            if (await store.SetAsync(name, Serialize(new TokenRow(tokens, null)), current?.Version, cancellationToken) is { } version)
            {
                Connection(connectionId).Cached = new StoredTokens(tokens, version);
                return;
            }
        }

        throw new InvalidOperationException("The token store kept changing while seeding.");
    }

    public Task<LedgerResult<string>> GetAccessTokenAsync(LedgerConnection connection, CancellationToken cancellationToken) =>
        EnsureAsync(connection, null, cancellationToken);

    /// <summary>QBO answered 401 to <paramref name="rejected"/>: get a different token unless one already replaced it.</summary>
    public Task<LedgerResult<string>> RenewAfterRejectionAsync(LedgerConnection connection, string rejected, CancellationToken cancellationToken) =>
        EnsureAsync(connection, rejected, cancellationToken);

    /// <summary>Exchanges a consent's authorization code (contract §13: grant_type=authorization_code with code and redirect_uri). Nothing is stored.</summary>
    public Task<LedgerResult<QuickBooksTokenSet>> ExchangeCodeAsync(string code, Uri redirectUri, CancellationToken cancellationToken) =>
        PostAsync(new() { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirectUri.AbsoluteUri }, null, "authorization code", "connect the company again", cancellationToken);

    private async Task<LedgerResult<string>> EnsureAsync(LedgerConnection connection, string? rejected, CancellationToken cancellationToken)
    {
        var state = Connection(connection.ConnectionId);
        if (Usable(state.Cached?.Tokens, rejected, _options.RefreshBeforeExpiry) is { } fast)
        {
            return LedgerResult<string>.Ok(fast);
        }

        await state.Refreshing.WaitAsync(cancellationToken);
        try
        {
            if (Usable(state.Cached?.Tokens, rejected, _options.RefreshBeforeExpiry) is { } cached)
            {
                return LedgerResult<string>.Ok(cached);
            }

            var name = SecretName(connection.ConnectionId);
            var deadline = time.GetUtcNow() + _options.RequestTimeout * 2;
            while (time.GetUtcNow() <= deadline)
            {
                var entry = await store.GetAsync(name, cancellationToken);
                var row = entry is null ? null : JsonSerializer.Deserialize<TokenRow>(entry.Value);
                if (Usable(row?.Tokens, rejected, _options.RefreshBeforeExpiry) is { } fresh)
                {
                    state.Cached = new StoredTokens(row!.Tokens, entry!.Version);
                    return LedgerResult<string>.Ok(fresh);
                }

                if (row?.Tokens.RefreshToken is not { Length: > 0 })
                {
                    return new LedgerFailure(LedgerFailureKind.AuthorisationLost, "This QuickBooks connection has no refresh token; connect the company again.");
                }

                var now = time.GetUtcNow();
                if (row.RefreshClaimedUntil > now)
                {
                    if (Usable(row.Tokens, rejected, MinimumRemainingLife) is { } stillValid)
                    {
                        return LedgerResult<string>.Ok(stillValid);
                    }

                    await Task.Delay(ClaimPoll, time, cancellationToken);
                    continue;
                }

                var claimed = await store.SetAsync(name, Serialize(row with { RefreshClaimedUntil = now + _options.RequestTimeout + ClaimPoll }), entry!.Version, cancellationToken);
                if (claimed is null)
                {
                    continue; // another worker claimed it first: reload
                }

                var obtained = await PostAsync(
                    new() { ["grant_type"] = "refresh_token", ["refresh_token"] = row.Tokens.RefreshToken }, row.Tokens, "refresh", "reconnect the company", cancellationToken);
                if (!obtained.Succeeded)
                {
                    var released = await store.SetAsync(name, Serialize(row with { RefreshClaimedUntil = null }), claimed, cancellationToken);
                    if (obtained.Failure!.Kind == LedgerFailureKind.AuthorisationLost && released is null)
                    {
                        LogLostRefreshRace(logger, connection.ConnectionId);
                        continue;
                    }

                    LogRefreshFailed(logger, connection.ConnectionId, obtained.Failure.Kind);
                    return obtained.Failure;
                }

                var tokens = obtained.Value!;
                var version = await store.SetAsync(name, Serialize(new TokenRow(tokens, null)), claimed, cancellationToken);
                state.Cached = new StoredTokens(tokens, version ?? "");
                var rotated = !string.Equals(tokens.RefreshToken, row.Tokens.RefreshToken, StringComparison.Ordinal);
                LogRefreshed(logger, connection.ConnectionId, tokens.AccessTokenExpiresAt, rotated);
                return LedgerResult<string>.Ok(tokens.AccessToken);
            }

            return new LedgerFailure(LedgerFailureKind.Transient, "Another worker's QuickBooks token refresh did not finish; retry.", _options.RequestTimeout);
        }
        finally
        {
            state.Refreshing.Release();
        }
    }

    private async Task<LedgerResult<QuickBooksTokenSet>> PostAsync(
        Dictionary<string, string> form, QuickBooksTokenSet? stored, string what, string remedy, CancellationToken cancellationToken)
    {
        // Contract §13: Basic base64(client_id:client_secret), form-encoded, Accept: application/json.
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.TokenUrl) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.ClientId}:{_options.ClientSecret}")));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await http.SendAsync(request, linked.Token);
            var body = await response.Content.ReadAsStringAsync(linked.Token);
            var parsed = TryParse(body);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode && parsed?.AccessToken is { Length: > 0 } access)
            {
                // Q12: the refresh token may change on any refresh; keep whichever came back.
                return LedgerResult<QuickBooksTokenSet>.Ok(new QuickBooksTokenSet(access, time.GetUtcNow() + TimeSpan.FromSeconds(parsed.ExpiresIn ?? 3600), parsed.RefreshToken ?? stored?.RefreshToken));
            }

            return status switch
            {
                429 => new LedgerFailure(LedgerFailureKind.Throttled, "QuickBooks token endpoint rate limit.", response.Headers.RetryAfter?.Delta ?? _options.DefaultThrottleWait, status),
                >= 500 => new LedgerFailure(LedgerFailureKind.Transient, $"QuickBooks token endpoint returned {status}.", null, status),
                _ => new LedgerFailure(LedgerFailureKind.AuthorisationLost, $"QuickBooks refused the {what} ({parsed?.Error ?? status.ToString(System.Globalization.CultureInfo.InvariantCulture)}); {remedy}.", null, status),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new LedgerFailure(LedgerFailureKind.Transient, "QuickBooks token endpoint timed out.");
        }
        catch (HttpRequestException ex)
        {
            return new LedgerFailure(LedgerFailureKind.Transient, $"QuickBooks token endpoint unreachable ({ex.HttpRequestError}).");
        }
    }

    private string? Usable(QuickBooksTokenSet? tokens, string? rejected, TimeSpan margin) =>
        tokens is { AccessToken.Length: > 0 } && tokens.AccessToken != rejected && tokens.AccessTokenExpiresAt - margin > time.GetUtcNow()
            ? tokens.AccessToken
            : null;

    private ConnectionTokens Connection(string connectionId) => _connections.GetOrAdd(connectionId, _ => new ConnectionTokens());

    private static string SecretName(string connectionId) => LedgerTokenNames.For(LedgerKind.QuickBooks, connectionId);

    private static string Serialize(TokenRow row) => JsonSerializer.Serialize(row);

    private static TokenResponse? TryParse(string body)
    {
        try
        {
            return body.TrimStart().StartsWith('{') ? JsonSerializer.Deserialize<TokenResponse>(body) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "QuickBooks tokens refreshed for connection {ConnectionId}; access token valid until {ExpiresAt:O}; refresh token changed: {Rotated}")]
    private static partial void LogRefreshed(ILogger logger, string connectionId, DateTimeOffset expiresAt, bool rotated);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Information, Message = "QuickBooks tokens for connection {ConnectionId} were rotated by another worker; using theirs")]
    private static partial void LogLostRefreshRace(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Warning, Message = "QuickBooks token refresh failed for connection {ConnectionId}: {Kind}")]
    private static partial void LogRefreshFailed(ILogger logger, string connectionId, LedgerFailureKind kind);

    private sealed class ConnectionTokens
    {
        public SemaphoreSlim Refreshing { get; } = new(1, 1);

        public StoredTokens? Cached { get; set; }
    }

    private sealed record StoredTokens(QuickBooksTokenSet Tokens, string Version);

    private sealed record TokenRow(QuickBooksTokenSet Tokens, DateTimeOffset? RefreshClaimedUntil);

    /// <summary>The token response (contract §13, OidcConstants L104–112).</summary>
    private sealed record TokenResponse
    {
        [JsonPropertyName("access_token")]
        public string? AccessToken { get; init; }

        [JsonPropertyName("expires_in")]
        public int? ExpiresIn { get; init; }

        [JsonPropertyName("refresh_token")]
        public string? RefreshToken { get; init; }

        [JsonPropertyName("error")]
        public string? Error { get; init; }
    }
}
