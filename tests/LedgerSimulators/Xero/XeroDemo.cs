namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>
/// The demo organisation the run command uses (<see cref="XeroSimulatorOptions.SeedDemo"/>). The app gets
/// its token locally with the refresh-token grant using <see cref="RefreshToken"/> (rotated like Xero's,
/// X21), or with the client-credentials grant of the custom connection <see cref="ClientId"/>. These are
/// fixed, public, simulator-only values: they open nothing but this simulator.
/// </summary>
public static class XeroDemo
{
    public const string TenantName = "demo";

    public static readonly Guid TenantId = new("5f0c3a52-7d1e-4b8a-9c61-2e4d8f9a1b30");

    public const string ClientId = "creditfunctions-local";

    public const string ClientSecret = "simulator-only-secret";

    public const string RefreshToken = "demo-refresh-token";

    public const string ContactName = "Demo Customer";

    public const string ContactNumber = "CUST-001";
}
