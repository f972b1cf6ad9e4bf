using System.Diagnostics;
using CreditFunctions.LocalHost.Hosting.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CreditFunctions.Benchmarks.Pipeline;

/// <summary>
/// The engine alone, as ARCHITECTURE.md §5 defines the throughput reference: the same local engine (Durable Task
/// Framework + Azure Storage provider behind the gRPC sidecar), the same Azurite, the same partition count and
/// concurrency, running one orchestration per note that calls the least a sync needs — a no-op "ledger write" activity,
/// then a no-op "record" activity. Started straight through the Durable client by the same number of concurrent
/// starters as the pipeline's webhook senders. Timed like the pipeline: first start to the last "ledger write".
/// </summary>
internal static class BareEngineRun
{
    private const string Orchestration = "BareSync";
    private const string WriteActivity = "BareWrite";
    private const string RecordActivity = "BareRecord";

    public static async Task<BareEngineFigures> RunAsync(string connectionString, int notes, int starters, StorageRequestMeter meter, CancellationToken ct)
    {
        var written = 0;
        long lastWrite = 0;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning).AddFilter("DurableTask.AzureStorage", LogLevel.Error); // not its routine abandon-and-retry warnings
        var hub = "bare" + Guid.NewGuid().ToString("N")[..10];
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connectionString,
            [$"{LocalDurableEngineOptions.SectionName}:HubName"] = hub,
        });
        builder.Services.AddLocalDurableEngine(builder.Configuration, r =>
        {
            r.AddOrchestratorFunc<int, int>(Orchestration, async (context, n) =>
            {
                await context.CallActivityAsync<int>(WriteActivity, n);
                return await context.CallActivityAsync<int>(RecordActivity, n);
            });
            r.AddActivityFunc<int, int>(WriteActivity, (_, n) =>
            {
                Interlocked.Exchange(ref lastWrite, Stopwatch.GetTimestamp());
                Interlocked.Increment(ref written);
                return n;
            });
            r.AddActivityFunc<int, int>(RecordActivity, (_, n) => n);
        });

        using var host = builder.Build();
        await host.StartAsync(ct);
        try
        {
            var client = host.Services.GetRequiredService<DurableTaskClient>();
            var warmUp = 20;
            await StartAllAsync(client, "w", warmUp, starters, ct);
            if (!await WaitForAsync(() => Volatile.Read(ref written) >= warmUp, TimeSpan.FromSeconds(60), ct))
            {
                throw new TimeoutException($"The bare engine ran {Volatile.Read(ref written)} of {warmUp} warm-up orchestrations in 60 s.");
            }
            await Task.Delay(TimeSpan.FromSeconds(2), ct); // the warm-up's record activities and completions finish: the run starts quiet

            var before = meter.Snapshot();
            var startedAt = Stopwatch.GetTimestamp();
            var baseline = Volatile.Read(ref written);
            await StartAllAsync(client, "n", notes, starters, ct);
            var completed = await WaitForAsync(() => Volatile.Read(ref written) - baseline >= notes, TimeSpan.FromSeconds(60 + notes), ct);
            var elapsed = Stopwatch.GetElapsedTime(startedAt, Interlocked.Read(ref lastWrite));
            await Task.Delay(TimeSpan.FromSeconds(2), ct); // count the records and completions that follow the last write
            var after = meter.Snapshot();
            var engineRequests = after.Where(x => x.Key.Service.StartsWith("engine-", StringComparison.Ordinal))
                .Sum(x => x.Value - before.GetValueOrDefault(x.Key));
            return new BareEngineFigures(notes, Volatile.Read(ref written) - baseline, elapsed, completed, engineRequests);
        }
        finally
        {
            // Stop first: deleting a running hub leaves the engine's lease loop failing until its 10-minute stop timeout.
            await host.StopAsync(CancellationToken.None);
            await host.Services.GetRequiredService<LocalDurableSidecar>().DeleteTaskHubAsync();
        }
    }

    private static Task StartAllAsync(DurableTaskClient client, string prefix, int count, int starters, CancellationToken ct)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, starters).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await client.ScheduleNewOrchestrationInstanceAsync(Orchestration, i, new StartOrchestrationOptions($"{prefix}|{i}"), ct);
            }
        }, ct)));
    }

    private static async Task<bool> WaitForAsync(Func<bool> done, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * timeout.TotalSeconds);
        while (!done())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
        }

        return true;
    }
}

/// <summary>The bare-engine run's figures: orchestrations started, "ledger writes" done, first start to last write, the engine's Storage requests.</summary>
internal sealed record BareEngineFigures(int Notes, int Written, TimeSpan Elapsed, bool Completed, long EngineRequests)
{
    public double DocsPerSecond => Written / Elapsed.TotalSeconds;
}
