using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.QuickBooks;

/// <summary>
/// Start-up rules: absolute URLs, positive durations, a refresh margin inside the 1-hour token life (Q12), minorversion
/// 75 or later (Q13), batch size 1–30 (contract §14), and the app's credentials whenever a configured tenant has a
/// QuickBooks connection (<paramref name="inUse"/>), so an app without one still starts.
/// </summary>
internal sealed class QuickBooksOptionsValidator(Func<bool> inUse) : IValidateOptions<QuickBooksOptions>
{
    public ValidateOptionsResult Validate(string? name, QuickBooksOptions options)
    {
        var failures = new List<string>();
        foreach (var (key, url) in new[] { ("ApiBaseUrl", options.ApiBaseUrl), ("TokenUrl", options.TokenUrl), ("AuthorizeUrl", options.AuthorizeUrl) })
        {
            if (url is null || !url.IsAbsoluteUri)
            {
                failures.Add($"QuickBooks:{key} must be an absolute URL.");
            }
        }

        if (inUse())
        {
            if (string.IsNullOrWhiteSpace(options.ClientId))
            {
                failures.Add("QuickBooks:ClientId is required when a tenant has a QuickBooks connection.");
            }

            if (string.IsNullOrWhiteSpace(options.ClientSecret))
            {
                failures.Add("QuickBooks:ClientSecret is required when a tenant has a QuickBooks connection.");
            }
        }

        if (options.RedirectUri is { } redirect
            && (!redirect.IsAbsoluteUri || redirect.Fragment.Length > 0
                || !(redirect.Scheme == Uri.UriSchemeHttps || (redirect.Scheme == Uri.UriSchemeHttp && redirect.IsLoopback))
                || !redirect.AbsolutePath.TrimEnd('/').EndsWith("/api/connections/callback", StringComparison.OrdinalIgnoreCase)))
        {
            failures.Add("QuickBooks:RedirectUri must be https://<app host>/api/connections/callback (http only on a loopback host), without a fragment.");
        }

        if (options.MinorVersion < 75)
        {
            failures.Add("QuickBooks:MinorVersion must be 75 or later (1–74 were retired on 1 Aug 2025, ledger-apis.md Q13).");
        }

        if (options.ConsentLifetime < TimeSpan.FromMinutes(1) || options.ConsentLifetime > TimeSpan.FromHours(1))
        {
            failures.Add("QuickBooks:ConsentLifetime must be between 1 minute and 1 hour.");
        }

        if (options.RefreshBeforeExpiry < TimeSpan.Zero || options.RefreshBeforeExpiry >= TimeSpan.FromHours(1))
        {
            failures.Add("QuickBooks:RefreshBeforeExpiry must be between 0 and 1 hour (access tokens live 1 hour).");
        }

        foreach (var (key, value) in new[] { ("RequestTimeout", options.RequestTimeout), ("MaxPacingWait", options.MaxPacingWait), ("BookCloseCacheDuration", options.BookCloseCacheDuration), ("DefaultThrottleWait", options.DefaultThrottleWait) })
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"QuickBooks:{key} must be positive.");
            }
        }

        if (options.ConcurrentCallsPerRealm < 1 || options.CallsPerSecondPerRealm < 1 || options.CallsPerMinutePerRealm < 1 || options.BatchCallsPerMinutePerRealm < 1)
        {
            failures.Add("QuickBooks rate limits must be at least 1.");
        }

        if (!(options.RateTimeScale > 0))
        {
            failures.Add("QuickBooks:RateTimeScale must be positive.");
        }

        if (options.BatchSize is < 1 or > 30)
        {
            failures.Add("QuickBooks:BatchSize must be 1 to 30 (contract §14).");
        }

        if (string.IsNullOrWhiteSpace(options.ItemId))
        {
            failures.Add("QuickBooks:ItemId is required (the Item credit-memo lines sell back; without it QBO ignores line amounts).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
