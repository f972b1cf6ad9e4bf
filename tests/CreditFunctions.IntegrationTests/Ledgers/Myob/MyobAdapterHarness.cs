using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.Myob;
using CreditFunctions.Ledgers.Xero;
using CreditFunctions.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sim = CreditFunctions.LedgerSimulators.Myob;

namespace CreditFunctions.IntegrationTests.Ledgers.Myob;

/// <summary>
/// The MYOB simulator on a dynamic port, one company file holding customer CUST-1 and supplier SUPP-1, and the adapter as
/// <c>AddMyobLedger</c> registers it ("a process"). More processes share the secret store and the simulator but nothing
/// else. Both sides read one clock. By default the limits are lifted (the clock stands still); <paramref name="realLimits"/> keeps MYOB's.
/// </summary>
internal sealed class MyobAdapterHarness : IAsyncDisposable
{
    public const string CustomerNumber = "CUST-1";
    public const string SupplierNumber = "SUPP-1";

    private readonly List<ServiceProvider> _processes = [];
    private readonly ISecretStore _secrets;

    private MyobAdapterHarness(Sim.MyobSimulator simulator, TimeProvider time, Sim.MyobConnectionSeed seed, ISecretStore secrets)
    {
        Simulator = simulator;
        Time = time;
        Seed = seed;
        _secrets = secrets;
        Connection = new LedgerConnection("harness-myob", LedgerKind.Myob, seed.CompanyFileId.ToString());
        CustomerId = simulator.Seed.Customer(seed.CompanyFileId, "Cafe Bean", CustomerNumber);
        SupplierId = simulator.Seed.Supplier(seed.CompanyFileId, "Bean Roasters", SupplierNumber);
    }

    public Sim.MyobSimulator Simulator { get; }

    public TimeProvider Time { get; }

    public ManualTimeProvider ManualTime => (ManualTimeProvider)Time;

    public Sim.MyobConnectionSeed Seed { get; }

    public LedgerConnection Connection { get; }

    public Guid FileId => Seed.CompanyFileId;

    public Guid CustomerId { get; }

    public Guid SupplierId { get; }

    public Dictionary<string, string?> Settings { get; } = [];

    public static async Task<MyobAdapterHarness> StartAsync(
        Action<Sim.MyobSimulatorOptions>? simulator = null, TimeProvider? time = null, ISecretStore? secrets = null, IReadOnlyDictionary<string, string?>? settings = null, bool realLimits = false)
    {
        time ??= new ManualTimeProvider();
        var options = new Sim.MyobSimulatorOptions { TimeProvider = time, RateLimits = realLimits ? Sim.MyobRateLimits.Default : new Sim.MyobRateLimits(100_000, 10_000_000) };
        simulator?.Invoke(options);
        var sim = await Sim.MyobSimulator.StartAsync(options, CancellationToken.None);
        var harness = new MyobAdapterHarness(sim, time, sim.Seed.Connection("Adapter File"), secrets ?? new InMemorySecretStore());
        if (!realLimits)
        {
            harness.Settings["Myob:CallsPerWindow"] = "100000";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            harness.Settings[key] = value;
        }

        await harness.SeedTokensAsync(harness.Connection, harness.Seed.Tokens);
        return harness;
    }

    public async Task SeedTokensAsync(LedgerConnection connection, Sim.MyobTokenResponse tokens, int process = 0) =>
        await Process(process).GetRequiredService<MyobTokenManager>().SeedAsync(
            connection.ConnectionId, new MyobTokenSet(tokens.AccessToken, Time.GetUtcNow() + TimeSpan.FromSeconds(tokens.ExpiresIn), tokens.RefreshToken), CancellationToken.None);

    /// <summary>The first process's adapter.</summary>
    public MyobCreditNotesConnector Connector => Process().GetRequiredService<MyobCreditNotesConnector>();

    /// <summary>The first process's money adapter (IMoneyLedger).</summary>
    public MyobMoneyConnector Money => Process().GetRequiredService<MyobMoneyConnector>();

    public MyobRateGate Gate => Process().GetRequiredService<MyobRateGate>();

    /// <summary>Process <paramref name="index"/> (created on first use): its own pacer, token cache, references and mappings.</summary>
    public IServiceProvider Process(int index = 0)
    {
        while (_processes.Count <= index)
        {
            var settings = new Dictionary<string, string?>
            {
                ["Myob:ApiBaseUrl"] = Simulator.ApiAddress!.ToString(),
                ["Myob:TokenUrl"] = Simulator.TokenEndpoint!.ToString(),
                ["Myob:AuthorizeUrl"] = Simulator.AuthorizeEndpoint!.ToString(),
                ["Myob:ClientId"] = Seed.ApiKey,
                ["Myob:ClientSecret"] = Seed.ApiSecret,
                ["Myob:AccountCodes:200"] = "4-1100",
                ["Myob:AccountCodes:300"] = "5-1100",
                ["Myob:RefundAccount"] = Sim.MyobDemo.BankAccount,
                ["Myob:PaymentAccount"] = Sim.MyobDemo.BankAccount,
                ["Myob:OverpaymentAccount"] = Sim.MyobDemo.OverpaymentsAccount,
                ["Myob:CustomerCreditAccount"] = Sim.MyobDemo.CustomerDepositsAccount,
                ["Myob:SupplierDepositAccount"] = Sim.MyobDemo.SupplierDepositsAccount,
            };
            foreach (var (key, value) in Settings)
            {
                settings[key] = value;
            }

            var services = new ServiceCollection().AddLogging();
            services.AddSingleton(Time);
            services.AddSingleton(_secrets);
            services.AddMyobLedger(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
            _processes.Add(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
        }

        return _processes[index];
    }

    public static CreditNote Note(
        string number, decimal net = 200m, DateOnly? date = null, CreditNoteKind kind = CreditNoteKind.Receivable, long version = 1, string? description = null, IReadOnlyList<CreditNoteLine>? lines = null) => new(
        Id: "doc-" + number,
        Version: version,
        Number: number,
        Kind: kind,
        Date: date ?? new DateOnly(2026, 11, 20),
        Currency: "AUD",
        Contact: kind == CreditNoteKind.Receivable ? new CreditNoteContact(CustomerNumber, "Cafe Bean", null) : new CreditNoteContact(SupplierNumber, "Bean Roasters", null),
        AmountsAre: AmountsAre.Exclusive,
        Lines: lines ?? [new CreditNoteLine(description ?? "Damaged beans", 2m, net / 2m, kind == CreditNoteKind.Receivable ? "200" : "300", kind == CreditNoteKind.Receivable ? "OUTPUT" : "INPUT", net / 10m, net)],
        Subtotal: net,
        TotalTax: net / 10m,
        Total: net * 1.1m,
        Reference: null,
        Allocations: []);

    public static LedgerWriteKey Key(string number, string operation = "create") => new($"t1:harness-myob:doc-{number}:{operation}:v1");

    public Guid SeedInvoice(string number, decimal total, DateOnly? date = null) =>
        Simulator.Seed.Invoice(FileId, new Sim.MyobInvoiceSeed(number, CustomerId, total, date ?? new DateOnly(2026, 11, 1)));

    public Guid SeedBill(string number, decimal total) =>
        Simulator.Seed.Bill(FileId, new Sim.MyobInvoiceSeed(number, SupplierId, total, new DateOnly(2026, 11, 1)));

    public int Stored(string number) => Simulator.Store.CreditNotesByNumber(number, FileId).Count;

    public long Operation(string name) => Simulator.Counters.Snapshot().Operations.GetValueOrDefault(name);

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await Simulator.DisposeAsync();
    }
}
