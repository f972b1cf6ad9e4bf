using CreditFunctions.Documents;
using CreditFunctions.IntegrationTests.LedgerSimulators;
using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.Xero;
using CreditFunctions.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sim = CreditFunctions.LedgerSimulators.Xero;

namespace CreditFunctions.IntegrationTests.Ledgers.Xero;

/// <summary>
/// The simulator on a dynamic port with its OpenAPI conformance observer, one organisation holding contact CUST-1,
/// and the adapter as <c>AddXeroLedger</c> registers it ("a process"). More processes share the secret store and
/// the simulator but nothing else. Both sides read one clock. Disposing asserts the traffic conformed.
/// </summary>
internal sealed class XeroAdapterHarness : IAsyncDisposable
{
    public const string ContactNumber = "CUST-1";
    public const string ContactName = "Cafe Bean";

    private readonly List<ServiceProvider> _processes = [];
    private readonly ISecretStore _secrets;

    private XeroAdapterHarness(Sim.XeroSimulator simulator, XeroConformance conformance, TimeProvider time, Sim.XeroConnectionSeed seed, ISecretStore secrets)
    {
        Simulator = simulator;
        Conformance = conformance;
        Time = time;
        Seed = seed;
        _secrets = secrets;
        Connection = new LedgerConnection("harness-xero", LedgerKind.Xero, seed.TenantId.ToString());
        ContactId = simulator.Seed.Contact(seed.TenantId, ContactName, ContactNumber);
    }

    public Sim.XeroSimulator Simulator { get; }

    public XeroConformance Conformance { get; }

    public TimeProvider Time { get; }

    public ManualTimeProvider ManualTime => (ManualTimeProvider)Time;

    public Sim.XeroConnectionSeed Seed { get; }

    public LedgerConnection Connection { get; }

    public Guid TenantId => Seed.TenantId;

    public Guid ContactId { get; }

    public Dictionary<string, string?> Settings { get; } = [];

    public static async Task<XeroAdapterHarness> StartAsync(
        Action<Sim.XeroSimulatorOptions>? simulator = null, TimeProvider? time = null, ISecretStore? secrets = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        time ??= new ManualTimeProvider();
        var options = new Sim.XeroSimulatorOptions { TimeProvider = time };
        simulator?.Invoke(options);
        var sim = await Sim.XeroSimulator.StartAsync(options, CancellationToken.None);
        var conformance = await XeroConformance.AttachAsync(sim);
        var seed = sim.Seed.Connection("Adapter Org");
        var harness = new XeroAdapterHarness(sim, conformance, time, seed, secrets ?? new InMemorySecretStore());
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            harness.Settings[key] = value;
        }

        var tokens = new XeroTokenSet(seed.Tokens.AccessToken, time.GetUtcNow() + TimeSpan.FromSeconds(seed.Tokens.ExpiresIn), seed.Tokens.RefreshToken);
        await harness.Process().GetRequiredService<XeroTokenManager>().SeedAsync(harness.Connection.ConnectionId, tokens, CancellationToken.None);
        return harness;
    }

    /// <summary>The first process's adapter.</summary>
    public XeroCreditNotesConnector Connector => Process().GetRequiredService<XeroCreditNotesConnector>();

    public XeroRateGate Gate => Process().GetRequiredService<XeroRateGate>();

    /// <summary>The first process's money adapter (IMoneyLedger).</summary>
    public XeroMoneyConnector Money => Process().GetRequiredService<XeroMoneyConnector>();

    public DateOnly Today => DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);

    /// <summary>The invoice as the simulator holds it now (AmountDue, Status, Payments), in Xero's wire format.</summary>
    public System.Text.Json.Nodes.JsonObject StoredInvoice(string number) => Simulator.Store.Invoice(TenantId, number) ?? throw new InvalidOperationException($"No invoice {number}.");

    public decimal AmountDue(string number) => StoredInvoice(number)["AmountDue"]!.GetValue<decimal>();

    /// <summary>Process <paramref name="index"/> (created on first use): its own gate, token cache and contact mappings.</summary>
    public IServiceProvider Process(int index = 0)
    {
        while (_processes.Count <= index)
        {
            var settings = new Dictionary<string, string?>
            {
                ["Xero:ApiBaseUrl"] = Simulator.AccountingAddress!.ToString(),
                ["Xero:IdentityBaseUrl"] = Simulator.BaseAddress!.ToString(),
                ["Xero:ConnectionsUrl"] = new Uri(Simulator.BaseAddress!, "connections").ToString(),
                ["Xero:ClientId"] = Seed.ClientId,
                ["Xero:ClientSecret"] = Seed.ClientSecret,
            };
            foreach (var (key, value) in Settings)
            {
                settings[key] = value;
            }

            var services = new ServiceCollection().AddLogging();
            services.AddSingleton(Time);
            services.AddSingleton(_secrets);
            services.AddXeroLedger(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
            _processes.Add(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
        }

        return _processes[index];
    }

    public static CreditNote Note(string number, decimal net = 100m, DateOnly? date = null, string contactId = ContactNumber, string contactName = ContactName) => new(
        Id: "doc-" + number,
        Version: 1,
        Number: number,
        Kind: CreditNoteKind.Receivable,
        Date: date ?? new DateOnly(2026, 11, 20),
        Currency: "AUD",
        Contact: new CreditNoteContact(contactId, contactName, null),
        AmountsAre: AmountsAre.Exclusive,
        Lines: [new CreditNoteLine("Damaged goods", 1m, net, "200", "OUTPUT", net / 10m, net)],
        Subtotal: net,
        TotalTax: net / 10m,
        Total: net * 1.1m,
        Reference: "Order 42",
        Allocations: []);

    public static LedgerWriteKey Key(string number, string operation = "create") => new($"t1:harness-xero:doc-{number}:{operation}:v1");

    public Guid SeedInvoice(string number, decimal total, string type = "ACCREC", decimal? amountDue = null, string status = "AUTHORISED") =>
        Simulator.Seed.Invoice(TenantId, new Sim.XeroInvoiceSeed(number, ContactId, total, type, amountDue, status));

    public int StoredCreditNotes(string number) => Simulator.Store.CreditNotesByNumber(number, TenantId).Count;

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await Simulator.DisposeAsync();
        Conformance.Dispose();
        Conformance.AssertNoViolations();
    }
}
