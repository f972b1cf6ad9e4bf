namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>
/// Settings of one simulated Xero. Every default is Xero's documented value (docs/xero-simulator.md;
/// ../shared/reference/ledger-apis.md X13, X14, X16, X21).
/// </summary>
public sealed class XeroSimulatorOptions
{
    /// <summary>Where Kestrel listens. Default <c>http://127.0.0.1:0</c>: a dynamic port, read back from <see cref="XeroSimulator.BaseAddress"/>.</summary>
    public string Url { get; set; } = "http://127.0.0.1:0";

    /// <summary>The clock for rate-limit windows, token expiry, idempotency windows, lock dates and injected delays. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Rate limits (X14). Defaults: per tenant 5 in flight, 60 per minute, 5,000 per day; app-wide 10,000 per minute.</summary>
    public XeroRateLimits RateLimits { get; set; } = XeroRateLimits.Default;

    /// <summary>
    /// Divides the rate-limit windows for benchmarks: 1 (default) is Xero's real minute and day; 10 makes the
    /// "minute" 6 s and the "day" 2.4 h, so a run keeps the shape of Xero's limits at ten times the speed.
    /// Retry-After is reported in the scaled seconds (rounded up, at least 1).
    /// </summary>
    public double TimeScale { get; set; } = 1;

    /// <summary>How long an Idempotency-Key is remembered from its first use (X13: about 6 minutes). Default 6 minutes.</summary>
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromMinutes(6);

    /// <summary>Added before every Accounting API call is handled. Default zero; the run command may set some (ARCHITECTURE.md §5 uses 150 ms).</summary>
    public TimeSpan BaseLatency { get; set; } = TimeSpan.Zero;

    /// <summary>Access token lifetime (X21: 30 minutes). Default 30 minutes.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a rotated refresh token may still be used (X21: 30-minute grace). Default 30 minutes.</summary>
    public TimeSpan RefreshTokenGracePeriod { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>An unused refresh token dies after this (X21: 60 days). Default 60 days.</summary>
    public TimeSpan RefreshTokenIdleLifetime { get; set; } = TimeSpan.FromDays(60);

    /// <summary>Records per page when <c>page</c> is given (X19: up to 100). Default 100.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>When true, seeds the demo tenant, client and refresh token of <see cref="XeroDemo"/>. Default false.</summary>
    public bool SeedDemo { get; set; }

    /// <summary>Organisations to create at start. Default none.</summary>
    public IList<XeroTenantSeed> Tenants { get; } = [];

    /// <summary>OAuth clients to register at start, optionally consented to tenants with a fixed refresh token. Default none.</summary>
    public IList<XeroClientSeed> Clients { get; } = [];

    /// <summary>Observers that see every exchange (request and response), e.g. the OpenAPI conformance checker.</summary>
    public IList<IXeroTrafficObserver> Observers { get; } = [];

    /// <summary>Options with the demo tenant seeded (for the run command).</summary>
    public static XeroSimulatorOptions WithDemo(string url = "http://127.0.0.1:7081") => new() { Url = url, SeedDemo = true };

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TimeScale);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PageSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(IdempotencyWindow, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(BaseLatency, TimeSpan.Zero);
        RateLimits.Validate();
    }
}

/// <summary>Xero's rate limits (ledger-apis.md X14; the Starter plan's 1,000 per day is X16).</summary>
public sealed record XeroRateLimits(int PerTenantConcurrent, int PerTenantPerMinute, int PerTenantPerDay, int AppPerMinute)
{
    public static XeroRateLimits Default { get; } = new(5, 60, 5_000, 10_000);

    /// <summary>The Starter plan's daily budget (X16, UNVERIFIED).</summary>
    public static XeroRateLimits Starter { get; } = Default with { PerTenantPerDay = 1_000 };

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PerTenantConcurrent);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PerTenantPerMinute);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PerTenantPerDay);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(AppPerMinute);
    }
}

/// <summary>An organisation seeded at start.</summary>
public sealed record XeroTenantSeed(Guid TenantId, string Name);

/// <summary>
/// An OAuth client seeded at start. With <paramref name="CustomConnectionTenantId"/> it uses client_credentials; with
/// <paramref name="ConsentedTenantIds"/> a consent is created, whose refresh token is <paramref name="RefreshToken"/> when given.
/// </summary>
public sealed record XeroClientSeed(
    string ClientId,
    string ClientSecret,
    Guid? CustomConnectionTenantId = null,
    IReadOnlyList<Guid>? ConsentedTenantIds = null,
    string? RefreshToken = null);
