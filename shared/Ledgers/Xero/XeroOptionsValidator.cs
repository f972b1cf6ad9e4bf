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
        foreach (var (key, url) in new[] { ("ApiBaseUrl", options.ApiBaseUrl), ("IdentityBaseUrl", options.IdentityBaseUrl), ("ConnectionsUrl", options.ConnectionsUrl) })
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
}
