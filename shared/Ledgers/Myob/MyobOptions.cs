namespace CreditFunctions.Ledgers.Myob;

/// <summary>
/// Configuration section <c>Myob</c>. Validated at start-up (<see cref="MyobOptionsValidator"/>) once a tenant has a MYOB
/// connection. Limits default to MYOB's per-API-key limits (ledger-apis.md M4), shared by every tenant of this app.
/// </summary>
public sealed class MyobOptions
{
    public const string SectionName = "Myob";

    /// <summary>
    /// The API root company-file GUIDs go under (contract §8: <c>https://api.myob.com/accountright/{cf_guid}/…</c>).
    /// Default: https://api.myob.com/accountright/.
    /// </summary>
    public Uri ApiBaseUrl { get; set; } = new("https://api.myob.com/accountright/");

    /// <summary>The token endpoint (contract §12: POST, form-encoded, despite "authorize" in its path). Default: https://secure.myob.com/oauth2/v1/authorize.</summary>
    public Uri TokenUrl { get; set; } = new("https://secure.myob.com/oauth2/v1/authorize");

    /// <summary>Where a user is sent to consent (contract §12). Default: https://secure.myob.com/oauth2/account/authorize.</summary>
    public Uri AuthorizeUrl { get; set; } = new("https://secure.myob.com/oauth2/account/authorize");

    /// <summary>The app's consent callback, <c>https://&lt;host&gt;/api/connections/callback</c>, registered with the API key. Default: none.</summary>
    public Uri? RedirectUri { get; set; }

    /// <summary>How long a consent link (its single-use state) stays valid. Default: 10 minutes (1 minute to 1 hour).</summary>
    public TimeSpan ConsentLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The API key (the OAuth client id, sent as <c>x-myobapi-key</c>, M1). Required with a MYOB connection; not logged.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The API key's secret. Required with a MYOB connection; a Key Vault reference in Azure; never logged.</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>
    /// Scopes asked for at consent (contract §12: SME scopes for keys made after 12 Mar 2025; the contacts scope's exact
    /// name is UNVERIFIED). Default: sme-company-file sme-sales sme-purchases sme-general-ledger sme-contacts-customer sme-contacts-supplier.
    /// </summary>
    public string Scopes { get; set; } = "sme-company-file sme-sales sme-purchases sme-general-ledger sme-contacts-customer sme-contacts-supplier";

    /// <summary>Company-file credentials (<c>user:password</c>) by company-file GUID, sent as <c>x-myobapi-cftoken</c> (M1). Default: none (omitted, as the SDK does).</summary>
    public Dictionary<string, string> CompanyFileCredentials { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Refresh this long before the access token expires (the SDK uses 60 s, contract §12). Default: 1 minute.</summary>
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>One HTTP call's deadline; a write that times out is Ambiguous. MYOB's own limit is 120 s (contract §10, 504). Default: 30 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Calls per <see cref="RateWindow"/> for the API key across all tenants (M4: 8 per second). Default: 8.</summary>
    public int CallsPerWindow { get; set; } = 8;

    /// <summary>The per-second limit's window. Only a benchmark or test changes it. Default: 1 second.</summary>
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Calls per UTC day for the API key (M4: 1,000,000). Default: 1000000.</summary>
    public int CallsPerDay { get; set; } = 1_000_000;

    /// <summary>The longest a call waits in the pacer before it returns Throttled for the workflow to reschedule. Default: 5 minutes.</summary>
    public TimeSpan MaxPacingWait { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long accounts, tax codes and the lock period are trusted before they are revalidated (with If-None-Match). Default: 5 minutes.</summary>
    public TimeSpan ReferenceCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Order-system account codes to MYOB account DisplayIDs (e.g. <c>200</c> → <c>4-1100</c>). A code not listed is used as
    /// the DisplayID itself. Default: none.
    /// </summary>
    public Dictionary<string, string> AccountCodes { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Order-system tax types to MYOB tax codes (contract §7: <c>Code</c>, 3 characters). Defaults map Xero's AU types:
    /// OUTPUT and INPUT → GST, EXEMPTOUTPUT and EXEMPTINPUT → FRE, BASEXCLUDED → N-T; configuration adds or overrides.
    /// </summary>
    public Dictionary<string, string> TaxCodes { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["OUTPUT"] = "GST",
        ["INPUT"] = "GST",
        ["EXEMPTOUTPUT"] = "FRE",
        ["EXEMPTINPUT"] = "FRE",
        ["BASEXCLUDED"] = "N-T",
    };

    /// <summary>The tax code for lines with no tax type, and for notes whose amounts carry no tax. Default: N-T.</summary>
    public string NoTaxCode { get; set; } = "N-T";

    /// <summary>The bank account (DisplayID) cash refunds of credits are paid from (CreditRefund.Account, contract §4). Default: none (refunds refused).</summary>
    public string RefundAccount { get; set; } = "";

    /// <summary>
    /// The bank account (DisplayID) payments are deposited to or paid from, and prepaid credits received into or paid
    /// from, when the order system names none. Default: none (then <see cref="RefundAccount"/>).
    /// </summary>
    public string PaymentAccount { get; set; } = "";

    /// <summary>
    /// The account (DisplayID) the overpayment invoices and their offsetting credit notes post to (Ostendo's pattern,
    /// docs/myob.md "Money flows"): both post there, so it nets to nil; a clearing liability suits. Also carries the
    /// refund of a payment. Default: none (overpayments and refunds of payments are refused).
    /// </summary>
    public string OverpaymentAccount { get; set; } = "";

    /// <summary>The liability account (DisplayID) customer credits are held on when the order system names none. Default: none.</summary>
    public string CustomerCreditAccount { get; set; } = "";

    /// <summary>The asset account (DisplayID) supplier deposits are held on when the order system names none. Default: none.</summary>
    public string SupplierDepositAccount { get; set; } = "";

    /// <summary>The company file's currency, reported on pulled payments (an AccountRight file has one home currency). Default: AUD.</summary>
    public string Currency { get; set; } = "AUD";
}
