using System.Collections.Concurrent;
using System.Text.Json;
using CreditFunctions.Ledgers.Xero;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.Myob;

/// <summary>
/// Access tokens per connection (contract §12): refreshed <see cref="MyobOptions.RefreshBeforeExpiry"/> early from the
/// stored refresh token, which may rotate on every refresh (MYOB does not say; the newest is always stored). Rotation is
/// shared by every instance through the <see cref="ISecretStore"/> row, as for Xero: one refresh per connection at a
/// time (a SemaphoreSlim in the process, and across processes a claim written into the row with If-Match); the others
/// use a token that still works or wait for the new one. A claim lapses after RequestTimeout. invalid_grant after our
/// lapsed claim was taken over is a lost race (reload); otherwise it means the consent is gone.
/// </summary>
internal sealed partial class MyobTokenManager(
    HttpClient http,
    ISecretStore store,
    IOptions<MyobOptions> options,
    TimeProvider time,
    ILogger<MyobTokenManager> logger)
{
    private static readonly TimeSpan ClaimPoll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MinimumRemainingLife = TimeSpan.FromSeconds(30);
    private readonly MyobOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, ConnectionTokens> _connections = new(StringComparer.Ordinal);

    /// <summary>Stores tokens a consent (or the run command) obtained, replacing whatever was there.</summary>
    public async Task SeedAsync(string connectionId, MyobTokenSet tokens, CancellationToken cancellationToken)
    {
        var name = SecretName(connectionId);
        for (var round = 0; round < 4; round++)
        {
            var current = await store.GetAsync(name, cancellationToken);
            if (await store.SetAsync(name, JsonSerializer.Serialize(new TokenRow(tokens, null)), current?.Version, cancellationToken) is { } version)
            {
                Connection(connectionId).Cached = (tokens, version);
                return;
            }
        }

        throw new InvalidOperationException("The token store kept changing while seeding.");
    }

    public Task<LedgerResult<string>> GetAccessTokenAsync(LedgerConnection connection, CancellationToken cancellationToken) =>
        EnsureAsync(connection, null, cancellationToken);

    /// <summary>MYOB answered 401 to <paramref name="rejected"/>: get a different token unless one already replaced it.</summary>
    public Task<LedgerResult<string>> RenewAfterRejectionAsync(LedgerConnection connection, string rejected, CancellationToken cancellationToken) =>
        EnsureAsync(connection, rejected, cancellationToken);

    /// <summary>Exchanges a consent's code (contract §12 code grant body). Nothing is stored: the caller checks the consent first.</summary>
    public Task<LedgerResult<MyobTokenSet>> ExchangeCodeAsync(string code, Uri redirectUri, CancellationToken cancellationToken) =>
        PostAsync(
            new()
            {
                ["client_id"] = _options.ClientId,
                ["client_secret"] = _options.ClientSecret,
                ["redirect_uri"] = redirectUri.AbsoluteUri,
                ["scope"] = _options.Scopes,
                ["code"] = code,
                ["grant_type"] = "authorization_code",
            },
            null,
            "authorization code",
            cancellationToken);

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
                    state.Cached = (row!.Tokens, entry!.Version);
                    return LedgerResult<string>.Ok(fresh);
                }

                if (row?.Tokens.RefreshToken is not { Length: > 0 })
                {
                    return new LedgerFailure(LedgerFailureKind.AuthorisationLost, "This MYOB connection has no refresh token; connect the company file again.");
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

                var claimed = await store.SetAsync(name, JsonSerializer.Serialize(row with { RefreshClaimedUntil = now + _options.RequestTimeout + ClaimPoll }), entry!.Version, cancellationToken);
                if (claimed is null)
                {
                    continue;
                }

                var obtained = await PostAsync(
                    new()
                    {
                        ["client_id"] = _options.ClientId,
                        ["client_secret"] = _options.ClientSecret,
                        ["refresh_token"] = row.Tokens.RefreshToken,
                        ["grant_type"] = "refresh_token",
                    },
                    row.Tokens,
                    "refresh",
                    cancellationToken);
                if (!obtained.Succeeded)
                {
                    var released = await store.SetAsync(name, JsonSerializer.Serialize(row with { RefreshClaimedUntil = null }), claimed, cancellationToken);
                    if (obtained.Failure!.Kind == LedgerFailureKind.AuthorisationLost && released is null)
                    {
                        LogLostRefreshRace(logger, connection.ConnectionId);
                        continue;
                    }

                    LogRefreshFailed(logger, connection.ConnectionId, obtained.Failure.Kind);
                    return obtained.Failure;
                }

                var tokens = obtained.Value!;
                var version = await store.SetAsync(name, JsonSerializer.Serialize(new TokenRow(tokens, null)), claimed, cancellationToken);
                state.Cached = (tokens, version ?? "");
                LogRefreshed(logger, connection.ConnectionId, tokens.AccessTokenExpiresAt);
                return LedgerResult<string>.Ok(tokens.AccessToken);
            }

            return new LedgerFailure(LedgerFailureKind.Transient, "Another worker's MYOB token refresh did not finish; retry.", _options.RequestTimeout);
        }
        finally
        {
            state.Refreshing.Release();
        }
    }

    private async Task<LedgerResult<MyobTokenSet>> PostAsync(Dictionary<string, string> form, MyobTokenSet? stored, string what, CancellationToken cancellationToken)
    {
        // Contract §12: POST https://secure.myob.com/oauth2/v1/authorize, form-urlencoded, client id and secret in the form.
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.TokenUrl) { Content = new FormUrlEncodedContent(form) };
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await http.SendAsync(request, linked.Token);
            var body = await response.Content.ReadAsStringAsync(linked.Token);
            var parsed = Parse(body);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode && parsed?.AccessToken is { Length: > 0 } access)
            {
                // expires_in is the lifetime; the newest refresh token is always kept (rotation is undocumented, §12).
                return LedgerResult<MyobTokenSet>.Ok(new MyobTokenSet(access, time.GetUtcNow() + TimeSpan.FromSeconds(parsed.ExpiresIn ?? 1200), parsed.RefreshToken ?? stored?.RefreshToken));
            }

            return status >= 500 || status == 429
                ? new LedgerFailure(LedgerFailureKind.Transient, $"MYOB's token endpoint returned {status}.", null, status)
                : new LedgerFailure(LedgerFailureKind.AuthorisationLost, $"MYOB refused the {what} ({parsed?.Error ?? status.ToString(System.Globalization.CultureInfo.InvariantCulture)}); connect the company file again.", null, status);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new LedgerFailure(LedgerFailureKind.Transient, "MYOB's token endpoint timed out.");
        }
        catch (HttpRequestException ex)
        {
            return new LedgerFailure(LedgerFailureKind.Transient, $"MYOB's token endpoint unreachable ({ex.HttpRequestError}).");
        }
    }

    private string? Usable(MyobTokenSet? tokens, string? rejected, TimeSpan margin) =>
        tokens is { AccessToken.Length: > 0 } && tokens.AccessToken != rejected && tokens.AccessTokenExpiresAt - margin > time.GetUtcNow()
            ? tokens.AccessToken
            : null;

    private ConnectionTokens Connection(string connectionId) => _connections.GetOrAdd(connectionId, _ => new ConnectionTokens());

    private static string SecretName(string connectionId) => LedgerTokenNames.For(LedgerKind.Myob, connectionId);

    private static MyobTokenResponse? Parse(string body)
    {
        try
        {
            return body.TrimStart().StartsWith('{') ? JsonSerializer.Deserialize<MyobTokenResponse>(body) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "MYOB tokens refreshed for connection {ConnectionId}; access token valid until {ExpiresAt:O}")]
    private static partial void LogRefreshed(ILogger logger, string connectionId, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Information, Message = "MYOB tokens for connection {ConnectionId} were rotated by another worker; using theirs")]
    private static partial void LogLostRefreshRace(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Warning, Message = "MYOB token refresh failed for connection {ConnectionId}: {Kind}")]
    private static partial void LogRefreshFailed(ILogger logger, string connectionId, LedgerFailureKind kind);

    private sealed class ConnectionTokens
    {
        public SemaphoreSlim Refreshing { get; } = new(1, 1);

        public (MyobTokenSet Tokens, string Version)? Cached { get; set; }
    }

    /// <summary>The stored row: the tokens and, while one worker refreshes them, until when its claim holds.</summary>
    private sealed record TokenRow(MyobTokenSet Tokens, DateTimeOffset? RefreshClaimedUntil);
}
