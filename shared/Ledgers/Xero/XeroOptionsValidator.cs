using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.Xero;

/// <summary>
/// Start-up rules: absolute URLs, positive durations, a refresh margin inside the 30-minute token life, and the app's
/// credentials whenever a configured tenant has a Xero connection (<paramref name="xeroInUse"/>), so an app that
/// has no Xero connection yet still starts.
/// </summary>
internal sealed class XeroOptionsValidator(Func<bool> xeroInUse) : IValidateOptions<XeroOptions>
{
    public ValidateOptionsResult Validate(string? name, XeroOptions options)
    {
        var failures = new List<string>();
        foreach (var (key, url) in new[] { ("ApiBaseUrl", options.ApiBaseUrl), ("IdentityBaseUrl", options.IdentityBaseUrl), ("ConnectionsUrl", options.ConnectionsUrl), ("AuthorizeUrl", options.AuthorizeUrl) })
        {
            if (url is null || !url.IsAbsoluteUri)
            {
                failures.Add($"Xero:{key} must be an absolute URL.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.ClientId) && xeroInUse())
        {
            failures.Add("Xero:ClientId is required when a tenant has a Xero connection.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientSecret) && xeroInUse())
        {
            failures.Add("Xero:ClientSecret is required when a tenant has a Xero connection.");
        }

        if (options.RedirectUri is { } redirect && RedirectProblem(redirect) is { } problem)
        {
            failures.Add(problem);
        }

        foreach (var (key, code) in new[] { ("DefaultBankAccountCode", options.DefaultBankAccountCode), ("CustomerCreditAccountCode", options.CustomerCreditAccountCode), ("SupplierDepositAccountCode", options.SupplierDepositAccountCode), ("RefundClearingAccountCode", options.RefundClearingAccountCode) })
        {
            if (string.IsNullOrWhiteSpace(code))
            {
                failures.Add($"Xero:{key} must name an account code.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.Scopes))
        {
            failures.Add("Xero:Scopes must name at least one scope (space-separated).");
        }

        if (options.ConsentLifetime < TimeSpan.FromMinutes(1) || options.ConsentLifetime > TimeSpan.FromHours(1))
        {
            failures.Add("Xero:ConsentLifetime must be between 1 minute and 1 hour.");
        }

        if (options.RefreshBeforeExpiry < TimeSpan.Zero || options.RefreshBeforeExpiry >= TimeSpan.FromMinutes(30))
        {
            failures.Add("Xero:RefreshBeforeExpiry must be between 0 and 30 minutes (access tokens live 30 minutes).");
        }

        foreach (var (key, value) in new[] { ("RequestTimeout", options.RequestTimeout), ("RateWindow", options.RateWindow), ("MaxPacingWait", options.MaxPacingWait), ("LockDateCacheDuration", options.LockDateCacheDuration) })
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"Xero:{key} must be positive.");
            }
        }

        if (options.RateWindowMargin < TimeSpan.Zero)
        {
            failures.Add("Xero:RateWindowMargin must not be negative.");
        }

        if (options.ConcurrentCallsPerTenant < 1 || options.CallsPerWindowPerTenant < 1 || options.CallsPerDayPerTenant < 1 || options.AppCallsPerWindow < 1)
        {
            failures.Add("Xero rate limits must be at least 1.");
        }

        if (options.BatchSize is < 1 or > 50)
        {
            failures.Add("Xero:BatchSize must be 1 to 50 (ledger-apis.md X3).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// The callback must be absolute, carry no fragment (RFC 6749 §3.1.2), use TLS except on a loopback host
    /// (§3.1.2.1), and be this app's callback route, or Xero would send the user somewhere that cannot finish.
    /// </summary>
    private static string? RedirectProblem(Uri redirect)
    {
        const string Route = "/api/connections/callback";
        if (!redirect.IsAbsoluteUri || redirect.Fragment.Length > 0)
        {
            return $"Xero:RedirectUri must be an absolute URL without a fragment, e.g. https://<app host>{Route}.";
        }

        if (redirect.Scheme != Uri.UriSchemeHttps && !(redirect.Scheme == Uri.UriSchemeHttp && redirect.IsLoopback))
        {
            return "Xero:RedirectUri must use https (http only on a loopback host such as 127.0.0.1 for local runs).";
        }

        return redirect.AbsolutePath.TrimEnd('/').EndsWith(Route, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"Xero:RedirectUri must end with {Route} (the app's consent callback), and be registered in the Xero app exactly as configured.";
    }
}
