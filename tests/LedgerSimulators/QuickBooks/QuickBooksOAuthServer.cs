using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.QuickBooks;

/// <summary>
/// Intuit's OAuth 2.0 as the app sees it (contract §13, Q12): <c>GET /connect/oauth2</c> (the user consents to one company
/// and is redirected with <c>code</c>, <c>state</c> and <c>realmId</c>), <c>POST /oauth2/v1/tokens/bearer</c> with HTTP
/// Basic client authentication and the authorization_code and refresh_token grants; 1-hour access tokens; refresh tokens
/// that roll for 100 days and may change on any refresh (<see cref="QuickBooksSimulatorOptions.RefreshRotation"/>); the
/// optional hard-expiry field only with <c>x-include-refresh-token-hard-expires-in: true</c>. Tokens are opaque random strings.
/// </summary>
internal sealed class QuickBooksOAuthServer(QuickBooksSimulatorOptions options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string ClientId, string RealmId, string Redirect, DateTimeOffset ExpiresAt)> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Access> _access = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Refresh> _refresh = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string? RealmId, bool Deny)> _choices = new(StringComparer.Ordinal);

    private DateTimeOffset Now => options.TimeProvider.GetUtcNow();

    public void RegisterClient(string clientId, string secret)
    {
        lock (_gate)
        {
            _clients[clientId] = secret;
        }
    }

    /// <summary>What the user picks at the consent screen from now on: a company (default: the first), or deny.</summary>
    public void SetConsentChoice(string clientId, string? realmId, bool deny)
    {
        lock (_gate)
        {
            _choices[clientId] = (realmId, deny);
        }
    }

    public string IssueCode(string clientId, string realmId, string redirectUri)
    {
        var code = NewSecret();
        lock (_gate)
        {
            _codes[code] = (clientId, realmId, redirectUri, Now + TimeSpan.FromMinutes(5));
        }

        return code;
    }

    /// <summary>Creates a consent directly and returns its tokens (<paramref name="refreshToken"/> fixes the refresh token's value).</summary>
    public QuickBooksTokens Mint(string clientId, string realmId, string? refreshToken = null)
    {
        lock (_gate)
        {
            return Issue(clientId, realmId, refreshToken);
        }
    }

    /// <summary>The browser at Intuit's consent screen: redirected at once (RFC 6749 §4.1.2), errors about the client or redirect shown, never redirected.</summary>
    public (int Status, Uri? Location, string? Message) Authorize(IReadOnlyDictionary<string, string> query, IReadOnlyList<string> realms)
    {
        var clientId = query.GetValueOrDefault("client_id");
        lock (_gate)
        {
            if (clientId is null || !_clients.ContainsKey(clientId))
            {
                return (400, null, "unauthorized_client: unknown client_id");
            }

            if (!Uri.TryCreate(query.GetValueOrDefault("redirect_uri"), UriKind.Absolute, out var redirect) || redirect.Fragment.Length > 0)
            {
                return (400, null, "invalid_request: redirect_uri must be an absolute URI without a fragment");
            }

            var state = query.GetValueOrDefault("state");
            if (query.GetValueOrDefault("response_type") != "code")
            {
                return (302, With(redirect, ("error", "unsupported_response_type"), ("state", state)), null);
            }

            // Contract §13: com.intuit.quickbooks.accounting is the scope an accounting app needs.
            if (!(query.GetValueOrDefault("scope") ?? "").Split(' ').Contains("com.intuit.quickbooks.accounting"))
            {
                return (302, With(redirect, ("error", "invalid_scope"), ("state", state)), null);
            }

            var choice = _choices.GetValueOrDefault(clientId);
            if (choice.Deny || realms.Count == 0)
            {
                return (302, With(redirect, ("error", "access_denied"), ("state", state)), null);
            }

            var realmId = choice.RealmId ?? realms[0];
            var code = NewSecret();
            _codes[code] = (clientId, realmId, redirect.AbsoluteUri, Now + TimeSpan.FromMinutes(5));
            return (302, With(redirect, ("code", code), ("state", state), ("realmId", realmId)), null);
        }
    }

    public (int Status, JsonObject Body) Token(IReadOnlyDictionary<string, string> form, string? authorization, bool includeHardExpiry)
    {
        lock (_gate)
        {
            if (Client(authorization) is not { } clientId)
            {
                return (401, Error("invalid_client"));
            }

            switch (form.GetValueOrDefault("grant_type"))
            {
                case "authorization_code":
                    var code = form.GetValueOrDefault("code") ?? "";
                    if (!_codes.Remove(code, out var issued) || issued.ClientId != clientId || issued.ExpiresAt <= Now || issued.Redirect != form.GetValueOrDefault("redirect_uri"))
                    {
                        return (400, Error("invalid_grant"));
                    }

                    return (200, Body(Issue(clientId, issued.RealmId, null), includeHardExpiry));
                case "refresh_token":
                    var presented = form.GetValueOrDefault("refresh_token") ?? "";
                    if (!_refresh.TryGetValue(presented, out var refresh) || refresh.ClientId != clientId || refresh.Dead || refresh.ExpiresAt <= Now)
                    {
                        return (400, Error("invalid_grant"));
                    }

                    var access = NewSecret();
                    _access[access] = new Access(clientId, refresh.RealmId, Now + options.AccessTokenLifetime);
                    var next = presented;
                    if (options.RefreshRotation == QuickBooksRefreshRotation.EveryRefresh)
                    {
                        refresh.Dead = true;
                        next = NewSecret();
                    }

                    _refresh[next] = new Refresh(clientId, refresh.RealmId, Now + options.RefreshTokenLifetime); // rolling 100 days (Q12)
                    return (200, Body(new QuickBooksTokens(access, (int)options.AccessTokenLifetime.TotalSeconds, next, (long)options.RefreshTokenLifetime.TotalSeconds), includeHardExpiry));
                default:
                    return (400, Error("unsupported_grant_type"));
            }
        }
    }

    /// <summary>The realm a bearer token may reach, or why it may not (contract §11: the 401 body).</summary>
    public (string? RealmId, string? Problem) Authenticate(string? authorization)
    {
        const string Prefix = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return (null, "AuthenticationFailed");
        }

        lock (_gate)
        {
            return !_access.TryGetValue(authorization[Prefix.Length..].Trim(), out var access) ? (null, "AuthenticationFailed")
                : access.Revoked ? (null, "AuthenticationFailed")
                : access.ExpiresAt <= Now ? (null, "Token expired")
                : (access.RealmId, null);
        }
    }

    public int RevokeConsent(string clientId)
    {
        lock (_gate)
        {
            var count = 0;
            foreach (var refresh in _refresh.Values.Where(r => r.ClientId == clientId && !r.Dead))
            {
                refresh.Dead = true;
                count++;
            }

            foreach (var access in _access.Values.Where(a => a.ClientId == clientId))
            {
                access.Revoked = true;
            }

            return count;
        }
    }

    public int ExpireRefreshTokens(string clientId)
    {
        lock (_gate)
        {
            var live = _refresh.Values.Where(r => r.ClientId == clientId && !r.Dead).ToList();
            live.ForEach(r => r.Dead = true);
            return live.Count;
        }
    }

    public bool ExpireAccessToken(string accessToken)
    {
        lock (_gate)
        {
            if (!_access.TryGetValue(accessToken, out var access))
            {
                return false;
            }

            access.ExpiresAt = Now;
            return true;
        }
    }

    private QuickBooksTokens Issue(string clientId, string realmId, string? refreshToken)
    {
        if (!_clients.ContainsKey(clientId))
        {
            throw new InvalidOperationException($"Unknown client {clientId}.");
        }

        var access = NewSecret();
        var refresh = refreshToken ?? NewSecret();
        _access[access] = new Access(clientId, realmId, Now + options.AccessTokenLifetime);
        _refresh[refresh] = new Refresh(clientId, realmId, Now + options.RefreshTokenLifetime);
        return new QuickBooksTokens(access, (int)options.AccessTokenLifetime.TotalSeconds, refresh, (long)options.RefreshTokenLifetime.TotalSeconds);
    }

    private string? Client(string? authorization)
    {
        const string Prefix = "Basic ";
        if (authorization is null || !authorization.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[Prefix.Length..].Trim())).Split(':', 2);
            return pair.Length == 2 && _clients.TryGetValue(pair[0], out var secret) && secret == pair[1] ? pair[0] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static JsonObject Body(QuickBooksTokens tokens, bool includeHardExpiry)
    {
        var body = new JsonObject
        {
            ["access_token"] = tokens.AccessToken,
            ["token_type"] = "bearer",
            ["expires_in"] = tokens.ExpiresIn,
            ["refresh_token"] = tokens.RefreshToken,
            ["x_refresh_token_expires_in"] = tokens.RefreshTokenExpiresIn,
        };
        if (includeHardExpiry)
        {
            body["x_refresh_token_hard_expires_in"] = (long)TimeSpan.FromDays(5 * 365).TotalSeconds; // the 5-year cap (Q12)
        }

        return body;
    }

    private static JsonObject Error(string error) => new() { ["error"] = error };

    private static Uri With(Uri redirect, params (string Key, string? Value)[] parameters)
    {
        var query = string.Join('&', parameters.Where(p => p.Value is not null).Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value!)));
        var existing = redirect.Query.TrimStart('?');
        return new UriBuilder(redirect) { Query = existing.Length == 0 ? query : existing + "&" + query }.Uri;
    }

    private static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    private sealed class Access(string clientId, string realmId, DateTimeOffset expiresAt)
    {
        public string ClientId { get; } = clientId;

        public string RealmId { get; } = realmId;

        public DateTimeOffset ExpiresAt { get; set; } = expiresAt;

        public bool Revoked { get; set; }
    }

    private sealed class Refresh(string clientId, string realmId, DateTimeOffset expiresAt)
    {
        public string ClientId { get; } = clientId;

        public string RealmId { get; } = realmId;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        public bool Dead { get; set; }
    }
}
