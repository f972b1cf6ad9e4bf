using System.Globalization;
using CreditFunctions.Benchmarks.Storage;

namespace CreditFunctions.Benchmarks.Pipeline;

/// <summary>Prints the pipeline figures against the targets of ARCHITECTURE.md §5.</summary>
internal static class PipelineReport
{
    public static void Print(PipelineBenchmarkOptions o, LatencyFigures latency, ThroughputFigures t, StorageCeiling ceiling)
    {
        var ack = latency.AckMs;
        var toLedger = latency.ToLedgerMs;
        var perDoc = (double)t.StorageTotal / t.Notes;
        var ledgerPerDoc = (double)t.Ledger.ApiCalls / t.Notes;
        var storageRate = t.StorageTotal / t.ToQuiet.TotalSeconds;
        var pipelineDemand = t.DocsPerSecond * perDoc;

        Console.WriteLine();
        Console.WriteLine($"{"measure",-58} {"value",-34} {"target (§5)",-16} ok");
        Row($"1. webhook ack p50 / p99 ({o.AckRequests} POSTs, concurrency {o.AckConcurrency})", $"{P(ack, 50):0.0} / {P(ack, 99):0.0} ms ({latency.AckPerSecond:0}/s)", "p99 < 100 ms", P(ack, 99) < 100 && latency.AckRejected == 0);
        Row($"2. webhook -> ledger p50 / p95 / p99 (idle, {toLedger.Length} notes, ledger {o.LatencyLedgerMs} ms)", $"{P(toLedger, 50):0} / {P(toLedger, 95):0} / {P(toLedger, 99):0} ms", "p95 < 3 s", P(toLedger, 95) < 3000);
        Row($"3. throughput ({t.Notes} notes, {o.Tenants} tenants, limits off, ledger {o.ThroughputLedgerMs} ms)", $"{t.DocsPerSecond:0.0} docs/s ({t.ToLastCommit.TotalSeconds:0.0} s)", "reported", t.Verified);
        Row("   first POST -> all POSTs acknowledged / all work done", $"{t.Posting.TotalSeconds:0.0} s / {t.ToQuiet.TotalSeconds:0.0} s", "", true);
        Row("4. storage requests per credit note (all, incl. polls)", $"{perDoc:0.00} ({t.StorageTotal} requests)", "counted", true);
        Row("   ledger calls per credit note", $"{ledgerPerDoc:0.000} ({t.Ledger.ApiCalls} calls, {t.Ledger.Throttled} 429s)", "at the floor", t.Ledger.Throttled == 0);
        Row("   exactly once: in ledger / expected; sample status synced", $"{t.StoredInLedger} / {t.ExpectedInLedger}; {t.SampleSynced} / {t.SampleSize}", "all", t.StoredInLedger == t.ExpectedInLedger && t.SampleSynced == t.SampleSize);
        Row("5. storage ceiling: table upsert (single request)", $"{ceiling.TableUpserts.PerSecond:0} req/s (concurrency {ceiling.TableUpserts.Concurrency})", "", true);
        Row("   storage ceiling: point read / queue cycle (3 req) / batch", $"{ceiling.PointReads.PerSecond:0} / {ceiling.QueueCycles.PerSecond:0} / {ceiling.BatchInsertedEntities.PerSecond:0} entities/s", "", true);
        Row("   pipeline storage demand = docs/s x requests/doc", $"{pipelineDemand:0} req/s (measured avg {storageRate:0} req/s)", "", true);
        Row("   fraction of ceiling = demand / table-upsert ceiling", $"{pipelineDemand / ceiling.TableUpserts.PerSecond:P0}", "", true);

        Console.WriteLine();
        Console.WriteLine("storage requests in run 3 by service/operation (per credit note):");
        foreach (var (service, operation, count) in t.StorageRequests)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {service,-6} {operation,-16} {count,8} {(double)count / t.Notes,8:0.00}"));
        }

        Console.WriteLine("ledger calls in run 3 by operation (per credit note):");
        foreach (var (operation, count) in t.Ledger.Operations.OrderByDescending(x => x.Value))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {operation,-40} {count,8} {(double)count / t.Notes,8:0.000}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"token requests {t.Ledger.TokenRequests}; rejected webhooks {t.Rejected} (run 3), {latency.AckRejected} (run 1)"));
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
