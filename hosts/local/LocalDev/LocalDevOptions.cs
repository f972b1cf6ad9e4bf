namespace CreditFunctions.LocalHost.LocalDev;

/// <summary>
/// Configuration section <c>LocalDev</c>: what the run command starts beside the app. On in appsettings.Development.json
/// (the run command's environment), off in appsettings.json, never used in Functions mode.
/// </summary>
public sealed class LocalDevOptions
{
    public const string SectionName = "LocalDev";

    /// <summary>Master switch. Default false (appsettings.json); true in Development.</summary>
    public bool Enabled { get; set; }

    /// <summary>Start Azurite when nothing listens on 127.0.0.1:10001/10002 (npm ci first if needed). Default true.</summary>
    public bool StartAzurite { get; set; } = true;

    /// <summary>Start the Xero simulator as a process of its own (or reuse one already listening), seeded with the demo organisation. Default true.</summary>
    public bool StartXeroSimulator { get; set; } = true;

    /// <summary>Where the simulator listens. Default http://127.0.0.1:7081.</summary>
    public string XeroSimulatorUrl { get; set; } = "http://127.0.0.1:7081";

    /// <summary>Latency the simulator adds to every call, to feel like the real API. Default 0 ms.</summary>
    public int XeroSimulatorLatencyMs { get; set; }

    /// <summary>Start the MYOB simulator as a process of its own (or reuse one already listening), seeded with the demo company file, and give MYOB connections tokens it mints. Default true.</summary>
    public bool StartMyobSimulator { get; set; } = true;

    /// <summary>Where the MYOB simulator listens. Default http://127.0.0.1:7082.</summary>
    public string MyobSimulatorUrl { get; set; } = "http://127.0.0.1:7082";

    /// <summary>Start the QuickBooks Online simulator as a process of its own (or reuse one already listening), seeded with the demo company, and give QuickBooks connections tokens it mints. Default true.</summary>
    public bool StartQuickBooksSimulator { get; set; } = true;

    /// <summary>Where the QuickBooks simulator listens. Default http://127.0.0.1:7083.</summary>
    public string QuickBooksSimulatorUrl { get; set; } = "http://127.0.0.1:7083";

    /// <summary>Latency the QuickBooks simulator adds to every call. Default 0 ms.</summary>
    public int QuickBooksSimulatorLatencyMs { get; set; }
}
