using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using CreditFunctions.LocalHost.LocalDev;
using CreditFunctions.Benchmarks.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace CreditFunctions.Benchmarks.Pipeline;

/// <summary>
/// <c>dotnet run -c Release --project tests/CreditFunctions.Benchmarks -- pipeline [--notes 2000 --tenants 20 ...]</c>:
/// the whole app in-process against Azurite and the Xero simulator. Measures webhook acknowledgement latency, webhook →
/// ledger-committed latency on an idle system, throughput with ledger limits off, Storage requests and ledger calls
/// per credit note, and how much of this machine's storage ceiling the pipeline uses (ARCHITECTURE.md §5).
/// </summary>
internal static class PipelineBenchmark
{
    private const string ConnectionString = "UseDevelopmentStorage=true";
    private static readonly TimeSpan CommitTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How long <paramref name="notes"/> posted together may take to reach the ledger: a minute, plus a second a note (the engine does ~10 a second here).</summary>
    private static TimeSpan BacklogTimeout(int notes) => CommitTimeout + TimeSpan.FromSeconds(notes);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = PipelineBenchmarkOptions.Parse(args);
        var ct = CancellationToken.None;
        await using var azurite = await AzuriteLauncher.EnsureRunningAsync(NullLogger.Instance, ct);
        using var meter = new StorageRequestMeter();
        var total = Stopwatch.StartNew();

        Console.WriteLine($"pipeline benchmark: {RuntimeInformation.OSDescription}, .NET {Environment.Version}, cores {Environment.ProcessorCount}, load average {LoadAverage()}");
        Console.WriteLine($"settings: {options}");
        Console.WriteLine("app: in-process (CreditFunctionsApp.Build, self-hosted queue listeners), Azurite, Xero simulator; ledger rate limits off in simulator and adapter");

        if (options.BareOnly == 1)
        {
            var only = await BareEngineRun.RunAsync(ConnectionString, options.Notes, options.PostConcurrency, meter, ct);
            Console.WriteLine($"bare engine: {only.Written}/{only.Notes} in {only.Elapsed.TotalSeconds:0.0} s = {only.DocsPerSecond:0.0} docs/s; engine storage requests per orchestration {(double)only.EngineRequests / only.Notes:0.0}");
            return only.Completed ? 0 : 1;
        }

        var latency = await MeasureLatencyAsync(options, ct);
        var throughput = await MeasureThroughputAsync(options, meter, ct);
        Console.WriteLine($"bare engine: {options.Notes} orchestrations of two no-op activities, {options.PostConcurrency} starters ...");
        var bare = await BareEngineRun.RunAsync(ConnectionString, options.Notes, options.PostConcurrency, meter, ct);
        Console.WriteLine($"storage ceiling: 1 run x {options.CeilingSeconds} s per operation ...");
        var ceiling = await StorageBenchmark.MeasureCeilingAsync(
            ConnectionString, new StorageBenchmarkOptions { Runs = 1, RunDuration = TimeSpan.FromSeconds(options.CeilingSeconds) }, ct);

        PipelineReport.Print(options, latency, throughput, bare, ceiling);
        Console.WriteLine($"load average after: {LoadAverage()}; whole command {total.Elapsed.TotalSeconds:0} s");
        return throughput.Verified && bare.Completed ? 0 : 1;
    }

    /// <summary>Runs 1 and 2: idle webhook → ledger latency (one at a time), then acknowledgement latency under concurrency.</summary>
    private static async Task<LatencyFigures> MeasureLatencyAsync(PipelineBenchmarkOptions options, CancellationToken ct)
    {
        await using var host = await PipelineHost.StartAsync(ConnectionString, options.Tenants, TimeSpan.FromMilliseconds(options.LatencyLedgerMs), ct);

        // Warm-up: one note per tenant (JIT, connections, tables, queues, token caches), not measured.
        await Task.WhenAll(host.Tenants.Select(async (tenant, i) =>
        {
            var id = $"warm{i}";
            await host.PostCreditNoteAsync(tenant, id, ct);
            await host.Commits.CommittedAsync(PipelineHost.Number(id)).WaitAsync(CommitTimeout, ct);
        }));
        await Task.Delay(TimeSpan.FromSeconds(1), ct); // let the warm-up's last steps finish: the latency run starts idle

        var toLedger = new List<double>();
        for (var i = 0; i < options.LatencyNotes; i++)
        {
            var id = $"lat{i}";
            var started = Stopwatch.GetTimestamp();
            var (_, accepted) = await host.PostCreditNoteAsync(host.Tenants[i % host.Tenants.Count], id, ct);
            if (!accepted)
            {
                throw new InvalidOperationException($"webhook for {id} was not accepted");
            }

            var committed = await host.Commits.CommittedAsync(PipelineHost.Number(id)).WaitAsync(CommitTimeout, ct);
            toLedger.Add(Stopwatch.GetElapsedTime(started, committed).TotalMilliseconds);
            await Task.Delay(TimeSpan.FromMilliseconds(300), ct); // the note's closing commit happens after the ledger's answer
        }

        var acks = new double[options.AckRequests];
        var next = -1;
        var rejected = 0;
        var cpuBefore = CpuSample.Take();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.AckConcurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < acks.Length)
            {
                var (elapsed, accepted) = await host.PostCreditNoteAsync(host.Tenants[i % host.Tenants.Count], $"ack{i}", ct);
                acks[i] = elapsed.TotalMilliseconds;
                if (!accepted)
                {
                    Interlocked.Increment(ref rejected);
                }
            }
        }, ct)));
        var ackSeconds = clock.Elapsed.TotalSeconds;
        var ackCpu = CpuSample.Take().Since(cpuBefore);

        // Open loop: the closed loop's notes are finished first, so each rate starts from a quiet app.
        await Task.WhenAll(Enumerable.Range(0, acks.Length).Select(i => host.Commits.CommittedAsync(PipelineHost.Number($"ack{i}")))).WaitAsync(BacklogTimeout(acks.Length), ct);
        var openLoop = new List<OpenLoopFigures>();
        foreach (var rate in options.OpenRates)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            Console.WriteLine($"open loop: {rate} webhooks/s for {options.OpenSeconds} s ...");
            openLoop.Add(await OpenLoopRun.RunAsync(host, rate, TimeSpan.FromSeconds(options.OpenSeconds), ct));
        }

        return new LatencyFigures([.. toLedger], acks, rejected, acks.Length / ackSeconds, ackCpu, openLoop);
    }

    /// <summary>Runs 3 and 4: N notes over T tenants as fast as the pipeline takes them, with Storage and ledger counts.</summary>
    private static async Task<ThroughputFigures> MeasureThroughputAsync(PipelineBenchmarkOptions options, StorageRequestMeter meter, CancellationToken ct)
    {
        await using var host = await PipelineHost.StartAsync(ConnectionString, options.Tenants, TimeSpan.FromMilliseconds(options.ThroughputLedgerMs), ct);
        await Task.WhenAll(host.Tenants.Select(async (tenant, i) =>
        {
            await host.PostCreditNoteAsync(tenant, $"warm{i}", ct);
            await host.Commits.CommittedAsync(PipelineHost.Number($"warm{i}")).WaitAsync(CommitTimeout, ct);
        }));
        await WaitForQuietAsync(meter, TimeSpan.FromSeconds(1), ct);

        host.Xero.Counters.Reset();
        var before = meter.Snapshot();
        var firstCommitCount = host.Commits.Count;
        var next = -1;
        var rejected = 0;
        var first = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, options.PostConcurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < options.Notes)
            {
                var (_, accepted) = await host.PostCreditNoteAsync(host.Tenants[i % host.Tenants.Count], $"tp{i}", ct);
                if (!accepted)
                {
                    Interlocked.Increment(ref rejected);
                }
            }
        }, ct)));
        var posted = Stopwatch.GetElapsedTime(first);

        var deadline = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * BacklogTimeout(options.Notes).TotalSeconds);
        while (host.Commits.Count - firstCommitCount < options.Notes - rejected && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
        }

        var lastCommit = host.Commits.LastCommitTimestamp;
        var quietAt = await WaitForQuietAsync(meter, TimeSpan.FromSeconds(2), ct);
        var after = meter.Snapshot();
        var ledger = host.Xero.Counters.Snapshot();
        var storage = after.Keys.Union(before.Keys)
            .Select(k => (Key: k, Count: after.GetValueOrDefault(k) - before.GetValueOrDefault(k)))
            .Where(x => x.Count > 0)
            .OrderByDescending(x => x.Count)
            .ToList();

        // Verification (after counting): every note stored exactly once, a sample reports synced.
        var storedInLedger = CountStored(host);
        var expected = options.Notes + host.Tenants.Count; // warm-up notes are in the ledger too
        var sample = Enumerable.Range(0, Math.Min(20, options.Notes)).Select(k => k * (options.Notes / Math.Min(20, options.Notes))).ToList();
        var states = await Task.WhenAll(sample.Select(i => host.StateAsync(host.Tenants[i % host.Tenants.Count], $"tp{i}", ct)));
        var synced = states.Count(s => s == "synced");
        return new ThroughputFigures(
            options.Notes,
            rejected,
            host.Commits.Count - firstCommitCount,
            posted,
            Stopwatch.GetElapsedTime(first, lastCommit),
            Stopwatch.GetElapsedTime(first, quietAt),
            storage.Select(x => (x.Key.Service, x.Key.Operation, x.Count)).ToList(),
            ledger,
            storedInLedger,
            expected,
            synced,
            sample.Count);
    }

    private static int CountStored(PipelineHost host) => host.XeroTenants.Sum(t => host.Xero.Store.CreditNotes(t).Count);

    /// <summary>Waits until no Storage request other than empty-queue polls was sent for <paramref name="quiet"/>; returns when the last one was.</summary>
    private static async Task<long> WaitForQuietAsync(StorageRequestMeter meter, TimeSpan quiet, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * 60.0);
        while (Stopwatch.GetElapsedTime(meter.LastWorkTimestamp) < quiet && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
        }

        return meter.LastWorkTimestamp;
    }

    private static string LoadAverage() => CpuSample.LoadAverage();
}
