using System.Diagnostics;
using System.Globalization;
using CreditFunctions.LocalHost.LocalDev;
using CreditFunctions.LedgerSimulators.Xero;
using Microsoft.Extensions.Logging.Abstractions;

namespace CreditFunctions.Benchmarks.Pipeline;

/// <summary>
/// <c>dotnet run -c Release --project tests/CreditFunctions.Benchmarks -- bulk [--notes 10000] [--scale 1] [--concurrency 16]</c>:
/// ARCHITECTURE.md §5 "bulk": N credit notes for one Xero organisation through the whole app (signed webhooks →
/// workflow → Xero simulator) under Xero's real limits (60 calls a minute, 5 at once, 5,000 a day; ledger-apis.md
/// X14/X15), enforced by the simulator and paced by the adapter. The minute may be divided by F on both sides (limits
/// per window unchanged) for a quicker run. The floor those limits set: the fewest calls that can carry N notes
/// (one PUT per 50, X3, plus the contact lookup) at 60 a minute; the first 60 go at once, so (calls − 1) / 60 minutes.
/// Prints elapsed time to the last ledger commit, the floor, their ratio, calls per note, notes per PUT and 429s.
/// </summary>
internal static class BulkBenchmark
{
    private const string ConnectionString = "UseDevelopmentStorage=true";
    private const int XeroBatch = 50;

    public static async Task<int> RunAsync(string[] args)
    {
        var notes = BenchmarkArgs.Int(args, "--notes", 10_000);
        var scale = BenchmarkArgs.Double(args, "--scale", 1);
        var concurrency = BenchmarkArgs.Int(args, "--concurrency", 16);
        var ct = CancellationToken.None;
        await using var azurite = await AzuriteLauncher.EnsureRunningAsync(NullLogger.Instance, ct);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bulk benchmark: {notes} credit notes, one Xero organisation, Xero's limits (60/min, 5 at once, 5,000/day); minute scaled by F={scale} (1 Xero minute = {60 / scale:0.###} s); webhooks sent {concurrency} at a time; cores {Environment.ProcessorCount}"));
        await using var host = await PipelineHost.StartAsync(ConnectionString, 1, TimeSpan.FromMilliseconds(150), XeroRateLimits.Default, scale, ct);
        var tenant = host.Tenants[0];

        var started = Stopwatch.GetTimestamp();
        var clock = Stopwatch.StartNew();
        var next = -1;
        var rejected = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < notes)
            {
                var (_, accepted) = await host.PostCreditNoteAsync(tenant, $"bulk{i:D5}", ct);
                if (!accepted)
                {
                    Interlocked.Increment(ref rejected);
                }
            }
        }, ct)));
        var ingested = clock.Elapsed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  webhooks acknowledged: {notes - rejected}/{notes} in {ingested.TotalSeconds:0.0} s ({(notes - rejected) / ingested.TotalSeconds:0} /s)"));

        // Wait for the last commit, reporting progress; give up when nothing lands for five Xero minutes.
        var stalledAfter = TimeSpan.FromMinutes(5) / scale;
        var lastCount = -1;
        var lastProgress = Stopwatch.StartNew();
        while (host.Commits.Count < notes && lastProgress.Elapsed < stalledAfter)
        {
            await Task.Delay(TimeSpan.FromSeconds(5), ct);
            if (host.Commits.Count != lastCount)
            {
                lastCount = host.Commits.Count;
                lastProgress.Restart();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {clock.Elapsed.TotalSeconds,6:0} s: {lastCount} in Xero"));
            }
        }

        var done = Stopwatch.GetElapsedTime(started, host.Commits.LastCommitTimestamp);
        var counters = host.Xero.Counters.Snapshot();
        var puts = counters.Operations.GetValueOrDefault("PUT /CreditNotes");
        var floorCalls = (notes + XeroBatch - 1) / XeroBatch + 1;
        var floor = TimeSpan.FromMinutes((floorCalls - 1) / 60.0) / scale;
        var stored = host.Xero.Store.CreditNotes(host.XeroTenants[0]).Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  all in Xero after {done.TotalSeconds:0.0} s; floor {floor.TotalSeconds:0.0} s ({floorCalls} calls at 60 per {60 / scale:0.###} s); ratio {done / floor:0.00} (target ≤ 1.1)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  ledger calls {counters.ApiCalls} ({(double)counters.ApiCalls / notes:0.000} per note, floor {(double)floorCalls / notes:0.000}); PUT /CreditNotes {puts} ({(puts == 0 ? 0 : (double)notes / puts):0.0} notes per PUT); 429s {counters.Throttled}; in Xero {stored} of {notes} (each once: {stored == notes && host.Commits.Count == notes})"));
        foreach (var (operation, calls) in counters.Operations.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {operation}: {calls}"));
        }

        return stored == notes && rejected == 0 ? 0 : 1;
    }
}
