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

    /// <summary>The README example's customer: a fixed id, so an app that cached it still finds it after the simulator restarts.</summary>
    public static readonly Guid ExampleCustomerId = new("0c9a1f3e-52d4-4b7e-8f61-3a2b9c7d1e05");

    /// <summary>The README's example credit note credits customer cust_42 against INV-0001: both exist in the demo ledger.</summary>
    public static void SeedReadmeExample(XeroSimulator simulator)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        var customer = simulator.Seed.Contact(TenantId, "Cafe Luna", "cust_42", "accounts@cafeluna.example", ExampleCustomerId);
        simulator.Seed.Invoice(TenantId, new XeroInvoiceSeed("INV-0001", customer, 1_000m));
    }
}
