using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.Myob;

/// <summary>
/// Connecting a MYOB company file by consent (contract §12): <see cref="AuthorizeUrl"/> sends the user to
/// secure.myob.com's <c>oauth2/account/authorize</c> with <c>prompt=consent</c> (only then does the redirect reliably carry
/// the company file as <c>businessId</c>), the callback's code is exchanged at <c>oauth2/v1/authorize</c>, the
/// <c>businessId</c> must be the connection's company file, and one call to the file (Company/Preferences) proves the
/// tokens reach it before they are stored where <see cref="MyobTokenManager"/> reads them. Codes, states and tokens are never logged.
/// </summary>
internal sealed partial class MyobConsent(
    MyobTokenManager tokens,
    MyobClient client,
    IOptions<MyobOptions> options,
    ILogger<MyobConsent> logger) : ILedgerConsent
{
    private readonly MyobOptions _options = options.Value;

    public LedgerKind Ledger => LedgerKind.Myob;

    public TimeSpan ConsentLifetime => _options.ConsentLifetime;

    public string? ConsentUnavailableReason => _options.RedirectUri is null
        ? "Myob:RedirectUri is not configured: set it to https://<app host>/api/connections/callback and register that URL with the MYOB API key."
        : null;

    public Uri AuthorizeUrl(string state)
    {
        ArgumentException.ThrowIfNullOrEmpty(state);
        var redirect = _options.RedirectUri ?? throw new InvalidOperationException(ConsentUnavailableReason);
        var query = string.Join('&', new (string Key, string Value)[]
        {
            ("client_id", _options.ClientId),
            ("redirect_uri", redirect.AbsoluteUri),
            ("response_type", "code"),
            ("scope", _options.Scopes),
            ("state", state),
            ("prompt", "consent"),
        }.Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value)));
        return new UriBuilder(_options.AuthorizeUrl) { Query = query }.Uri;
    }

    public async Task<LedgerResult<string>> CompleteAsync(LedgerConnection connection, string code, IReadOnlyDictionary<string, string> callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(callback);
        var redirect = _options.RedirectUri ?? throw new InvalidOperationException(ConsentUnavailableReason);
        if (callback.TryGetValue("businessId", out var businessId) && businessId.Length > 0
            && !string.Equals(businessId, connection.LedgerTenantId, StringComparison.OrdinalIgnoreCase))
        {
            LogWrongCompanyFile(logger, connection.ConnectionId);
            return new LedgerFailure(LedgerFailureKind.Validation, $"The consent is for another MYOB company file, not the one this connection is configured with ({connection.LedgerTenantId}); connect again and choose that file.");
        }

        var exchanged = await tokens.ExchangeCodeAsync(code, redirect, cancellationToken);
        if (!exchanged.Succeeded)
        {
            LogConsentFailed(logger, connection.ConnectionId, exchanged.Failure!.Kind);
            return exchanged.Failure;
        }

        if (exchanged.Value!.RefreshToken is not { Length: > 0 })
        {
            return new LedgerFailure(LedgerFailureKind.Validation, "MYOB issued no refresh token; connect again.");
        }

        await tokens.SeedAsync(connection.ConnectionId, exchanged.Value, cancellationToken);
        if (await VerifyAsync(connection, cancellationToken) is { } failure)
        {
            LogConsentFailed(logger, connection.ConnectionId, failure.Kind);
            return failure with { Message = $"The consent does not reach company file {connection.LedgerTenantId}: {failure.Message}" };
        }

        LogConnected(logger, connection.ConnectionId, connection.LedgerTenantId);
        return LedgerResult<string>.Ok(callback.GetValueOrDefault("businessName") ?? "");
    }

    /// <summary>A token (refreshed if need be) and GET Company/Preferences of the file. Null when it works.</summary>
    public async Task<LedgerFailure?> VerifyAsync(LedgerConnection connection, CancellationToken cancellationToken) =>
        (await client.GetAsync<MyobPreferences>(connection, "Company/Preferences", null, cancellationToken)).Failure;

    [LoggerMessage(EventId = 4231, Level = LogLevel.Information, Message = "MYOB connection {ConnectionId} connected by consent to company file {CompanyFileId}; tokens stored")]
    private static partial void LogConnected(ILogger logger, string connectionId, string companyFileId);

    [LoggerMessage(EventId = 4232, Level = LogLevel.Warning, Message = "MYOB consent for connection {ConnectionId} failed: {Kind}")]
    private static partial void LogConsentFailed(ILogger logger, string connectionId, LedgerFailureKind kind);

    [LoggerMessage(EventId = 4233, Level = LogLevel.Warning, Message = "MYOB consent for connection {ConnectionId} named another company file; nothing stored")]
    private static partial void LogWrongCompanyFile(ILogger logger, string connectionId);
}
