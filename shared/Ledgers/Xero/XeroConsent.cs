using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.Xero;

/// <summary>
/// Connecting a Xero organisation, and proving a connection works again (ledger-apis.md X21). A user consents
/// through Xero's authorization-code flow (RFC 6749 §4.1): <see cref="AuthorizeUrl"/> sends them to Xero's
/// authorize endpoint, Xero redirects back with a code, <see cref="CompleteAsync"/> exchanges it, checks the consent
/// reaches the organisation the connection is configured with (GET /connections) and stores the tokens where
/// <see cref="XeroTokenManager"/> reads them. <see cref="VerifyAsync"/> is the cheap call that proves an existing
/// connection works (any grant). Codes, states and tokens are never logged.
/// </summary>
internal sealed partial class XeroConsent(
    HttpClient http,
    XeroTokenManager tokens,
    XeroClient client,
    IOptions<XeroOptions> options,
    TimeProvider time,
    ILogger<XeroConsent> logger) : ILedgerConsent
{
    private const string OfflineAccess = "offline_access";
    private readonly XeroOptions _options = options.Value;

    /// <summary>Consent needs the authorization-code grant (the client-credentials grant has no user to ask) and a callback.</summary>
    public string? ConsentUnavailableReason =>
        _options.Grant != XeroGrant.RefreshToken
            ? "This app's Xero connections use the client-credentials grant (custom connections): there is no consent to give. Use reconnect once the connection works again."
            : _options.RedirectUri is null
                ? "Xero:RedirectUri is not configured: set it to https://<app host>/api/connections/callback and register that URL in the Xero app."
                : null;

    public LedgerKind Ledger => LedgerKind.Xero;

    public TimeSpan ConsentLifetime => _options.ConsentLifetime;

    /// <summary>
    /// Xero's authorize URL for one consent: response_type=code, the app's client id and redirect URI, the configured
    /// scopes plus offline_access (without it Xero issues no refresh token), and the single-use <paramref name="state"/>.
    /// </summary>
    public Uri AuthorizeUrl(string state)
    {
        ArgumentException.ThrowIfNullOrEmpty(state);
        var redirect = _options.RedirectUri ?? throw new InvalidOperationException(ConsentUnavailableReason);
        var query = string.Join('&', new (string Key, string Value)[]
        {
            ("response_type", "code"),
            ("client_id", _options.ClientId),
            ("redirect_uri", redirect.AbsoluteUri),
            ("scope", ConsentScopes(_options.Scopes)),
            ("state", state),
        }.Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value)));
        return new UriBuilder(_options.AuthorizeUrl) { Query = query }.Uri;
    }

    /// <summary>
    /// Finishes a consent for <paramref name="connection"/>: code → tokens; the consent must include the connection's
    /// organisation and come with a refresh token; then the tokens replace the connection's stored ones. Returns the
    /// organisation's name as Xero lists it, or why nothing was stored (<see cref="LedgerFailureKind.Validation"/>: the
    /// consent does not fit; <see cref="LedgerFailureKind.AuthorisationLost"/>: Xero refused the code).
    /// </summary>
    public async Task<LedgerResult<string>> CompleteAsync(LedgerConnection connection, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var redirect = _options.RedirectUri ?? throw new InvalidOperationException(ConsentUnavailableReason);
        var exchanged = await tokens.ExchangeCodeAsync(code, redirect, cancellationToken);
        if (!exchanged.Succeeded)
        {
            LogConsentFailed(logger, connection.ConnectionId, exchanged.Failure!.Kind);
            return exchanged.Failure;
        }

        var tokenSet = exchanged.Value!;
        if (tokenSet.RefreshToken is not { Length: > 0 })
        {
            return new LedgerFailure(LedgerFailureKind.Validation, "Xero issued no refresh token (the consent lacks offline_access); connect again.");
        }

        var reached = await ConnectedTenantsAsync(tokenSet.AccessToken, cancellationToken);
        if (!reached.Succeeded)
        {
            LogConsentFailed(logger, connection.ConnectionId, reached.Failure!.Kind);
            return reached.Failure;
        }

        var match = reached.Value!.FirstOrDefault(t => string.Equals(t.TenantId, connection.LedgerTenantId, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            LogWrongOrganisation(logger, connection.ConnectionId, reached.Value!.Count);
            return new LedgerFailure(
                LedgerFailureKind.Validation,
                $"The consent does not include the Xero organisation this connection is configured with ({connection.LedgerTenantId}); connect again and choose that organisation.");
        }

        await tokens.SeedAsync(connection.ConnectionId, tokenSet, cancellationToken);
        LogConnected(logger, connection.ConnectionId, connection.LedgerTenantId);
        return LedgerResult<string>.Ok(match.TenantName ?? "");
    }

    /// <summary>The port's form of <see cref="CompleteAsync(LedgerConnection, string, CancellationToken)"/>: Xero's callback carries no company id.</summary>
    public Task<LedgerResult<string>> CompleteAsync(LedgerConnection connection, ConsentCallback callback, CancellationToken cancellationToken) =>
        CompleteAsync(connection, callback?.Code ?? throw new ArgumentNullException(nameof(callback)), cancellationToken);

    /// <summary>Proves the connection works now: a token (refreshed if need be) and GET /Organisation for its tenant. Null when it does.</summary>
    public async Task<LedgerFailure?> VerifyAsync(LedgerConnection connection, CancellationToken cancellationToken)
    {
        var organisation = await client.GetOrganisationAsync(connection, cancellationToken);
        return organisation.Failure;
    }

    /// <summary>The configured scopes with offline_access added once.</summary>
    internal static string ConsentScopes(string scopes)
    {
        var list = scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (!list.Contains(OfflineAccess, StringComparer.Ordinal))
        {
            list.Insert(0, OfflineAccess);
        }

        return string.Join(' ', list);
    }

    /// <summary>GET /connections with the new access token: the organisations this consent reaches (X21, xero-identity.yaml /Connections).</summary>
    private async Task<LedgerResult<IReadOnlyList<XeroTenantConnection>>> ConnectedTenantsAsync(string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _options.ConnectionsUrl);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await http.SendAsync(request, linked.Token);
            var body = await response.Content.ReadAsStringAsync(linked.Token);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                return new LedgerFailure(
                    status >= 500 ? LedgerFailureKind.Transient : LedgerFailureKind.AuthorisationLost,
                    $"Xero did not list the consent's organisations (HTTP {status}).",
                    null,
                    status);
            }

            return JsonSerializer.Deserialize<List<XeroTenantConnection>>(body) is { } list
                ? LedgerResult<IReadOnlyList<XeroTenantConnection>>.Ok(list)
                : new LedgerFailure(LedgerFailureKind.Transient, "Xero's connections list was empty or unreadable.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new LedgerFailure(LedgerFailureKind.Transient, "Xero's connections endpoint timed out.");
        }
        catch (HttpRequestException ex)
        {
            return new LedgerFailure(LedgerFailureKind.Transient, $"Xero's connections endpoint unreachable ({ex.HttpRequestError}).");
        }
        catch (JsonException)
        {
            return new LedgerFailure(LedgerFailureKind.Transient, "Xero's connections list was not the expected JSON.");
        }
    }

    [LoggerMessage(EventId = 4131, Level = LogLevel.Information, Message = "Xero connection {ConnectionId} connected by consent to organisation {LedgerTenantId}; tokens stored")]
    private static partial void LogConnected(ILogger logger, string connectionId, string ledgerTenantId);

    [LoggerMessage(EventId = 4132, Level = LogLevel.Warning, Message = "Xero consent for connection {ConnectionId} failed: {Kind}")]
    private static partial void LogConsentFailed(ILogger logger, string connectionId, LedgerFailureKind kind);

    [LoggerMessage(EventId = 4133, Level = LogLevel.Warning, Message = "Xero consent for connection {ConnectionId} reached {Count} organisation(s), none the configured one; nothing stored")]
    private static partial void LogWrongOrganisation(ILogger logger, string connectionId, int count);

    /// <summary>One element of GET /connections (camelCase, unlike the Accounting API).</summary>
    private sealed record XeroTenantConnection
    {
        [JsonPropertyName("tenantId")]
        public string? TenantId { get; init; }

        [JsonPropertyName("tenantName")]
        public string? TenantName { get; init; }
    }
}
