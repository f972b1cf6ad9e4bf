using System.Diagnostics;
using System.Globalization;
using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.QuickBooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sim = CreditFunctions.LedgerSimulators.QuickBooks;

namespace CreditFunctions.Benchmarks.QuickBooks;

/// <summary>
/// Pushes N credit notes, each allocated to its own invoice, for one QuickBooks realm through the adapter against the
/// simulator under Intuit's limits (10 a second, 500 a minute, 10 in flight; batch 40 a minute; ledger-apis.md Q6).
/// Real clock; the simulator's and the pacer's second and minute are both divided by F, so a run keeps the shape of the
/// limits at F times the speed. Prints elapsed time, the floor the realm's limits set for the calls made (measured in
/// the same run), their ratio, 429s and calls per credit note: first one CreditMemo POST per note, then batches (10 per
/// POST /batch, contract §14). Usage: quickbooks [--notes N] [--scale F] [--concurrency C]
/// </summary>
internal static class QuickBooksAdapterBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var notes = BenchmarkArgs.Int(args, "--notes", 300);
        var scale = BenchmarkArgs.Double(args, "--scale", 10);
        var concurrency = BenchmarkArgs.Int(args, "--concurrency", 20);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"quickbooks adapter benchmark: {notes} credit notes, each allocated (create + zero-amount Payment), one realm, limits 10/s, 500/min, 10 in flight; clock real, scaled by F={scale}; {concurrency} notes at a time"));
        await RunOnceAsync(notes, scale, concurrency, batched: false);
        await RunOnceAsync(notes, scale, concurrency, batched: true);
        return 0;
    }

    private static async Task RunOnceAsync(int count, double scale, int concurrency, bool batched)
    {
        var options = new Sim.QuickBooksSimulatorOptions { TimeScale = scale };
        await using var simulator = await Sim.QuickBooksSimulator.StartAsync(options, CancellationToken.None);
        var seed = simulator.Seed.Connection("Benchmark Company");
        var customer = simulator.Seed.Customer(seed.RealmId, "Cafe Bean");
        for (var i = 0; i < count; i++)
        {
            simulator.Seed.Invoice(seed.RealmId, $"INV-{i:D5}", customer, 500m);
        }


        // Seeding goes straight into the books, not through the API: the counters hold only the adapter's calls.
        var settings = new Dictionary<string, string?>
        {
            ["QuickBooks:ApiBaseUrl"] = simulator.BaseAddress!.ToString(),
            ["QuickBooks:TokenUrl"] = simulator.TokenEndpoint!.ToString(),
            ["QuickBooks:ClientId"] = seed.ClientId,
            ["QuickBooks:ClientSecret"] = seed.ClientSecret,
            ["QuickBooks:RateTimeScale"] = scale.ToString(CultureInfo.InvariantCulture),
            ["QuickBooks:MaxPacingWait"] = "01:00:00",
        };
        var services = new ServiceCollection().AddLogging();
        services.AddQuickBooksLedger(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        await using var provider = services.BuildServiceProvider();
        var connection = new LedgerConnection("bench-qbo", LedgerKind.QuickBooks, seed.RealmId);
        await provider.GetRequiredService<QuickBooksTokenManager>().SeedAsync(
            connection.ConnectionId, new QuickBooksTokenSet(seed.Tokens.AccessToken, TimeProvider.System.GetUtcNow().AddSeconds(seed.Tokens.ExpiresIn), seed.Tokens.RefreshToken), CancellationToken.None);
        var connector = provider.GetRequiredService<QuickBooksCreditMemosConnector>();
        var batcher = new LedgerCreateBatcher();
        var retries = 0;
        var failed = 0;

        async Task<LedgerResult<T>> Retrying<T>(Func<Task<LedgerResult<T>>> call)
        {
            while (true)
            {
                var result = await call();
                if (result.Failure?.Kind is not (LedgerFailureKind.Throttled or LedgerFailureKind.Transient))
                {
                    return result;
                }

                // What the workflow would do: come back after Retry-After.
                Interlocked.Increment(ref retries);
                await Task.Delay(result.Failure.RetryAfter ?? TimeSpan.FromSeconds(1));
            }
        }

        using var slots = new SemaphoreSlim(concurrency);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await slots.WaitAsync();
            try
            {
                var note = Note($"CN-{i:D5}");
                var key = new LedgerWriteKey($"bench:bench-qbo:CN-{i:D5}:create:v1");
                var created = await Retrying(() => batched
                    ? batcher.CreateAsync(connector, connection, note, key, CancellationToken.None)
                    : connector.CreateCreditNoteAsync(connection, note, key, CancellationToken.None));
                var allocated = created.Succeeded
                    ? await Retrying(() => connector.AllocateAsync(connection, created.Value!.LedgerDocumentId, note, new AllocationRequest($"INV-{i:D5}", 110m, note.Date), new LedgerWriteKey($"bench:bench-qbo:CN-{i:D5}:allocate:v1"), CancellationToken.None))
                    : default;
                if (!created.Succeeded || !allocated.Succeeded)
                {
                    Interlocked.Increment(ref failed);
                }
            }
            finally
            {
                slots.Release();
            }
        })));
        clock.Stop();

        var counters = simulator.Counters.Snapshot();
        var batches = counters.Operations.GetValueOrDefault("POST /batch");
        var singles = counters.ApiCalls - batches;
        // The realm's floor for these calls, measured in this run: sliding windows let the first 500 (and 40 batches) go
        // within a minute at 10 a second, so the floor is the slowest of: (calls-1)/10 s; whole minutes of 500; whole minutes of 40 batches.
        var second = TimeSpan.FromSeconds(1) / scale;
        var minute = TimeSpan.FromMinutes(1) / scale;
        var floor = Max(
            second * ((counters.ApiCalls - 1) / 10.0),
            Max(minute * Math.Floor((singles - 1) / 500.0), minute * Math.Floor(Math.Max(0, batches - 1) / 40.0)));
        var memos = simulator.Store.Entities(seed.RealmId, "CreditMemo").Count;
        var open = simulator.Store.Entities(seed.RealmId, "Invoice").Count(i => (decimal)i["Balance"]! != 500m);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {(batched ? "creates batched (up to 10 per POST /batch)" : "one CreditMemo POST per note")}: elapsed {clock.Elapsed.TotalSeconds:0.00} s; floor {floor.TotalSeconds:0.00} s " +
            $"({counters.ApiCalls} calls: {singles} single, {batches} batch); ratio {(floor > TimeSpan.Zero ? clock.Elapsed / floor : double.NaN):0.000}; 429s {counters.Throttled}; retries {retries}; " +
            $"calls per credit note {(double)counters.ApiCalls / count:0.000}; memos {memos}; invoices credited {open}; failed {failed}; unscaled equivalent {clock.Elapsed.TotalMinutes * scale:0.00} min"));
        foreach (var (operation, calls) in counters.Operations.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {operation}: {calls}"));
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static CreditNote Note(string number) => new(
        "doc-" + number, 1, number, CreditNoteKind.Receivable, new DateOnly(2026, 11, 20), "AUD",
        new CreditNoteContact("CUST-1", "Cafe Bean", null), AmountsAre.Exclusive,
        [new CreditNoteLine("Damaged goods", 1m, 100m, "200", "TAX", 10m, 100m)], 100m, 10m, 110m, "Order 42", []);
}
