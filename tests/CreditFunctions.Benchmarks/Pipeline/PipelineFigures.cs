using CreditFunctions.LedgerSimulators.Xero;

namespace CreditFunctions.Benchmarks.Pipeline;

/// <summary>Runs 1 and 2: idle webhook → ledger-committed latencies, webhook acknowledgement latencies (ms), closed and open loop.</summary>
internal sealed record LatencyFigures(
    double[] ToLedgerMs, double[] AckMs, int AckRejected, double AckPerSecond, (double Process, double Machine) AckCpu, IReadOnlyList<OpenLoopFigures> OpenLoop);

/// <summary>Runs 3 and 4: the bulk run's timings, Storage requests per service/operation and the simulator's counters.</summary>
internal sealed record ThroughputFigures(
    int Notes,
    int Rejected,
    int Committed,
    TimeSpan Posting,
    TimeSpan ToLastCommit,
    TimeSpan ToQuiet,
    IReadOnlyList<(string Service, string Operation, long Count)> StorageRequests,
    XeroCountersSnapshot Ledger,
    int StoredInLedger,
    int ExpectedInLedger,
    int SampleSynced,
    int SampleSize)
{
    public long StorageTotal => StorageRequests.Sum(r => r.Count);

    public double DocsPerSecond => Committed / ToLastCommit.TotalSeconds;

    public bool Verified => Rejected == 0 && Committed == Notes && StoredInLedger == ExpectedInLedger && SampleSynced == SampleSize;
}
