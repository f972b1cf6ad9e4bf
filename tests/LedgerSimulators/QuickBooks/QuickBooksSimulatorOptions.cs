namespace CreditFunctions.LedgerSimulators.QuickBooks;

/// <summary>
/// Settings of one simulated QuickBooks Online. Every default is Intuit's documented value where one exists
/// (docs/quickbooks-simulator.md; ../shared/reference/ledger-apis.md Q5, Q6, Q10, Q12, Q13; contracts/qbo §10, §13),
/// else the simulator's stated choice.
/// </summary>
public sealed class QuickBooksSimulatorOptions
{
    /// <summary>Where Kestrel listens. Default <c>http://127.0.0.1:0</c>: a dynamic port, read back from <see cref="QuickBooksSimulator.BaseAddress"/>.</summary>
    public string Url { get; set; } = "http://127.0.0.1:0";

    /// <summary>The clock for rate windows, token expiry, requestid retention, book-close checks and injected delays. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Per-realm limits (Q6). Defaults: 10 in flight, 10 a second, 500 a minute, 40 batch requests a minute.</summary>
    public QuickBooksRateLimits RateLimits { get; set; } = QuickBooksRateLimits.Default;

    /// <summary>Divides the second and minute windows (benchmarks): 10 makes a "minute" 6 s. Default 1.</summary>
    public double TimeScale { get; set; } = 1;

    /// <summary>
    /// Whether a 429 carries Retry-After (seconds until the window frees). Intuit documents "wait 60 seconds" and no header
    /// (contract, open questions): the simulator sends one by default so a client's honouring of it is tested. Default true.
    /// </summary>
    public bool SendRetryAfter { get; set; } = true;

    /// <summary>How long a requestid is remembered (Q5: retention undocumented). Default 1 day.</summary>
    public TimeSpan RequestIdRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Added before every API call is handled. Default zero; the run command may set some.</summary>
    public TimeSpan BaseLatency { get; set; } = TimeSpan.Zero;

    /// <summary>Access token lifetime (Q12: 1 hour). Default 1 hour.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Refresh token rolling lifetime (Q12: 100 days). Default 100 days.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(100);

    /// <summary>
    /// When a refresh hands out a new refresh token (Q12: it "may change on any refresh"). Default EveryRefresh, the
    /// strictest reading: the superseded token stops working at once.
    /// </summary>
    public QuickBooksRefreshRotation RefreshRotation { get; set; } = QuickBooksRefreshRotation.EveryRefresh;

    /// <summary>Lowest minorversion served (Q13). Requests without one, or below, are refused (stricter than Intuit, which serves them as 75). Default 75.</summary>
    public int MinimumMinorVersion { get; set; } = 75;

    /// <summary>Items per batch request (contract §10/§14: the SDK refuses more than 30). Default 30.</summary>
    public int MaxBatchItems { get; set; } = 30;

    /// <summary>When true, seeds <see cref="QuickBooksDemo"/>'s company, client and refresh token. Default false.</summary>
    public bool SeedDemo { get; set; }

    /// <summary>Observers that see every exchange (request and response), e.g. the schema-name checker in tests.</summary>
    public IList<IQuickBooksTrafficObserver> Observers { get; } = [];

    /// <summary>Options with the demo company seeded (for the run command).</summary>
    public static QuickBooksSimulatorOptions WithDemo(string url = "http://127.0.0.1:7083") => new() { Url = url, SeedDemo = true };

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TimeScale);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxBatchItems);
        ArgumentOutOfRangeException.ThrowIfLessThan(BaseLatency, TimeSpan.Zero);
        RateLimits.Validate();
    }
}

/// <summary>Intuit's per-realm limits (ledger-apis.md Q6).</summary>
public sealed record QuickBooksRateLimits(int Concurrent, int PerSecond, int PerMinute, int BatchesPerMinute)
{
    public static QuickBooksRateLimits Default { get; } = new(10, 10, 500, 40);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Concurrent);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PerMinute);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchesPerMinute);
    }
}

public enum QuickBooksRefreshRotation
{
    /// <summary>Every refresh returns a new refresh token; the previous one is dead.</summary>
    EveryRefresh,

    /// <summary>The refresh token never changes (until it expires).</summary>
    Never,
}

/// <summary>
/// The demo company the run command uses (<see cref="QuickBooksSimulatorOptions.SeedDemo"/>): fixed, public,
/// simulator-only values that open nothing but this simulator.
/// </summary>
public static class QuickBooksDemo
{
    public const string RealmId = "9130357766900010";

    public const string CompanyName = "Demo QBO Company";

    public const string ClientId = "creditfunctions-local-qbo";

    public const string ClientSecret = "simulator-only-secret";

    public const string RefreshToken = "demo-qbo-refresh-token";

    /// <summary>The README's example credit note credits customer "Cafe Luna" against INV-0001 (1,000.00): both exist in the demo company.</summary>
    public static void SeedReadmeExample(QuickBooksSimulator simulator)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        var customer = simulator.Seed.Customer(RealmId, "Cafe Luna", "accounts@cafeluna.example");
        simulator.Seed.Invoice(RealmId, "INV-0001", customer, 1_000m);
    }
}

/// <summary>One connected client: its company, credentials and first tokens.</summary>
public sealed record QuickBooksConnectionSeed(string RealmId, string ClientId, string ClientSecret, QuickBooksTokens Tokens);

/// <summary>A token endpoint answer (contract §13).</summary>
public sealed record QuickBooksTokens(string AccessToken, int ExpiresIn, string RefreshToken, long RefreshTokenExpiresIn);
