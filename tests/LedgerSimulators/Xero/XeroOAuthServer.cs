using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>
/// Xero's identity server as the app sees it (X21): <c>POST /connect/token</c> with the authorization_code,
/// refresh_token and client_credentials grants; 30-minute access tokens; refresh tokens that rotate on every
/// use while the previous one stays usable for a 30-minute grace; unused refresh tokens die after 60 days;
/// <c>/connections</c> lists and removes the tenants a consent reaches; <c>/identity/connect/authorize</c> plays the
/// user at Xero's login and consent screen (<see cref="Authorize"/>). Tokens are opaque random strings (Xero's are
/// JWTs, but a client must treat them as opaque anyway).
/// </summary>
internal sealed class XeroOAuthServer(XeroSimulatorOptions options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ClientRecord> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CodeRecord> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, GrantRecord> _grants = [];
    private readonly Dictionary<string, AccessRecord> _accessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RefreshRecord> _refreshTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, XeroConsentChoice> _consentChoices = new(StringComparer.Ordinal);

    private DateTimeOffset Now => options.TimeProvider.GetUtcNow();

    public void RegisterClient(string clientId, string clientSecret, Guid? customConnectionTenantId)
    {
        lock (_gate)
        {
            _clients[clientId] = new ClientRecord(clientId, clientSecret, customConnectionTenantId);
        }
    }

    public string IssueAuthorizationCode(string clientId, IReadOnlyList<Guid> tenantIds, string? redirectUri, string? scope = null)
    {
        var code = NewSecret();
        lock (_gate)
        {
            RequireClient(clientId);
            _codes[code] = new CodeRecord(clientId, [.. tenantIds], redirectUri, Now + TimeSpan.FromMinutes(5), scope);
        }

        return code;
    }

    /// <summary>What the user will do at the consent screen for <paramref name="clientId"/> (default: allow every organisation).</summary>
    public void SetConsentChoice(string clientId, XeroConsentChoice choice)
    {
        lock (_gate)
        {
            RequireClient(clientId);
            _consentChoices[clientId] = choice;
        }
    }

    /// <summary>
    /// The authorization endpoint as a browser meets it (RFC 6749 §4.1.1, Xero's
    /// <c>login.xero.com/identity/connect/authorize</c>): the simulated user logs in and answers the consent screen
    /// at once. A bad client or redirect URI is shown as an error page, never redirected (§4.1.2.1); anything else
    /// redirects to <c>redirect_uri</c> with <c>code</c> and <c>state</c>, or <c>error=access_denied</c> when the
    /// user declines. The organisations granted are <paramref name="allTenantIds"/> unless a
    /// <see cref="XeroConsentChoice"/> says otherwise. Only a scope with <c>offline_access</c> yields a refresh token.
    /// </summary>
    public XeroAuthorizeResult Authorize(IReadOnlyDictionary<string, string> query, IReadOnlyList<Guid> allTenantIds)
    {
        var clientId = query.GetValueOrDefault("client_id");
        var redirect = query.GetValueOrDefault("redirect_uri");
        lock (_gate)
        {
            if (clientId is null || !_clients.ContainsKey(clientId))
            {
                return XeroAuthorizeResult.Page(400, "unauthorized_client: unknown client_id");
            }

            if (redirect is null || !Uri.TryCreate(redirect, UriKind.Absolute, out var redirectUri) || redirectUri.Fragment.Length > 0)
            {
                return XeroAuthorizeResult.Page(400, "invalid_request: redirect_uri must be an absolute URI without a fragment");
            }

            var state = query.GetValueOrDefault("state");
            if (query.GetValueOrDefault("response_type") != "code")
            {
                return XeroAuthorizeResult.Redirect(WithQuery(redirectUri, ("error", "unsupported_response_type"), ("state", state)));
            }

            var scope = query.GetValueOrDefault("scope");
            if (string.IsNullOrWhiteSpace(scope))
            {
                return XeroAuthorizeResult.Redirect(WithQuery(redirectUri, ("error", "invalid_scope"), ("state", state)));
            }

            var choice = _consentChoices.GetValueOrDefault(clientId) ?? XeroConsentChoice.AllowAll;
            if (choice.Deny)
            {
                return XeroAuthorizeResult.Redirect(WithQuery(redirectUri, ("error", "access_denied"), ("state", state)));
            }

            var code = NewSecret();
            _codes[code] = new CodeRecord(clientId, [.. choice.TenantIds ?? allTenantIds], redirect, Now + TimeSpan.FromMinutes(5), scope);
            return XeroAuthorizeResult.Redirect(WithQuery(redirectUri, ("code", code), ("state", state)));
        }
    }

    /// <summary>Creates a consent directly (as if the user had consented) and returns its tokens.</summary>
    public XeroTokenSet Mint(string clientId, IReadOnlyList<Guid> tenantIds, string? refreshToken = null)
    {
        lock (_gate)
        {
            RequireClient(clientId);
            var grant = NewGrant(clientId, tenantIds);
            return IssueTokens(grant, refreshToken);
        }
    }

    /// <summary>Revokes every consent of the client: refresh gives invalid_grant, access tokens answer 401 (X21).</summary>
    public int RevokeConsent(string clientId)
    {
        lock (_gate)
        {
            var grants = _grants.Values.Where(g => g.ClientId == clientId && !g.Revoked).ToList();
            grants.ForEach(g => g.Revoked = true);
            return grants.Count;
        }
    }

    /// <summary>Ends every refresh token of the client (as 60 idle days would, X21); access tokens live on until they expire.</summary>
    public int ExpireRefreshTokens(string clientId)
    {
        lock (_gate)
        {
            var tokens = _refreshTokens.Values.Where(r => _grants[r.GrantId].ClientId == clientId && !r.Dead).ToList();
            tokens.ForEach(r => r.Dead = true);
            return tokens.Count;
        }
    }

    /// <summary>Ends one access token now (the next API call with it answers 401).</summary>
    public bool ExpireAccessToken(string accessToken)
    {
        lock (_gate)
        {
            if (!_accessTokens.TryGetValue(accessToken, out var record))
            {
                return false;
            }

            _accessTokens[accessToken] = record with { ExpiresAt = Now };
            return true;
        }
    }

    public XeroAuthentication Authenticate(string? authorization)
    {
        const string Prefix = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return XeroAuthentication.Fail("AuthenticationUnsuccessful");
        }

        var token = authorization[Prefix.Length..].Trim();
        lock (_gate)
        {
            if (!_accessTokens.TryGetValue(token, out var access))
            {
                return XeroAuthentication.Fail("AuthenticationUnsuccessful");
            }

            if (access.ExpiresAt <= Now)
            {
                return XeroAuthentication.Fail($"TokenExpired: token expired at {access.ExpiresAt.UtcDateTime:MM/dd/yyyy HH:mm:ss}");
            }

            var grant = _grants[access.GrantId];
            if (grant.Revoked)
            {
                return XeroAuthentication.Fail("AuthenticationUnsuccessful");
            }

            return XeroAuthentication.Ok(grant.Id, [.. grant.Connections.Select(c => c.TenantId)]);
        }
    }

    public IReadOnlyList<(Guid ConnectionId, Guid TenantId, Guid AuthEventId, DateTimeOffset CreatedAt)> Connections(Guid grantId)
    {
        lock (_gate)
        {
            var grant = _grants[grantId];
            return [.. grant.Connections.Select(c => (c.Id, c.TenantId, grant.Id, c.CreatedAt))];
        }
    }

    public bool DeleteConnection(Guid grantId, Guid connectionId)
    {
        lock (_gate)
        {
            return _grants[grantId].Connections.RemoveAll(c => c.Id == connectionId) > 0;
        }
    }

    /// <summary>The token endpoint (RFC 6749 §5 error shapes: <c>{"error":"invalid_grant"}</c>).</summary>
    public (int Status, JsonObject Body) Token(IReadOnlyDictionary<string, string> form, string? authorization)
    {
        var (clientId, clientSecret) = ClientCredentials(form, authorization);
        lock (_gate)
        {
            if (clientId is null || !_clients.TryGetValue(clientId, out var client) || client.Secret != clientSecret)
            {
                return (401, Error("invalid_client"));
            }

            form.TryGetValue("grant_type", out var grantType);
            switch (grantType)
            {
                case "authorization_code":
                    if (!form.TryGetValue("code", out var code) || !_codes.Remove(code, out var issued) || issued.ClientId != clientId || issued.ExpiresAt <= Now)
                    {
                        return (400, Error("invalid_grant"));
                    }

                    if (issued.RedirectUri is not null && form.GetValueOrDefault("redirect_uri") != issued.RedirectUri)
                    {
                        return (400, Error("invalid_grant"));
                    }

                    // Xero returns a refresh token only when offline_access was requested (a seeded code without a scope gets one).
                    var offline = issued.Scope is null || issued.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("offline_access", StringComparer.Ordinal);
                    return (200, IssueTokens(NewGrant(clientId, issued.TenantIds), null, withRefresh: offline).ToJson());

                case "refresh_token":
                    return Refresh(clientId, form.GetValueOrDefault("refresh_token"));

                case "client_credentials":
                    // Custom connections: one organisation, no refresh token (X21 does not cover it; Xero's custom-connection docs).
                    if (client.CustomConnectionTenantId is not { } tenantId)
                    {
                        return (400, Error("unauthorized_client"));
                    }

                    var grant = _grants.Values.FirstOrDefault(g => g.ClientId == clientId && !g.Revoked) ?? NewGrant(clientId, [tenantId]);
                    return (200, IssueTokens(grant, null, withRefresh: false).ToJson());

                default:
                    return (400, Error("unsupported_grant_type"));
            }
        }
    }

    // Under _gate.
    private (int Status, JsonObject Body) Refresh(string clientId, string? refreshToken)
    {
        if (refreshToken is null || !_refreshTokens.TryGetValue(refreshToken, out var record))
        {
            return (400, Error("invalid_grant"));
        }

        var grant = _grants[record.GrantId];
        var now = Now;
        var idleSince = record.LastUsedAt ?? record.IssuedAt;
        var expired = record.Dead
            || grant.Revoked
            || grant.ClientId != clientId
            || now - idleSince >= options.RefreshTokenIdleLifetime
            || (record.RotatedAt is { } rotatedAt && now - rotatedAt >= options.RefreshTokenGracePeriod);
        if (expired)
        {
            return (400, Error("invalid_grant"));
        }

        // X21: every refresh rotates; the presented token stays valid for the grace period from its first rotation.
        record.RotatedAt ??= now;
        record.LastUsedAt = now;
        return (200, IssueTokens(grant, null).ToJson());
    }

    // Under _gate.
    private GrantRecord NewGrant(string clientId, IEnumerable<Guid> tenantIds)
    {
        var grant = new GrantRecord(Guid.NewGuid(), clientId);
        grant.Connections.AddRange(tenantIds.Distinct().Select(t => new ConnectionRecord(Guid.NewGuid(), t, Now)));
        _grants[grant.Id] = grant;
        return grant;
    }

    // Under _gate.
    private XeroTokenSet IssueTokens(GrantRecord grant, string? refreshToken, bool withRefresh = true)
    {
        var access = NewSecret();
        var now = Now;
        _accessTokens[access] = new AccessRecord(grant.Id, now + options.AccessTokenLifetime);
        string? refresh = null;
        if (withRefresh)
        {
            refresh = refreshToken ?? NewSecret();
            _refreshTokens[refresh] = new RefreshRecord(grant.Id, now);
        }

        return new XeroTokenSet(access, refresh, (int)options.AccessTokenLifetime.TotalSeconds, "offline_access accounting.transactions accounting.contacts accounting.settings");
    }

    private void RequireClient(string clientId)
    {
        if (!_clients.ContainsKey(clientId))
        {
            throw new InvalidOperationException($"Unknown client '{clientId}': seed it first.");
        }
    }

    private static (string? Id, string? Secret) ClientCredentials(IReadOnlyDictionary<string, string> form, string? authorization)
    {
        if (authorization is not null && authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
                var colon = pair.IndexOf(':', StringComparison.Ordinal);
                return colon < 0 ? (null, null) : (Uri.UnescapeDataString(pair[..colon]), Uri.UnescapeDataString(pair[(colon + 1)..]));
            }
            catch (FormatException)
            {
                return (null, null);
            }
        }

        return (form.GetValueOrDefault("client_id"), form.GetValueOrDefault("client_secret"));
    }

    private static JsonObject Error(string code) => new() { ["error"] = code };

    private static Uri WithQuery(Uri uri, params (string Key, string? Value)[] parameters)
    {
        var added = string.Join('&', parameters.Where(p => p.Value is not null).Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value!)));
        var builder = new UriBuilder(uri) { Query = uri.Query.Length > 1 ? uri.Query[1..] + "&" + added : added };
        return builder.Uri;
    }

    private static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    private sealed record ClientRecord(string ClientId, string Secret, Guid? CustomConnectionTenantId);

    private sealed record CodeRecord(string ClientId, Guid[] TenantIds, string? RedirectUri, DateTimeOffset ExpiresAt, string? Scope);

    private sealed record AccessRecord(Guid GrantId, DateTimeOffset ExpiresAt);

    private sealed record ConnectionRecord(Guid Id, Guid TenantId, DateTimeOffset CreatedAt);

    private sealed class GrantRecord(Guid id, string clientId)
    {
        public Guid Id { get; } = id;

        public string ClientId { get; } = clientId;

        public List<ConnectionRecord> Connections { get; } = [];

        public bool Revoked { get; set; }
    }

    private sealed class RefreshRecord(Guid grantId, DateTimeOffset issuedAt)
    {
        public Guid GrantId { get; } = grantId;

        public DateTimeOffset IssuedAt { get; } = issuedAt;

        public DateTimeOffset? LastUsedAt { get; set; }

        public DateTimeOffset? RotatedAt { get; set; }

        public bool Dead { get; set; }
    }
}

/// <summary>A token response as Xero's identity server gives it.</summary>
public sealed record XeroTokenSet(string AccessToken, string? RefreshToken, int ExpiresIn, string Scope)
{
    internal JsonObject ToJson()
    {
        var node = new JsonObject
        {
            ["access_token"] = AccessToken,
            ["expires_in"] = ExpiresIn,
            ["token_type"] = "Bearer",
            ["scope"] = Scope,
        };
        if (RefreshToken is not null)
        {
            node["refresh_token"] = RefreshToken;
        }

        return node;
    }
}

/// <summary>What the simulated user does at the consent screen: allow all organisations (default), allow some, or decline.</summary>
public sealed record XeroConsentChoice(IReadOnlyList<Guid>? TenantIds, bool Deny)
{
    public static XeroConsentChoice AllowAll { get; } = new(null, false);

    public static XeroConsentChoice Declined { get; } = new(null, true);

    public static XeroConsentChoice Allow(params Guid[] tenantIds) => new(tenantIds, false);
}

/// <summary>The authorization endpoint's answer: a redirect back to the app, or an error page for the user.</summary>
internal sealed record XeroAuthorizeResult(Uri? Location, int Status, string? Message)
{
    public static XeroAuthorizeResult Redirect(Uri location) => new(location, 302, null);

    public static XeroAuthorizeResult Page(int status, string message) => new(null, status, message);
}

internal sealed record XeroAuthentication(bool Succeeded, Guid GrantId, IReadOnlyList<Guid> TenantIds, string? Problem)
{
    public static XeroAuthentication Ok(Guid grantId, IReadOnlyList<Guid> tenantIds) => new(true, grantId, tenantIds, null);

    public static XeroAuthentication Fail(string problem) => new(false, Guid.Empty, [], problem);
}
