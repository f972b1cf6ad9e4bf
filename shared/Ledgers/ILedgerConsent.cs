namespace CreditFunctions.Ledgers;

/// <summary>
/// Connecting a ledger connection by the ledger's OAuth 2.0 consent (RFC 6749 §4.1), and proving one works again. One
/// per ledger that has a consent flow (Xero, QuickBooks); the connection endpoints pick it by <see cref="Ledger"/>.
/// </summary>
public interface ILedgerConsent
{
    LedgerKind Ledger { get; }

    /// <summary>Why consent cannot be given in this deployment (no redirect URI, a grant without a user), or null.</summary>
    string? ConsentUnavailableReason { get; }

    /// <summary>How long a consent link (its single-use state) stays valid.</summary>
    TimeSpan ConsentLifetime { get; }

    /// <summary>The ledger's authorize URL for one consent carrying the single-use <paramref name="state"/>.</summary>
    Uri AuthorizeUrl(string state);

    /// <summary>
    /// Finishes a consent: exchanges the callback's code and stores the tokens when the consent reaches the connection's
    /// organisation. Returns the organisation's name (empty when the ledger does not say), or why nothing was stored.
    /// </summary>
    Task<LedgerResult<string>> CompleteAsync(LedgerConnection connection, ConsentCallback callback, CancellationToken cancellationToken);

    /// <summary>Proves the connection works now (a token, refreshed if need be, and one cheap read). Null when it does.</summary>
    Task<LedgerFailure?> VerifyAsync(LedgerConnection connection, CancellationToken cancellationToken);
}

/// <summary>What the ledger sent back to the callback: the code, and QuickBooks's <c>realmId</c> (the company consented to).</summary>
public sealed record ConsentCallback(string Code, string? RealmId = null)
{
    public override string ToString() => $"ConsentCallback(realm {RealmId ?? "-"})";
}
