namespace CreditFunctions.Workflow;

/// <summary>
/// Exponential backoff with full jitter: <c>delay = jitter × min(cap, base × factor^(n−1))</c> for the n-th
/// consecutive failure, with base 2 s, factor 2, cap 5 min and <c>jitter</c> in [0, 1) supplied by the runner
/// (full jitter spreads retries of many documents that failed together). A ledger's Retry-After wins when it
/// is longer: <c>delay = max(delay, retryAfter)</c>.
/// </summary>
public static class RetryBackoff
{
    public static readonly TimeSpan Base = TimeSpan.FromSeconds(2);

    public const double Factor = 2;

    public static readonly TimeSpan Cap = TimeSpan.FromMinutes(5);

    /// <summary>The delay before retry after the <paramref name="consecutiveFailures"/>-th failure in a row (1-based).</summary>
    public static TimeSpan Delay(int consecutiveFailures, double jitter, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(consecutiveFailures, 1);
        if (double.IsNaN(jitter) || jitter < 0 || jitter >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(jitter), jitter, "Jitter must be in [0, 1).");
        }

        // Past 2^20 the exponential is far beyond the cap; stop there so it never overflows.
        var exponential = Base.TotalSeconds * Math.Pow(Factor, Math.Min(consecutiveFailures - 1, 20));
        var ceiling = Math.Min(Cap.TotalSeconds, exponential);
        var delay = TimeSpan.FromSeconds(Math.Round(ceiling * jitter, 3));
        return retryAfter is { } after && after > delay ? after : delay;
    }
}
