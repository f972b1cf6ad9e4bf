using System.Globalization;
using CreditFunctions.Benchmarks.Storage;

namespace CreditFunctions.Benchmarks.Pipeline;

/// <summary>Prints the pipeline figures against the targets of ARCHITECTURE.md §5.</summary>
internal static class PipelineReport
{
    public static void Print(PipelineBenchmarkOptions o, LatencyFigures latency, ThroughputFigures t, BareEngineFigures bare, StorageCeiling ceiling)
    {
        var ack = latency.AckMs;
        var toLedger = latency.ToLedgerMs;
        var perDoc = (double)t.StorageTotal / t.Notes;
        var enginePerDoc = (double)t.StorageRequests.Where(r => r.Service.StartsWith("engine-", StringComparison.Ordinal)).Sum(r => r.Count) / t.Notes;
        var ratio = t.DocsPerSecond / bare.DocsPerSecond;
        var ledgerPerDoc = (double)t.Ledger.ApiCalls / t.Notes;
        var storageRate = t.StorageTotal / t.ToQuiet.TotalSeconds;
        var pipelineDemand = t.DocsPerSecond * perDoc;

        Console.WriteLine();
        Console.WriteLine($"{"measure",-58} {"value",-34} {"target (§5)",-16} ok");
        Row($"1. webhook ack p50 / p99 ({o.AckRequests} POSTs, concurrency {o.AckConcurrency})", $"{P(ack, 50):0.0} / {P(ack, 99):0.0} ms ({latency.AckPerSecond:0}/s)", "p99 < 50 ms", P(ack, 99) < 50 && latency.AckRejected == 0);
        Row("   CPU during it: this process (app+simulator+client) / machine", $"{latency.AckCpu.Process:P0} / {latency.AckCpu.Machine:P0} of {Environment.ProcessorCount} cores", "", true);
        var met = latency.OpenLoop.Where(r => r.Rejected == 0 && P(r.FromScheduleMs, 99) < 50).Select(r => r.Rate).DefaultIfEmpty(0).Max();
        if (latency.OpenLoop.Count > 0)
        {
            Row(
                $"1b. open loop: highest rate tried with ack p99 < 50 ms",
                met > 0 ? $"{met}/s (tried {string.Join(", ", latency.OpenLoop.Select(r => r.Rate))})" : $"none (tried {string.Join(", ", latency.OpenLoop.Select(r => r.Rate))})",
                "100/s",
                met >= 100);
        }

        Row($"2. webhook -> ledger p50 / p95 / p99 (idle, {toLedger.Length} notes, ledger {o.LatencyLedgerMs} ms)", $"{P(toLedger, 50):0} / {P(toLedger, 95):0} / {P(toLedger, 99):0} ms", "p95 < 1 s", P(toLedger, 95) < 1000);
        Row($"3. throughput ({t.Notes} notes, {o.Tenants} tenants, limits off, ledger {o.ThroughputLedgerMs} ms)", $"{t.DocsPerSecond:0.0} docs/s ({t.ToLastCommit.TotalSeconds:0.0} s)", "reported", t.Verified);
        Row($"3b. bare engine ({bare.Notes} orchestrations, 2 no-op activities each)", $"{bare.DocsPerSecond:0.0} docs/s ({bare.Elapsed.TotalSeconds:0.0} s{(bare.Completed ? "" : ", NOT all done")})", "reference", bare.Completed);
        Row("   pipeline / bare engine", $"{ratio:0.00}", ">= 0.8", ratio >= 0.8);
        Row("   first POST -> all POSTs acknowledged / all work done", $"{t.Posting.TotalSeconds:0.0} s / {t.ToQuiet.TotalSeconds:0.0} s", "", true);
        Row("4. storage requests per credit note (all, incl. polls)", $"{perDoc:0.00} ({t.StorageTotal} requests)", "counted", true);
        Row("   of which the Durable engine's / bare engine's per note", $"{enginePerDoc:0.00} / {(double)bare.EngineRequests / bare.Notes:0.00}", "counted", true);
        Row("   ledger calls per credit note", $"{ledgerPerDoc:0.000} ({t.Ledger.ApiCalls} calls, {t.Ledger.Throttled} 429s)", "at the floor", t.Ledger.Throttled == 0);
        Row("   exactly once: in ledger / expected; sample status synced", $"{t.StoredInLedger} / {t.ExpectedInLedger}; {t.SampleSynced} / {t.SampleSize}", "all", t.StoredInLedger == t.ExpectedInLedger && t.SampleSynced == t.SampleSize);
        Row("5. storage ceiling: table upsert (single request)", $"{ceiling.TableUpserts.PerSecond:0} req/s (concurrency {ceiling.TableUpserts.Concurrency})", "", true);
        Row("   storage ceiling: point read / queue cycle (3 req) / batch", $"{ceiling.PointReads.PerSecond:0} / {ceiling.QueueCycles.PerSecond:0} / {ceiling.BatchInsertedEntities.PerSecond:0} entities/s", "", true);
        Row("   pipeline storage demand = docs/s x requests/doc", $"{pipelineDemand:0} req/s (measured avg {storageRate:0} req/s)", "", true);
        Row("   fraction of ceiling = demand / table-upsert ceiling", $"{pipelineDemand / ceiling.TableUpserts.PerSecond:P0}", "", true);

        PrintOpenLoop(o, latency.OpenLoop);
        Console.WriteLine();
        Console.WriteLine("storage requests in run 3 by service/operation (per credit note):");
        foreach (var (service, operation, count) in t.StorageRequests)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {service,-12} {operation,-16} {count,8} {(double)count / t.Notes,8:0.00}"));
        }

        Console.WriteLine("ledger calls in run 3 by operation (per credit note):");
        foreach (var (operation, count) in t.Ledger.Operations.OrderByDescending(x => x.Value))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {operation,-40} {count,8} {(double)count / t.Notes,8:0.000}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"token requests {t.Ledger.TokenRequests}; rejected webhooks {t.Rejected} (run 3), {latency.AckRejected} (run 1)"));
    }

    /// <summary>One line per open-loop rate: latency from the scheduled send time, and the CPU it ran at.</summary>
    private static void PrintOpenLoop(PipelineBenchmarkOptions o, IReadOnlyList<OpenLoopFigures> runs)
    {
        if (runs.Count == 0)
        {
            return;
        }

        Console.WriteLine();
        Console.WriteLine($"1b. open loop: webhooks at a fixed rate for {o.OpenSeconds} s each, latency from the scheduled send time (ms); the workflow runs meanwhile (ledger {o.LatencyLedgerMs} ms)");
        Console.WriteLine($"  {"rate/s",6} {"sent",5} {"achieved/s",10} {"p50",7} {"p95",7} {"p99",7} {"max",7} {"send->202 p99",13} {"max send lag",12} {"gc pause",8} {"cpu proc/machine",16} {"load",16}");
        foreach (var r in runs)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {r.Rate,6} {r.Sent,5} {r.AchievedPerSecond,10:0.0} {P(r.FromScheduleMs, 50),7:0.0} {P(r.FromScheduleMs, 95),7:0.0} {P(r.FromScheduleMs, 99),7:0.0} {r.FromScheduleMs.Max(),7:0.0} {P(r.ServiceMs, 99),13:0.0} {r.MaxDispatchLagMs,12:0.0} {r.GcPauseMs,8:0.0} {$"{r.ProcessCpu:P0} / {r.MachineCpu:P0}",16} {r.LoadAverage,16}{(r.Rejected > 0 ? $"  {r.Rejected} rejected" : "")}{(r.NotInLedgerAfterTimeout > 0 ? $"  {r.NotInLedgerAfterTimeout} not in the ledger after 90 s" : "")}"));
        }
    }

    private static void Row(string measure, string value, string target, bool ok) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{measure,-58} {value,-34} {target,-16} {(target.Length == 0 ? "" : ok ? "yes" : "NO")}"));

    /// <summary>Nearest-rank percentile.</summary>
    private static double P(double[] values, double percentile)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
