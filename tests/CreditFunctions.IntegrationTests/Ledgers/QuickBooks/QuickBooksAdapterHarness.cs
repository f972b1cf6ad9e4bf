using System.Collections.Concurrent;
using CreditFunctions.Documents;
using CreditFunctions.IntegrationTests.LedgerSimulators.QuickBooks;
using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.QuickBooks;
using CreditFunctions.Ledgers.Xero;
using CreditFunctions.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sim = CreditFunctions.LedgerSimulators.QuickBooks;

namespace CreditFunctions.IntegrationTests.Ledgers.QuickBooks;

/// <summary>
/// The QuickBooks simulator on a dynamic port (schema-name check attached, every exchange recorded), one company with
/// customer "Cafe Bean", and the adapter as <c>AddQuickBooksLedger</c> registers it ("a process"). More processes share
/// the secret store and the simulator but nothing else. Both sides read one hand-moved clock.
/// </summary>
internal sealed class QuickBooksAdapterHarness : IAsyncDisposable, Sim.IQuickBooksTrafficObserver
{
    public const string CustomerName = "Cafe Bean";

    private readonly List<ServiceProvider> _processes = [];
    private readonly ISecretStore _secrets;

    private QuickBooksAdapterHarness(Sim.QuickBooksSimulator simulator, QuickBooksSchemaNames schema, ManualTimeProvider time, Sim.QuickBooksConnectionSeed seed, ISecretStore secrets)
    {
        Simulator = simulator;
        Schema = schema;
        Time = time;
        Seed = seed;
        _secrets = secrets;
        Connection = new LedgerConnection("harness-qbo", LedgerKind.QuickBooks, seed.RealmId);
        CustomerId = simulator.Seed.Customer(seed.RealmId, CustomerName);
    }

    public Sim.QuickBooksSimulator Simulator { get; }

    public QuickBooksSchemaNames Schema { get; }

    public ManualTimeProvider Time { get; }

    public Sim.QuickBooksConnectionSeed Seed { get; }

    public LedgerConnection Connection { get; }

    public string RealmId => Seed.RealmId;

    public string CustomerId { get; }

    public ISecretStore Secrets => _secrets;

    public Dictionary<string, string?> Settings { get; } = [];

    public ConcurrentQueue<Sim.QuickBooksExchange> Exchanges { get; } = new();

    public DateOnly Today => DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);

    public static async Task<QuickBooksAdapterHarness> StartAsync(Action<Sim.QuickBooksSimulatorOptions>? simulator = null, IReadOnlyDictionary<string, string?>? settings = null, bool seedTokens = true)
    {
        var time = new ManualTimeProvider();
        var schema = new QuickBooksSchemaNames();
        var options = new Sim.QuickBooksSimulatorOptions { TimeProvider = time };
        options.Observers.Add(schema);
        simulator?.Invoke(options);
        var sim = await Sim.QuickBooksSimulator.StartAsync(options, CancellationToken.None);
        var harness = new QuickBooksAdapterHarness(sim, schema, time, sim.Seed.Connection("Adapter Company"), new InMemorySecretStore());
        options.Observers.Add(harness);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            harness.Settings[key] = value;
        }

        if (seedTokens)
        {
            var tokens = harness.Seed.Tokens;
            await harness.Process().GetRequiredService<QuickBooksTokenManager>().SeedAsync(
                harness.Connection.ConnectionId, new QuickBooksTokenSet(tokens.AccessToken, time.GetUtcNow().AddSeconds(tokens.ExpiresIn), tokens.RefreshToken), CancellationToken.None);
        }

        return harness;
    }

    public QuickBooksCreditMemosConnector Connector => Process().GetRequiredService<QuickBooksCreditMemosConnector>();

    public QuickBooksRateGate Gate => Process().GetRequiredService<QuickBooksRateGate>();

    /// <summary>Process <paramref name="index"/> (created on first use): its own gate, token cache and contact mappings.</summary>
    public IServiceProvider Process(int index = 0)
    {
        while (_processes.Count <= index)
        {
            var settings = new Dictionary<string, string?>
            {
                ["QuickBooks:ApiBaseUrl"] = Simulator.BaseAddress!.ToString(),
                ["QuickBooks:TokenUrl"] = Simulator.TokenEndpoint!.ToString(),
                ["QuickBooks:AuthorizeUrl"] = Simulator.AuthorizeEndpoint!.ToString(),
                ["QuickBooks:RedirectUri"] = "http://127.0.0.1:7071/api/connections/callback",
                ["QuickBooks:ClientId"] = Seed.ClientId,
                ["QuickBooks:ClientSecret"] = Seed.ClientSecret,
            };
            foreach (var (key, value) in Settings)
            {
                settings[key] = value;
            }

            var services = new ServiceCollection().AddLogging();
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton(_secrets);
            services.AddQuickBooksLedger(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
            _processes.Add(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
        }

        return _processes[index];
    }

    public static CreditNote Note(string number, decimal net = 100m, DateOnly? date = null, string contactId = "cust-1", string contactName = CustomerName, CreditNoteKind kind = CreditNoteKind.Receivable) => new(
        Id: "doc-" + number,
        Version: 1,
        Number: number,
        Kind: kind,
        Date: date ?? new DateOnly(2026, 11, 20),
        Currency: "AUD",
        Contact: new CreditNoteContact(contactId, contactName, null),
        AmountsAre: AmountsAre.Exclusive,
        Lines: [new CreditNoteLine("Damaged goods", 1m, net, "200", "TAX", net / 10m, net)],
        Subtotal: net,
        TotalTax: net / 10m,
        Total: net * 1.1m,
        Reference: "Order 42",
        Allocations: []);

    public static LedgerWriteKey Key(string number, string operation = "create") => new($"t1:harness-qbo:{number}:{operation}:v1");

    public string SeedInvoice(string number, decimal total, decimal? balance = null) => Simulator.Seed.Invoice(RealmId, number, CustomerId, total, balance);

    public decimal InvoiceBalance(string number) => (decimal)Simulator.Store.Invoice(RealmId, number)!["Balance"]!;

    public int StoredMemos(string number) => Simulator.Store.CreditMemosByNumber(number, RealmId).Count;

    public long Operation(string name) => Simulator.Counters.Snapshot().Operations.GetValueOrDefault(name);

    public void OnExchange(Sim.QuickBooksExchange exchange) => Exchanges.Enqueue(exchange);

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await Simulator.DisposeAsync();
        Schema.AssertClean();
    }
}
