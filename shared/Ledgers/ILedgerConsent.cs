namespace CreditFunctions.Ledgers;

/// <summary>
/// Connecting a ledger connection by a user's consent (OAuth 2.0 authorization-code grant, RFC 6749 §4.1) and proving a
/// connection works again, for one ledger (Xero X21; MYOB contract §12). The app's consent endpoints pick the
/// implementation by the connection's <see cref="LedgerKind"/>; the single-use state lives in <see cref="ConsentRequests"/>.
/// </summary>
public interface ILedgerConsent
{
    LedgerKind Ledger { get; }

    /// <summary>Why consent cannot be started for this ledger (e.g. no redirect URI configured); null when it can.</summary>
    string? ConsentUnavailableReason { get; }

    /// <summary>How long a consent link's state is accepted.</summary>
    TimeSpan ConsentLifetime { get; }

    /// <summary>The ledger's authorize URL for one consent carrying <paramref name="state"/>.</summary>
    Uri AuthorizeUrl(string state);

    /// <summary>
    /// Finishes a consent: exchanges <paramref name="code"/>, checks it reaches the connection's organisation (the
    /// callback's other parameters, e.g. MYOB's <c>businessId</c>, are in <paramref name="callback"/>), stores the tokens.
    /// Returns the organisation's name, or why nothing was stored.
    /// </summary>
    Task<LedgerResult<string>> CompleteAsync(LedgerConnection connection, string code, IReadOnlyDictionary<string, string> callback, CancellationToken cancellationToken);

    /// <summary>Proves the connection works now (a token and one cheap call); null when it does.</summary>
    Task<LedgerFailure?> VerifyAsync(LedgerConnection connection, CancellationToken cancellationToken);
}
