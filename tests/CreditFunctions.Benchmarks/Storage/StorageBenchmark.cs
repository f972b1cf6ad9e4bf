using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using CreditFunctions.LocalHost.LocalDev;
using CreditFunctions.Storage;
using CreditFunctions.Storage.Queues;
using CreditFunctions.Storage.Tables;
using Microsoft.Extensions.Logging.Abstractions;

namespace CreditFunctions.Benchmarks.Storage;

/// <summary>
/// The storage ceiling on this machine: table upserts/s, point reads/s, queue send+receive+delete cycles/s and
/// batch-inserted entities/s through the official SDK clients as <see cref="StorageClients"/> builds them. Azurite is single-threaded and shares the cores
/// with the client, so these are local ceilings, not Azure's (azure-platform.md §7.3).
/// </summary>
public static class StorageBenchmark
{
    /// <summary><c>dotnet run -c Release --project tests/CreditFunctions.Benchmarks -- storage [connection-string]</c>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var connectionString = args.FirstOrDefault() ?? Environment.GetEnvironmentVariable("CREDITFUNCTIONS_STORAGE") ?? "UseDevelopmentStorage=true";
        await using var azurite = connectionString.Contains("UseDevelopmentStorage", StringComparison.OrdinalIgnoreCase)
            ? await AzuriteLauncher.EnsureRunningAsync(NullLogger.Instance, CancellationToken.None)
            : null;

        var options = new StorageBenchmarkOptions();
        Console.WriteLine($"storage ceiling: {options.Runs} runs x {options.RunDuration.TotalSeconds:0} s per operation, median run reported; latency pooled over runs");
        Console.WriteLine($"cores: {Environment.ProcessorCount}; load average before: {LoadAverage()}");
        var ceiling = await MeasureCeilingAsync(connectionString, options, CancellationToken.None);
        Print(ceiling);
        Console.WriteLine($"load average after: {LoadAverage()}");
        return 0;
    }

    public static void Print(StorageCeiling ceiling)
    {
        ArgumentNullException.ThrowIfNull(ceiling);
        Console.WriteLine($"{"operation",-34} {"concurrency",11} {"median/s",10} {"runs/s",24} {"p50 ms",8} {"p99 ms",8}");
        foreach (var f in new[] { ceiling.TableUpserts, ceiling.PointReads, ceiling.QueueCycles, ceiling.BatchInsertedEntities })
        {
            var runs = string.Join(" ", f.RunsPerSecond.Select(r => r.ToString("0", CultureInfo.InvariantCulture)));
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{f.Operation + " (" + f.Unit + ")",-34} {f.Concurrency,11} {f.PerSecond,10:0} {runs,24} {f.P50Milliseconds,8:0.0} {f.P99Milliseconds,8:0.0}"));
        }
    }

    /// <summary>Measures every operation; for other benchmarks that report their ratio to this ceiling.</summary>
    public static async Task<StorageCeiling> MeasureCeilingAsync(string connectionString, StorageBenchmarkOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new StorageBenchmarkOptions();
        var account = StorageClients.FromConnectionString(connectionString);
        var upserts = await MeasureAsync("table upsert", "entities", options, options.Concurrency, 1, UpsertSetupAsync, cancellationToken);
        var reads = await MeasureAsync("table point read", "reads", options, options.Concurrency, 1, ReadSetupAsync, cancellationToken);
        var queue = await MeasureAsync("queue send+receive+delete", "cycles", options, options.Concurrency, 1, QueueSetupAsync, cancellationToken);
        var batches = await MeasureAsync("table batch insert x100", "entities", options, options.BatchConcurrency, 100, BatchSetupAsync, cancellationToken);
        return new StorageCeiling(upserts, reads, queue, batches, options.Runs, options.RunDuration);

        async Task<Workload> UpsertSetupAsync(CancellationToken ct)
        {
            var table = account.GetTableClient(Name("bup"));
            await table.CreateIfNotExistsAsync(ct);
            return new Workload(
                async (worker, i, token) => await table.UpsertEntityAsync(Row($"w{worker}", $"r{i % 500}"), TableUpdateMode.Replace, token),
                async token => await table.DeleteAsync(token));
        }

        async Task<Workload> ReadSetupAsync(CancellationToken ct)
        {
            var table = account.GetTableClient(Name("brd"));
            await table.CreateIfNotExistsAsync(ct);
            for (var start = 0; start < options.ReadSetSize; start += 100)
            {
                var count = Math.Min(100, options.ReadSetSize - start);
                await table.SubmitTransactionAsync(Enumerable.Range(start, count).Select(i => new TableTransactionAction(TableTransactionActionType.Add, Row("read", Key(i)))), ct);
            }

            return new Workload(
                async (worker, i, token) =>
                {
                    var found = await table.FindEntityAsync("read", Key(((i * 7919) + (worker * 104_729)) % options.ReadSetSize), cancellationToken: token);
                    if (found is null)
                    {
                        throw new InvalidOperationException("A pre-loaded row was not found.");
                    }
                },
                async token => await table.DeleteAsync(token));
        }

        async Task<Workload> QueueSetupAsync(CancellationToken ct)
        {
            var q = account.GetQueueClient(Name("bq"));
            await q.CreateIfNotExistsAsync(cancellationToken: ct);
            return new Workload(
                async (worker, i, token) =>
                {
                    await q.SendMessageAsync("""{"documentId":"cn-1","step":"post"}""", cancellationToken: token);
                    var received = await q.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30), token);
                    foreach (var m in received.Value)
                    {
                        await q.DeleteMessageAsync(m.MessageId, m.PopReceipt, token);
                    }
                },
                async token => await q.DeleteIfExistsAsync(token));
        }

        async Task<Workload> BatchSetupAsync(CancellationToken ct)
        {
            var table = account.GetTableClient(Name("bbt"));
            await table.CreateIfNotExistsAsync(ct);
            return new Workload(
                async (worker, i, token) =>
                {
                    var result = await table.TrySubmitTransactionAsync(
                        Enumerable.Range(0, 100).Select(r => new TableTransactionAction(TableTransactionActionType.Add, Row($"w{worker}b{i}", Key(r)))), token);
                    if (!result.Succeeded)
                    {
                        throw new InvalidOperationException($"Batch refused: {result.Outcome}.");
                    }
                },
                async token => await table.DeleteAsync(token));
        }
    }

    private static async Task<OperationFigure> MeasureAsync(
        string operation,
        string unit,
        StorageBenchmarkOptions options,
        int concurrency,
        int unitsPerOperation,
        Func<CancellationToken, Task<Workload>> setupAsync,
        CancellationToken cancellationToken)
    {
        var runs = new List<double>();
        var latencies = new List<double>();
        for (var run = 0; run < options.Runs; run++)
        {
            // A fresh table or queue per run: Azurite slows down as collections grow (azure-platform.md §7.1).
            var workload = await setupAsync(cancellationToken);
            try
            {
                var (completed, runLatencies) = await DriveAsync(workload, concurrency, options.RunDuration, cancellationToken);
                runs.Add(completed * unitsPerOperation / options.RunDuration.TotalSeconds);
                latencies.AddRange(runLatencies);
            }
            finally
            {
                await workload.CleanupAsync(cancellationToken);
            }
        }

        latencies.Sort();
        return new OperationFigure(operation, unit, concurrency, Median(runs), runs, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    private static async Task<(long Completed, List<double> Latencies)> DriveAsync(
        Workload workload, int concurrency, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(duration);
        var perWorker = new List<double>[concurrency];
        var counts = new long[concurrency];
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(
            async () =>
            {
                var mine = perWorker[w] = new List<double>(4096);
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        await workload.OperationAsync(w, i, cancellationToken);
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested)
                    {
                        break;
                    }

                    // Count only operations that finished inside the window.
                    if (!stop.IsCancellationRequested)
                    {
                        mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        counts[w]++;
                    }
                }
            },
            CancellationToken.None)).ToArray();
        await Task.WhenAll(workers);
        return (counts.Sum(), perWorker.SelectMany(l => l).ToList());
    }

    /// <summary>Other processes on the same cores skew every figure; print the load so readers can judge.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static TableEntity Row(string partitionKey, string rowKey) => new(partitionKey, rowKey)
    {
        ["DocumentId"] = "cn-000123",
        ["State"] = "Posting",
        ["Attempts"] = 2,
        ["Amount"] = "1234.50",
        ["Version"] = 7L,
        ["DueAt"] = new DateTimeOffset(2026, 11, 22, 1, 0, 0, TimeSpan.Zero),
    };

    private static string Key(int i) => i.ToString("D6", CultureInfo.InvariantCulture);

    private static string Name(string prefix) => prefix + Guid.NewGuid().ToString("N")[..20];

    private sealed record Workload(Func<int, int, CancellationToken, Task> OperationAsync, Func<CancellationToken, Task> CleanupAsync);
}
