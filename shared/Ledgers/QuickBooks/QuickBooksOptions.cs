namespace CreditFunctions.Ledgers.QuickBooks;

/// <summary>
/// Configuration section <c>QuickBooks</c>. Validated at start-up (<see cref="QuickBooksOptionsValidator"/>). Limits
/// default to Intuit's published per-realm limits (ledger-apis.md Q6); a benchmark or test may divide the windows
/// with <see cref="RateTimeScale"/>. Facts are in ../shared/contracts/qbo/README.md (cited as "contract §n").
/// </summary>
public sealed class QuickBooksOptions
{
    public const string SectionName = "QuickBooks";

    /// <summary>API host; calls go to <c>v3/company/{realmId}/…</c> under it (contract §10). Default: https://quickbooks.api.intuit.com/.</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://quickbooks.api.intuit.com/");

    /// <summary>OAuth 2.0 token endpoint (contract §13). Default: https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer.</summary>
    public Uri TokenUrl { get; set; } = new("https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer");

    /// <summary>Where a user is sent to consent (contract §13). Default: https://appcenter.intuit.com/connect/oauth2.</summary>
    public Uri AuthorizeUrl { get; set; } = new("https://appcenter.intuit.com/connect/oauth2");

    /// <summary>
    /// The app's consent callback as registered in the Intuit app: <c>https://&lt;host&gt;/api/connections/callback</c>
    /// (http only on a loopback host). Required to connect by consent; nothing else needs it. Default: none.
    /// </summary>
    public Uri? RedirectUri { get; set; }

    /// <summary>How long a consent link (its single-use <c>state</c>) stays valid. Default: 10 minutes (1 minute to 1 hour).</summary>
    public TimeSpan ConsentLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The Intuit app's client id. Required once a tenant has a QuickBooks connection.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The Intuit app's client secret. Required once a tenant has a QuickBooks connection; never logged.</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>Scopes asked for at consent (contract §13). Default: com.intuit.quickbooks.accounting.</summary>
    public string Scopes { get; set; } = "com.intuit.quickbooks.accounting";

    /// <summary>Sent on every call; 1–74 were retired on 1 Aug 2025 (Q13). Default: 75 (the SDK's, contract §10).</summary>
    public int MinorVersion { get; set; } = 75;

    /// <summary>Refresh this long before the access token expires (they live 1 hour, Q12). Default: 5 minutes.</summary>
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>One HTTP call's deadline (Intuit times out at 120 s, Q6); a write that times out is Ambiguous. Default: 30 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Calls in flight per realm (Q6: 10 concurrent). Default: 10.</summary>
    public int ConcurrentCallsPerRealm { get; set; } = 10;

    /// <summary>Calls per second per realm (Q6). Default: 10.</summary>
    public int CallsPerSecondPerRealm { get; set; } = 10;

    /// <summary>Calls per minute per realm (Q6). Default: 500.</summary>
    public int CallsPerMinutePerRealm { get; set; } = 500;

    /// <summary>Batch requests per minute per realm (Q6: 40 per realm and app). Default: 40.</summary>
    public int BatchCallsPerMinutePerRealm { get; set; } = 40;

    /// <summary>Divides the second and minute windows (a benchmark's faster clock); limits per window are unchanged. Default: 1.</summary>
    public double RateTimeScale { get; set; } = 1;

    /// <summary>When a 429 carries no Retry-After, wait this long (Intuit: "wait 60 seconds before retrying", Q6). Default: 60 seconds.</summary>
    public TimeSpan DefaultThrottleWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest a call waits in the pacer before it returns Throttled for the workflow to reschedule. Default: 5 minutes.</summary>
    public TimeSpan MaxPacingWait { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long Preferences.AccountingInfoPrefs.BookCloseDate is trusted (Q8). Default: 5 minutes.</summary>
    public TimeSpan BookCloseCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>CreditMemos per batch request (contract §14: 30 is the enforced maximum, 10 the conservative choice). Default: 10 (1 to 30).</summary>
    public int BatchSize { get; set; } = 10;

    /// <summary>
    /// The Item every credit-memo line sells back: without an ItemRef QBO ignores a line's Amount (contract §2, F L7207).
    /// The order system's account code has no QBO counterpart on a sales line. Default: "1".
    /// </summary>
    public string ItemId { get; set; } = "1";

    /// <summary>
    /// The Id of the bank (or other current asset) account cash refunds of credits are paid from: the Credit line of the
    /// refund's JournalEntry (docs/quickbooks.md "Cash refund of a credit"). A refund request may name another. Default: none
    /// (refunds fail as Validation until it is set).
    /// </summary>
    public string? RefundFromAccountId { get; set; }

    /// <summary>
    /// The Id of the Accounts Receivable account the refund's JournalEntry debits for the customer (Q4: the line names the
    /// customer as its Entity), which the zero-amount Payment then pays with the credit memo. Default: none (refunds fail as
    /// Validation until it is set).
    /// </summary>
    public string? ReceivableAccountId { get; set; }

    /// <summary>
    /// The Id of the account customer payments, overpayments and customer credits are deposited to (the Payment's
    /// DepositToAccountRef) when the order system names none. Default: none (QBO's own default, Undeposited Funds, F L5672).
    /// </summary>
    public string? PaymentDepositAccountId { get; set; }

    /// <summary>
    /// The Id of the bank account bill payments and supplier deposits are paid from (a BillPayment's
    /// CheckPayment.BankAccountRef, a deposit's Purchase AccountRef) when the order system names none. Default: none (bill
    /// payments and supplier deposits without a bank account fail as Validation).
    /// </summary>
    public string? BillPaymentAccountId { get; set; }

    /// <summary>
    /// The Id of the Other Current Asset ("prepayments") account supplier deposits are held on until a bill clears them
    /// (docs/quickbooks.md "Money flows", Intuit's asset-account method), when the deposit names no holding account.
    /// Default: none (supplier deposits without one fail as Validation).
    /// </summary>
    public string? SupplierDepositAccountId { get; set; }

    /// <summary>Folder of the local-file token store used by the run command; empty keeps tokens in memory. Default: empty.</summary>
    public string TokenStorePath { get; set; } = "";
}
