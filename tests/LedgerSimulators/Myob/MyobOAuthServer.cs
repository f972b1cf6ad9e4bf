using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.Myob;

/// <summary>
/// MYOB's OAuth 2.0 for cloud files (contract §12): the browser consent at <c>/oauth2/account/authorize</c> (redirects
/// back with <c>code</c>, <c>state</c> and, with <c>prompt=consent</c>, the company file as <c>businessId</c> and
/// <c>businessName</c>), and the token exchange at <c>POST /oauth2/v1/authorize</c> (form: client_id, client_secret and
/// either code + redirect_uri or refresh_token). Every refresh rotates the refresh token and retires the old one at once:
/// MYOB does not document rotation (contract §12 open question), so the simulator takes the stricter reading; clients
/// must always keep the newest token. Tokens and secrets never appear in logs or observer output.
/// </summary>
internal sealed class MyobOAuthServer(MyobSimulatorOptions options)
{
    /// <summary>Authorization codes expire in 2–5 minutes (contract §12); the simulator gives 5.</summary>
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Grant> _refreshTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Grant Grant, DateTimeOffset ExpiresAt)> _accessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Grant Grant, string RedirectUri, DateTimeOffset ExpiresAt)> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MyobConsentChoice> _choices = new(StringComparer.Ordinal);

    public void AddClient(string apiKey, string secret)
    {
        lock (_gate)
        {
            _clients[apiKey] = secret;
        }
    }

    public bool IsKnownKey(string apiKey)
    {
        lock (_gate)
        {
            return _clients.ContainsKey(apiKey);
        }
    }

    /// <summary>A consent of <paramref name="apiKey"/> to <paramref name="files"/>; returns its refresh token (<paramref name="refreshToken"/> when given).</summary>
    public string Consent(string apiKey, IReadOnlyCollection<Guid> files, string? refreshToken = null)
    {
        lock (_gate)
        {
            var token = refreshToken ?? NewToken();
            _refreshTokens[token] = new Grant(apiKey, [.. files]);
            return token;
        }
    }

    /// <summary>Fresh tokens for a consent (control API and tests): access token, its lifetime, refresh token.</summary>
    public MyobTokenResponse Mint(string apiKey, IReadOnlyCollection<Guid> files)
    {
        lock (_gate)
        {
            return Issue(new Grant(apiKey, [.. files]));
        }
    }

    public string AuthorizationCode(string apiKey, IReadOnlyCollection<Guid> files, string redirectUri)
    {
        lock (_gate)
        {
            var code = NewToken();
            _codes[code] = (new Grant(apiKey, [.. files]), redirectUri, options.TimeProvider.GetUtcNow() + CodeLifetime);
            return code;
        }
    }

    public void SetConsentChoice(string apiKey, MyobConsentChoice choice)
    {
        lock (_gate)
        {
            _choices[apiKey] = choice;
        }
    }

    public int Revoke(string apiKey)
    {
        lock (_gate)
        {
            var gone = _refreshTokens.Where(t => t.Value.ApiKey == apiKey).Select(t => t.Key).ToList();
            foreach (var token in gone)
            {
                _refreshTokens.Remove(token);
            }

            foreach (var access in _accessTokens.Where(t => t.Value.Grant.ApiKey == apiKey).Select(t => t.Key).ToList())
            {
                _accessTokens.Remove(access);
            }

            return gone.Count;
        }
    }

    /// <summary>The consent screen: where the user is sent back, with a code or <c>error=access_denied</c>.</summary>
    public (int Status, string? Location, string? Problem) Authorize(IReadOnlyDictionary<string, string> query, Func<Guid, string?> fileName)
    {
        var clientId = query.GetValueOrDefault("client_id") ?? "";
        var redirect = query.GetValueOrDefault("redirect_uri") ?? "";
        lock (_gate)
        {
            if (!_clients.ContainsKey(clientId) || !Uri.TryCreate(redirect, UriKind.Absolute, out var redirectUri))
            {
                return (400, null, "Unknown client_id or a redirect_uri that is not an absolute URL.");
            }

            if (query.GetValueOrDefault("response_type") != "code")
            {
                return (400, null, "response_type must be code.");
            }

            var state = query.GetValueOrDefault("state");
            var choice = _choices.GetValueOrDefault(clientId);
            var parameters = new List<(string, string)>();
            if (choice?.Deny == true)
            {
                parameters.Add(("error", "access_denied"));
            }
            else
            {
                var file = choice?.CompanyFileId ?? Guid.Empty;
                var code = NewToken();
                _codes[code] = (new Grant(clientId, file == Guid.Empty ? [] : [file]), redirect, options.TimeProvider.GetUtcNow() + CodeLifetime);
                parameters.Add(("code", code));
                // New keys get the company file only on the redirect, reliably only with prompt=consent (contract §12).
                if (file != Guid.Empty && query.GetValueOrDefault("prompt") == "consent")
                {
                    parameters.Add(("businessId", file.ToString()));
                    parameters.Add(("businessName", fileName(file) ?? ""));
                }
            }

            if (state is not null)
            {
                parameters.Add(("state", state));
            }

            var separator = redirectUri.Query.Length > 0 ? "&" : "?";
            return (302, redirect + separator + string.Join('&', parameters.Select(p => p.Item1 + "=" + Uri.EscapeDataString(p.Item2))), null);
        }
    }

    /// <summary>POST /oauth2/v1/authorize.</summary>
    public (int Status, JsonObject Body) Token(IReadOnlyDictionary<string, string> form)
    {
        var now = options.TimeProvider.GetUtcNow();
        lock (_gate)
        {
            var clientId = form.GetValueOrDefault("client_id") ?? "";
            if (!_clients.TryGetValue(clientId, out var secret) || secret != form.GetValueOrDefault("client_secret"))
            {
                return (401, new JsonObject { ["error"] = "invalid_client" });
            }

            switch (form.GetValueOrDefault("grant_type"))
            {
                case "authorization_code":
                    var code = form.GetValueOrDefault("code") ?? "";
                    if (!_codes.Remove(code, out var issued) || issued.ExpiresAt <= now || issued.Grant.ApiKey != clientId || issued.RedirectUri != form.GetValueOrDefault("redirect_uri"))
                    {
                        return (400, new JsonObject { ["error"] = "invalid_grant" });
                    }

                    return (200, Issue(issued.Grant).ToJson());
                case "refresh_token":
                    var refresh = form.GetValueOrDefault("refresh_token") ?? "";
                    if (!_refreshTokens.TryGetValue(refresh, out var grant) || grant.ApiKey != clientId)
                    {
                        return (400, new JsonObject { ["error"] = "invalid_grant" });
                    }

                    _refreshTokens.Remove(refresh); // rotated: the old one dies now
                    return (200, Issue(grant).ToJson());
                default:
                    // SDK issue #192: a malformed refresh answers {"error":"invalid_request"} (contract §12).
                    return (400, new JsonObject { ["error"] = "invalid_request" });
            }
        }
    }

    /// <summary>Who a Bearer token belongs to and which company files it reaches; null when it is unknown or expired.</summary>
    public (string ApiKey, IReadOnlySet<Guid> Files)? Authenticate(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        lock (_gate)
        {
            return _accessTokens.TryGetValue(authorization[7..].Trim(), out var access) && access.ExpiresAt > options.TimeProvider.GetUtcNow()
                ? (access.Grant.ApiKey, access.Grant.Files)
                : null;
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _refreshTokens.Clear();
            _accessTokens.Clear();
            _codes.Clear();
            _choices.Clear();
        }
    }

    private MyobTokenResponse Issue(Grant grant)
    {
        var access = NewToken();
        var refresh = NewToken();
        _accessTokens[access] = (grant, options.TimeProvider.GetUtcNow() + options.AccessTokenLifetime);
        _refreshTokens[refresh] = grant;
        return new MyobTokenResponse(access, (int)options.AccessTokenLifetime.TotalSeconds, refresh);
    }

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record Grant(string ApiKey, HashSet<Guid> Files);
}

/// <summary>A token endpoint answer (contract §12: access_token, token_type, refresh_token, expires_in, scope).</summary>
public sealed record MyobTokenResponse(string AccessToken, int ExpiresIn, string RefreshToken)
{
    public JsonObject ToJson() => new()
    {
        ["access_token"] = AccessToken,
        ["token_type"] = "bearer",
        ["expires_in"] = ExpiresIn,
        ["refresh_token"] = RefreshToken,
        ["scope"] = "sme-sales sme-general-ledger sme-company-file sme-contacts-customer",
    };

    public override string ToString() => $"MyobTokenResponse(expires in {ExpiresIn} s)";
}

/// <summary>What the simulated user does on the consent screen: pick a company file, or deny.</summary>
public sealed record MyobConsentChoice(Guid? CompanyFileId, bool Deny = false);
