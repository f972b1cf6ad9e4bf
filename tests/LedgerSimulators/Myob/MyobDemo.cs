namespace CreditFunctions.LedgerSimulators.Myob;

/// <summary>
/// The demo company file the run command uses (<see cref="MyobSimulatorOptions.SeedDemo"/>): an API key (client id)
/// with its secret, a consent to the file whose refresh token is <see cref="RefreshToken"/>, the income account and
/// tax codes the README example maps to. Fixed, public, simulator-only values: they open nothing but this simulator.
/// </summary>
public static class MyobDemo
{
    public const string CompanyFileName = "Demo Company File";

    public static readonly Guid CompanyFileId = new("8d3b1f6e-2a47-4c59-9e81-5b0d7c3a6f12");

    public const string ApiKey = "creditfunctions-local-myob";

    public const string ApiSecret = "simulator-only-secret";

    public const string RefreshToken = "myob-demo-refresh-token";

    /// <summary>The income account credit notes post to in the demo (the README maps account code 200 to it).</summary>
    public const string IncomeAccount = "4-1100";

    /// <summary>The bank account refunds are paid from in the demo.</summary>
    public const string BankAccount = "1-1110";

    /// <summary>A liability account (OtherLiability) customer credits are held on (Cin7's Money Received).</summary>
    public const string CustomerDepositsAccount = "2-1200";

    /// <summary>A liability account (OtherLiability) the overpayment invoices and their offsetting credits post to (they net to nil).</summary>
    public const string OverpaymentsAccount = "2-1300";

    /// <summary>An asset account (OtherAsset) supplier deposits are held on (Cin7's Money Spent).</summary>
    public const string SupplierDepositsAccount = "1-1400";

    /// <summary>An expense account write-offs post to.</summary>
    public const string WriteOffAccount = "6-1300";

    /// <summary>The README example's customer cust_42: a fixed UID, so an app that cached it (LedgerContacts) still finds it after the simulator restarts.</summary>
    public static readonly Guid ExampleCustomerId = new("3e7c52a1-9b04-4d6f-a8e2-61f0c4b9d357");

    /// <summary>The README's example credit note credits customer cust_42 ("Cafe Luna") against INV-0001 (1,000.00): both exist in the demo company file.</summary>
    public static void SeedReadmeExample(MyobSimulator simulator)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        var customer = simulator.Seed.Customer(CompanyFileId, "Cafe Luna", "cust_42", ExampleCustomerId);
        simulator.Seed.Invoice(CompanyFileId, new MyobInvoiceSeed("INV-0001", customer, 1_000m));
    }
}
