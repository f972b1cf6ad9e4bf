using System.Diagnostics;
using System.Globalization;
using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.Xero;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sim = CreditFunctions.LedgerSimulators.Xero;

namespace CreditFunctions.Benchmarks.Xero;

/// <summary>
/// Pushes N credit notes for one Xero tenant through the adapter against the simulator under Xero's limits
/// (60 per minute, 5 in flight; ledger-apis.md X14). Real clock; the simulator's minute and the pacer's window are
/// both divided by the scale factor F (limits per window unchanged), so a run keeps the shape of Xero's limits at
/// F times the speed. Prints elapsed time, the floor those limits set, their ratio, 429s and calls per credit note,
/// first one PUT per credit note (what the workflow does today), then batches of 50 per PUT (X3).
/// Usage: xero [--notes N] [--scale F] [--margin-ms M]
/// </summary>
internal static class XeroAdapterBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var notes = BenchmarkArgs.Int(args, "--notes", 300);
        var scale = BenchmarkArgs.Double(args, "--scale", 10);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"xero adapter benchmark: {notes} credit notes, one tenant, limits 60/min and 5 in flight; clock real, minute scaled by F={scale} (1 Xero minute = {60 / scale:0.###} s)"));
        // XeroOptions.RateWindowMargin (default zero): the pacer already keeps each call counted until a window after its answer.
        var margin = TimeSpan.FromMilliseconds(BenchmarkArgs.Int(args, "--margin-ms", 0));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pacer window margin {margin.TotalMilliseconds:0} ms (real time)"));
        await RunOnceAsync(notes, scale, margin, batchSize: 1);
        await RunOnceAsync(notes, scale, margin, batchSize: 50);
        return 0;
    }

    private static async Task RunOnceAsync(int count, double scale, TimeSpan margin, int batchSize)
    {
        var problems = new ThrottleProblems();
        var options = new Sim.XeroSimulatorOptions { TimeScale = scale };
        options.Observers.Add(problems);
        await using var simulator = await Sim.XeroSimulator.StartAsync(options, CancellationToken.None);
        var seed = simulator.Seed.Connection("Benchmark Org");
        simulator.Seed.Contact(seed.TenantId, "Cafe Bean", "CUST-1");
        var window = TimeSpan.FromMinutes(1) / scale;
        var settings = new Dictionary<string, string?>
        {
            ["Xero:ApiBaseUrl"] = simulator.AccountingAddress!.ToString(),
            ["Xero:IdentityBaseUrl"] = simulator.BaseAddress!.ToString(),
            ["Xero:ClientId"] = seed.ClientId,
            ["Xero:ClientSecret"] = seed.ClientSecret,
            ["Xero:RateWindow"] = window.ToString("c", CultureInfo.InvariantCulture),
            ["Xero:RateWindowMargin"] = margin.ToString("c", CultureInfo.InvariantCulture),
            ["Xero:MaxPacingWait"] = "01:00:00",
        };
        var services = new ServiceCollection().AddLogging();
        services.AddXeroLedger(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        await using var provider = services.BuildServiceProvider();
        var connection = new LedgerConnection("bench-xero", LedgerKind.Xero, seed.TenantId.ToString());
        await provider.GetRequiredService<XeroTokenManager>().SeedAsync(
            connection.ConnectionId,
            new XeroTokenSet(seed.Tokens.AccessToken, TimeProvider.System.GetUtcNow().AddSeconds(seed.Tokens.ExpiresIn), seed.Tokens.RefreshToken),
            CancellationToken.None);
        var connector = provider.GetRequiredService<XeroCreditNotesConnector>();
        var items = Enumerable.Range(0, count).Select(i => (Note: Note($"CN-{i:D5}"), Key: new LedgerWriteKey($"bench:bench-xero:CN-{i:D5}:create:v1"))).ToList();
        var retries = 0;

        var clock = Stopwatch.StartNew();
        IReadOnlyList<LedgerResult<LedgerDocument>> results;
        if (batchSize == 1)
        {
            results = await Task.WhenAll(items.Select(item => Task.Run(async () =>
            {
                while (true)
                {
                    var result = await connector.CreateCreditNoteAsync(connection, item.Note, item.Key, CancellationToken.None);
                    if (result.Failure?.Kind is not (LedgerFailureKind.Throttled or LedgerFailureKind.Transient))
                    {
                        return result;
                    }

                    // What the workflow would do: come back after Retry-After.
                    Interlocked.Increment(ref retries);
                    await Task.Delay(result.Failure.RetryAfter ?? TimeSpan.FromSeconds(1));
                }
            })));
        }
        else
        {
            results = await connector.CreateCreditNotesAsync(connection, items, batchSize, CancellationToken.None);
        }

        clock.Stop();
        var counters = simulator.Counters.Snapshot();
        // (calls-1)/60 minutes: the brief's floor. A sliding window lets the first 60 go at once, so the exact floor
        // is whole windows: floor((calls-1)/60) windows (the same figure when calls-1 is a multiple of 60).
        var floor = TimeSpan.FromMinutes((counters.ApiCalls - 1) / 60.0) / scale;
        var exactFloor = window * Math.Floor((counters.ApiCalls - 1) / 60.0);
        var failed = results.Count(r => !r.Succeeded);
        var stored = simulator.Store.CreditNotes(seed.TenantId).Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {(batchSize == 1 ? "one PUT per credit note" : $"batched, {batchSize} per PUT")}: elapsed {clock.Elapsed.TotalSeconds:0.00} s; " +
            $"floor {floor.TotalSeconds:0.00} s ({counters.ApiCalls} calls at 60 per {window.TotalSeconds:0.###} s; whole-window floor {exactFloor.TotalSeconds:0.00} s); ratio {(floor > TimeSpan.Zero ? clock.Elapsed / floor : double.NaN):0.000}; " +
            $"429s {counters.Throttled}{problems}; retries {retries}; calls per credit note {(double)counters.ApiCalls / count:0.000}; stored {stored}; failed {failed}; unscaled equivalent {clock.Elapsed.TotalMinutes * scale:0.00} min"));
        foreach (var (operation, calls) in counters.Operations.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {operation}: {calls}"));
        }
    }

    /// <summary>Counts 429s by X-Rate-Limit-Problem (minute, concurrent, day, appminute).</summary>
    private sealed class ThrottleProblems : Sim.IXeroTrafficObserver
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

        public void OnExchange(Sim.XeroExchange exchange)
        {
            if (exchange.StatusCode == 429)
            {
                _counts.AddOrUpdate(exchange.ResponseHeaders.GetValueOrDefault("X-Rate-Limit-Problem") ?? "?", 1, (_, n) => n + 1);
            }
        }

        public override string ToString() => _counts.IsEmpty ? "" : " (" + string.Join(", ", _counts.Select(c => $"{c.Key} {c.Value}")) + ")";
    }

    private static CreditNote Note(string number) => new(
        "doc-" + number, 1, number, CreditNoteKind.Receivable, new DateOnly(2026, 11, 20), "AUD",
        new CreditNoteContact("CUST-1", "Cafe Bean", null), AmountsAre.Exclusive,
        [new CreditNoteLine("Damaged goods", 1m, 100m, "200", "OUTPUT", 10m, 100m)], 100m, 10m, 110m, "Order 42", []);
}
