namespace CreditFunctions.LedgerSimulators.Myob;

/// <summary>
/// Settings of one simulated MYOB Business / AccountRight Live API v2. Every default is MYOB's documented value
/// (docs/myob-simulator.md; ../shared/contracts/myob/README.md and ../shared/reference/ledger-apis.md M1–M8).
/// </summary>
public sealed class MyobSimulatorOptions
{
    /// <summary>Where Kestrel listens. Default <c>http://127.0.0.1:0</c>: a dynamic port, read back from <see cref="MyobSimulator.BaseAddress"/>.</summary>
    public string Url { get; set; } = "http://127.0.0.1:0";

    /// <summary>The clock for the per-second and daily windows, token expiry and injected delays. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Limits per API key across all company files (M4: 8 per second, 1,000,000 per day).</summary>
    public MyobRateLimits RateLimits { get; set; } = MyobRateLimits.Default;

    /// <summary>Added before every API call is handled. Default zero.</summary>
    public TimeSpan BaseLatency { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Access token lifetime. MYOB's pages fetched state none (contract §12 open question); the token response carries
    /// <c>expires_in</c> and clients use it. Default 20 minutes (the value MYOB's token responses are widely reported with; UNVERIFIED).
    /// </summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>Items per page when <c>$top</c> is absent (contract §8: 400; <c>$top</c> at most 1000).</summary>
    public int DefaultPageSize { get; set; } = 400;

    /// <summary>When true, seeds the demo company file, API key and refresh token of <see cref="MyobDemo"/>. Default false.</summary>
    public bool SeedDemo { get; set; }

    /// <summary>Options with the demo company file seeded (for the run command).</summary>
    public static MyobSimulatorOptions WithDemo(string url = "http://127.0.0.1:7082") => new() { Url = url, SeedDemo = true };

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(DefaultPageSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(BaseLatency, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(AccessTokenLifetime, TimeSpan.Zero);
        RateLimits.Validate();
    }
}

/// <summary>MYOB's limits, held against the API key rather than the company file (ledger-apis.md M4).</summary>
public sealed record MyobRateLimits(int PerSecond, int PerDay)
{
    public static MyobRateLimits Default { get; } = new(8, 1_000_000);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PerDay);
    }
}
