using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.Myob;

/// <summary>
/// Start-up rules: absolute URLs, positive durations and limits, and the API key and secret whenever a configured tenant
/// has a MYOB connection (<paramref name="myobInUse"/>), so an app with no MYOB connection starts without them.
/// </summary>
internal sealed class MyobOptionsValidator(Func<bool> myobInUse) : IValidateOptions<MyobOptions>
{
    public ValidateOptionsResult Validate(string? name, MyobOptions options)
    {
        var failures = new List<string>();
        foreach (var (key, url) in new[] { ("ApiBaseUrl", options.ApiBaseUrl), ("TokenUrl", options.TokenUrl), ("AuthorizeUrl", options.AuthorizeUrl) })
        {
            if (url is null || !url.IsAbsoluteUri)
            {
                failures.Add($"Myob:{key} must be an absolute URL.");
            }
        }

        if (myobInUse())
        {
            if (string.IsNullOrWhiteSpace(options.ClientId))
            {
                failures.Add("Myob:ClientId (the API key) is required when a tenant has a Myob connection.");
            }

            if (string.IsNullOrWhiteSpace(options.ClientSecret))
            {
                failures.Add("Myob:ClientSecret is required when a tenant has a Myob connection.");
            }
        }

        if (options.RedirectUri is { } redirect
            && (!redirect.IsAbsoluteUri || redirect.Fragment.Length > 0
                || !(redirect.Scheme == Uri.UriSchemeHttps || (redirect.Scheme == Uri.UriSchemeHttp && redirect.IsLoopback))
                || !redirect.AbsolutePath.TrimEnd('/').EndsWith("/api/connections/callback", StringComparison.OrdinalIgnoreCase)))
        {
            failures.Add("Myob:RedirectUri must be https://<app host>/api/connections/callback (http only on a loopback host), registered with the API key exactly as configured.");
        }

        if (options.ConsentLifetime < TimeSpan.FromMinutes(1) || options.ConsentLifetime > TimeSpan.FromHours(1))
        {
            failures.Add("Myob:ConsentLifetime must be between 1 minute and 1 hour.");
        }

        foreach (var (key, value) in new[] { ("RequestTimeout", options.RequestTimeout), ("RateWindow", options.RateWindow), ("MaxPacingWait", options.MaxPacingWait), ("ReferenceCacheDuration", options.ReferenceCacheDuration) })
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"Myob:{key} must be positive.");
            }
        }

        if (options.RefreshBeforeExpiry < TimeSpan.Zero)
        {
            failures.Add("Myob:RefreshBeforeExpiry must not be negative.");
        }

        if (options.CallsPerWindow < 1 || options.CallsPerDay < 1)
        {
            failures.Add("Myob:CallsPerWindow and Myob:CallsPerDay must be at least 1.");
        }

        if (string.IsNullOrWhiteSpace(options.NoTaxCode))
        {
            failures.Add("Myob:NoTaxCode must name a tax code (e.g. N-T).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
