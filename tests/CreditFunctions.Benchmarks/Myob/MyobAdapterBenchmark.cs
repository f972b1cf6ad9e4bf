using System.Diagnostics;
using System.Globalization;
using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.Myob;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sim = CreditFunctions.LedgerSimulators.Myob;

namespace CreditFunctions.Benchmarks.Myob;

/// <summary>
/// Pushes credit notes for many tenants (company files) sharing one API key through the MYOB adapter against the
/// simulator under MYOB's real limit: 8 calls a second per key across all tenants (ledger-apis.md M4). Real clock. Prints
/// elapsed time, the floor that limit sets for the calls made ((calls − 8) / 8 s: the first eight go at once), their
/// ratio, 403 RateLimitErrors and calls per credit note, first exporting only (look-up by Number + POST), then with one
/// allocation per note (+ invoice look-up + CreditSettlement).
/// Usage: myob [--tenants T] [--notes-per-tenant N]
/// </summary>
internal static class MyobAdapterBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var tenants = BenchmarkArgs.Int(args, "--tenants", 20);
        var perTenant = BenchmarkArgs.Int(args, "--notes-per-tenant", 3);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"myob adapter benchmark: {tenants} tenants x {perTenant} credit notes on one API key; limit 8 calls/s per key (real clock)"));
        await RunOnceAsync(tenants, perTenant, allocate: false);
        await RunOnceAsync(tenants, perTenant, allocate: true);
        return 0;
    }

    private static async Task RunOnceAsync(int tenants, int perTenant, bool allocate)
    {
        await using var simulator = await Sim.MyobSimulator.StartAsync(new Sim.MyobSimulatorOptions(), CancellationToken.None);
        var seed = simulator.Seed.Connection("Benchmark File 0");
        var settings = new Dictionary<string, string?>
        {
            ["Myob:ApiBaseUrl"] = simulator.ApiAddress!.ToString(),
            ["Myob:TokenUrl"] = simulator.TokenEndpoint!.ToString(),
            ["Myob:ClientId"] = seed.ApiKey,
            ["Myob:ClientSecret"] = seed.ApiSecret,
            ["Myob:AccountCodes:200"] = Sim.MyobDemo.IncomeAccount,
            ["Myob:MaxPacingWait"] = "01:00:00",
        };
        var services = new ServiceCollection().AddLogging();
        services.AddMyobLedger(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        await using var provider = services.BuildServiceProvider();
        var tokens = provider.GetRequiredService<MyobTokenManager>();
        var connections = new List<LedgerConnection>();
        for (var t = 0; t < tenants; t++)
        {
            var file = t == 0 ? seed.CompanyFileId : simulator.Seed.CompanyFile($"Benchmark File {t}");
            var customer = simulator.Seed.Customer(file, "Cafe Bean", "CUST-1");
            for (var n = 0; n < perTenant; n++)
            {
                simulator.Seed.Invoice(file, new Sim.MyobInvoiceSeed($"INV-{n:D4}", customer, 1_000m, new DateOnly(2026, 11, 1)));
            }

            var connection = new LedgerConnection($"bench{t}-myob", LedgerKind.Myob, file.ToString());
            var minted = simulator.Seed.Tokens(seed.ApiKey, file);
            await tokens.SeedAsync(connection.ConnectionId, new MyobTokenSet(minted.AccessToken, TimeProvider.System.GetUtcNow().AddSeconds(minted.ExpiresIn), minted.RefreshToken), CancellationToken.None);
            connections.Add(connection);
        }

        var connector = provider.GetRequiredService<MyobCreditNotesConnector>();
        var notes = tenants * perTenant;
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(connections.SelectMany(c => Enumerable.Range(0, perTenant).Select(n => Task.Run(async () =>
        {
            var note = Note($"CN-{n:D4}", $"INV-{n:D4}");
            var created = await connector.CreateCreditNoteAsync(c, note, new LedgerWriteKey($"bench:{c.ConnectionId}:{n}:create:v1"), CancellationToken.None);
            if (!allocate || !created.Succeeded)
            {
                return created.Failure;
            }

            var allocated = await connector.AllocateAsync(c, created.Value!.LedgerDocumentId, note, note.Allocations[0], new LedgerWriteKey($"bench:{c.ConnectionId}:{n}:allocate:v1"), CancellationToken.None);
            return allocated.Failure;
        }))));
        clock.Stop();

        var counters = simulator.Counters.Snapshot();
        var floor = TimeSpan.FromSeconds(Math.Max(0, counters.ApiCalls - 8) / 8.0);
        var oneTime = tenants * 3; // per company file: card look-up, accounts, tax codes (cached afterwards)
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {(allocate ? "create + allocate" : "create only")}: {notes} notes; elapsed {clock.Elapsed.TotalSeconds:0.00} s; floor {floor.TotalSeconds:0.00} s ({counters.ApiCalls} calls at 8/s); " +
            $"ratio {(floor > TimeSpan.Zero ? clock.Elapsed / floor : double.NaN):0.000}; 403s {counters.RateLimited}; calls per credit note {(double)counters.ApiCalls / notes:0.000} " +
            $"({(double)(counters.ApiCalls - oneTime) / notes:0.000} after each file's {3} one-time look-ups); achieved {counters.ApiCalls / clock.Elapsed.TotalSeconds:0.00} calls/s; failed {results.Count(r => r is not null)}"));
        foreach (var (operation, calls) in counters.Operations.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {operation}: {calls}"));
        }
    }

    private static CreditNote Note(string number, string invoice) => new(
        "doc-" + number, 1, number, CreditNoteKind.Receivable, new DateOnly(2026, 11, 20), "AUD",
        new CreditNoteContact("CUST-1", "Cafe Bean", null), AmountsAre.Exclusive,
        [new CreditNoteLine("Damaged goods", 1m, 100m, "200", "OUTPUT", 10m, 100m)], 100m, 10m, 110m, "Order 42",
        [new AllocationRequest(invoice, 110m, new DateOnly(2026, 11, 20))]);
}
