using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.QuickBooks;

/// <summary>
/// Connecting a QBO company (contract §13): the user is sent to Intuit's authorize endpoint with
/// scope com.intuit.quickbooks.accounting; Intuit redirects back with <c>code</c>, <c>state</c> and <c>realmId</c> (the
/// company chosen). <see cref="CompleteAsync"/> checks the realm is the connection's, exchanges the code and stores the
/// tokens where <see cref="QuickBooksTokenManager"/> shares them. Codes, states and tokens are never logged.
/// </summary>
internal sealed partial class QuickBooksConsent(
    QuickBooksTokenManager tokens,
    QuickBooksClient client,
    IOptions<QuickBooksOptions> options,
    ILogger<QuickBooksConsent> logger) : ILedgerConsent
{
    private readonly QuickBooksOptions _options = options.Value;

    public LedgerKind Ledger => LedgerKind.QuickBooks;

    public string? ConsentUnavailableReason => _options.RedirectUri is null
        ? "QuickBooks:RedirectUri is not configured: set it to https://<app host>/api/connections/callback and register that URL in the Intuit app."
        : null;

    public TimeSpan ConsentLifetime => _options.ConsentLifetime;

    public Uri AuthorizeUrl(string state)
    {
        ArgumentException.ThrowIfNullOrEmpty(state);
        var redirect = _options.RedirectUri ?? throw new InvalidOperationException(ConsentUnavailableReason);
        var query = string.Join('&', new (string Key, string Value)[]
        {
            ("client_id", _options.ClientId),
            ("response_type", "code"),
            ("scope", _options.Scopes),
            ("redirect_uri", redirect.AbsoluteUri),
            ("state", state),
        }.Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value)));
        return new UriBuilder(_options.AuthorizeUrl) { Query = query }.Uri;
    }

    public async Task<LedgerResult<string>> CompleteAsync(
        LedgerConnection connection, string code, IReadOnlyDictionary<string, string> callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(callback);
        var realmId = callback.GetValueOrDefault("realmId");
        var redirect = _options.RedirectUri ?? throw new InvalidOperationException(ConsentUnavailableReason);

        // Contract §13: the company consented to comes back as realmId; a token for another company is useless here.
        if (!string.Equals(realmId, connection.LedgerTenantId, StringComparison.Ordinal))
        {
            LogWrongCompany(logger, connection.ConnectionId);
            return new LedgerFailure(
                LedgerFailureKind.Validation,
                $"The consent is for another QuickBooks company than this connection's ({connection.LedgerTenantId}); connect again and choose that company.");
        }

        var exchanged = await tokens.ExchangeCodeAsync(code, redirect, cancellationToken);
        if (!exchanged.Succeeded)
        {
            LogConsentFailed(logger, connection.ConnectionId, exchanged.Failure!.Kind);
            return exchanged.Failure;
        }

        if (exchanged.Value!.RefreshToken is not { Length: > 0 })
        {
            return new LedgerFailure(LedgerFailureKind.Validation, "QuickBooks issued no refresh token; connect again.");
        }

        await tokens.SeedAsync(connection.ConnectionId, exchanged.Value, cancellationToken);
        LogConnected(logger, connection.ConnectionId, connection.LedgerTenantId);
        return LedgerResult<string>.Ok("");
    }

    /// <summary>GET /preferences: cheap, and it also proves the token reaches the realm.</summary>
    public async Task<LedgerFailure?> VerifyAsync(LedgerConnection connection, CancellationToken cancellationToken) =>
        (await client.PreferencesAsync(connection, cancellationToken)).Failure;

    [LoggerMessage(EventId = 4231, Level = LogLevel.Information, Message = "QuickBooks connection {ConnectionId} connected by consent to company {RealmId}; tokens stored")]
    private static partial void LogConnected(ILogger logger, string connectionId, string realmId);

    [LoggerMessage(EventId = 4232, Level = LogLevel.Warning, Message = "QuickBooks consent for connection {ConnectionId} failed: {Kind}")]
    private static partial void LogConsentFailed(ILogger logger, string connectionId, LedgerFailureKind kind);

    [LoggerMessage(EventId = 4233, Level = LogLevel.Warning, Message = "QuickBooks consent for connection {ConnectionId} came back for another company; nothing stored")]
    private static partial void LogWrongCompany(ILogger logger, string connectionId);
}
