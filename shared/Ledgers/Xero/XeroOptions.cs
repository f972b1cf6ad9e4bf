namespace CreditFunctions.Ledgers.Xero;

/// <summary>
/// Configuration section <c>Xero</c>. Validated at start-up (<see cref="XeroOptionsValidator"/>). Limits default to
/// Xero's published per-tenant limits (ledger-apis.md X14); a benchmark or test may scale them together with
/// <see cref="RateWindow"/>.
/// </summary>
public sealed class XeroOptions
{
    public const string SectionName = "Xero";

    /// <summary>Accounting API base. Default: https://api.xero.com/api.xro/2.0/ (spec servers).</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://api.xero.com/api.xro/2.0/");

    /// <summary>Identity server; tokens come from <c>connect/token</c> under it. Default: https://identity.xero.com/.</summary>
    public Uri IdentityBaseUrl { get; set; } = new("https://identity.xero.com/");

    /// <summary>Where the tenant ids of a connection are listed (X21). Default: https://api.xero.com/connections.</summary>
    public Uri ConnectionsUrl { get; set; } = new("https://api.xero.com/connections");

    /// <summary>
    /// Where a user is sent to consent (authorization-code grant, RFC 6749 §4.1). Xero's "OAuth 2.0 auth flow" guide
    /// (developer.xero.com/documentation/guides/oauth2/auth-flow) names this endpoint; ledger-apis.md X21 covers the
    /// token side. Default: https://login.xero.com/identity/connect/authorize.
    /// </summary>
    public Uri AuthorizeUrl { get; set; } = new("https://login.xero.com/identity/connect/authorize");

    /// <summary>
    /// The app's consent callback, exactly as registered in the Xero app: <c>https://&lt;host&gt;/api/connections/callback</c>
    /// (http only on a loopback host, for local runs). Required to connect or reconnect a connection by consent
    /// (Grant RefreshToken); nothing else needs it. Default: none.
    /// </summary>
    public Uri? RedirectUri { get; set; }

    /// <summary>How long a consent link (its single-use <c>state</c>) stays valid. Default: 10 minutes (1 minute to 1 hour).</summary>
    public TimeSpan ConsentLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The Xero app's client id. Required; not a secret but not logged either.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The Xero app's client secret. Required; a Key Vault reference in Azure; never logged.</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>How tokens are obtained. Default: RefreshToken (a user-consented connection, X21).</summary>
    public XeroGrant Grant { get; set; } = XeroGrant.RefreshToken;

    /// <summary>
    /// Space-separated scopes: requested with the client-credentials grant, and at consent (where <c>offline_access</c>
    /// is added, so Xero issues a refresh token). Default: accounting.transactions accounting.contacts accounting.settings.read.
    /// </summary>
    public string Scopes { get; set; } = "accounting.transactions accounting.contacts accounting.settings.read";

    /// <summary>Refresh this long before the access token expires (they live 30 min, X21). Default: 5 minutes.</summary>
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>One HTTP call's deadline; a write that times out is Ambiguous. Default: 30 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Calls in flight per tenant (X14). Default: 5.</summary>
    public int ConcurrentCallsPerTenant { get; set; } = 5;

    /// <summary>Calls per <see cref="RateWindow"/> per tenant (X14: 60 per minute). Default: 60.</summary>
    public int CallsPerWindowPerTenant { get; set; } = 60;

    /// <summary>Calls per <see cref="RateWindow"/> across all tenants (X14: 10,000 per minute app-wide). Default: 10000.</summary>
    public int AppCallsPerWindow { get; set; } = 10_000;

    /// <summary>The minute limits' window. Only a benchmark or test shortens it (scaled limits). Default: 1 minute.</summary>
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Added to the window when pacing, for a server whose clock runs a little differently from ours. Calls already
    /// count from before they are sent until a full window after their answer (<see cref="XeroRateGate"/>), so
    /// network delay needs no margin. Default: zero.
    /// </summary>
    public TimeSpan RateWindowMargin { get; set; } = TimeSpan.Zero;

    /// <summary>Calls per rolling day per tenant (X14: 5,000; Starter plans may be 1,000, X16). Default: 5000.</summary>
    public int CallsPerDayPerTenant { get; set; } = 5_000;

    /// <summary>The longest a call waits in the pacer before it returns Throttled for the workflow to reschedule. Default: 5 minutes.</summary>
    public TimeSpan MaxPacingWait { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long Organisation lock dates are trusted (X18). Default: 5 minutes.</summary>
    public TimeSpan LockDateCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Credit notes per PUT when batching (X3 recommends up to 50). Default: 50.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>The bank account (its code) money flows use when a document names none (payments, refunds, overpayments). Default: 090.</summary>
    public string DefaultBankAccountCode { get; set; } = "090";

    /// <summary>
    /// The liability account customer credits are held on (Cin7's "Money Received", X12) when the document names none; it
    /// must have EnablePaymentsToAccount so a credit can be applied to an invoice as a payment from it. Default: 835.
    /// </summary>
    public string CustomerCreditAccountCode { get; set; } = "835";

    /// <summary>The asset account supplier deposits are held on (Cin7's "Money Spent"), with EnablePaymentsToAccount. Default: 620.</summary>
    public string SupplierDepositAccountCode { get; set; } = "620";

    /// <summary>
    /// The account the closed-period refund of a payment passes through (its credit note and its receivable net to zero on
    /// it; docs/xero.md "Money flows"). Default: 200.
    /// </summary>
    public string RefundClearingAccountCode { get; set; } = "200";

    /// <summary>Folder of the local-file token store used by the run command; empty keeps tokens in memory. Default: empty.</summary>
    public string TokenStorePath { get; set; } = "";
}

public enum XeroGrant
{
    /// <summary>Authorization-code connection: rotate refresh tokens (X21).</summary>
    RefreshToken,

    /// <summary>Custom connection: the client-credentials grant, no refresh token.</summary>
    ClientCredentials,
}
