using System.Diagnostics;

namespace CreditFunctions.Benchmarks.Pipeline;

/// <summary>
/// Webhooks arriving at a fixed rate, whatever the app is doing (open loop), as an order system delivers them. Each
/// request's latency is taken from its <em>scheduled</em> send time, not from when the client got round to sending it:
/// a closed loop (N in flight) slows its own arrivals when the app slows, and a client that sends late hides the queueing
/// it waited out (coordinated omission). The acknowledged notes are processed by the app meanwhile, as in production.
/// </summary>
internal static class OpenLoopRun
{
    private static readonly TimeSpan CommitTimeout = TimeSpan.FromSeconds(90);

    public static async Task<OpenLoopFigures> RunAsync(PipelineHost host, int rate, TimeSpan duration, CancellationToken ct)
    {
        var count = Math.Max(1, (int)Math.Round(rate * duration.TotalSeconds));
        var fromSchedule = new double[count];
        var service = new double[count];
        var completedAt = new long[count];
        var rejected = 0;
        var maxLag = 0.0;
        var sends = new Task[count];
        var interval = Stopwatch.Frequency / (double)rate;

        var cpuBefore = CpuSample.Take();
        var gcBefore = GC.GetTotalPauseDuration();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var due = start + (long)(i * interval);
            var early = due - Stopwatch.GetTimestamp();
            if (early > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds((double)early / Stopwatch.Frequency), ct);
            }

            // The dispatcher never waits for a response; when it wakes late, everything due is sent at once.
            maxLag = Math.Max(maxLag, Stopwatch.GetElapsedTime(due).TotalMilliseconds);
            var index = i;
            sends[i] = Task.Run(
                async () =>
                {
                    var (elapsed, accepted) = await host.PostCreditNoteAsync(host.Tenants[index % host.Tenants.Count], Id(rate, index), ct);
                    var done = Stopwatch.GetTimestamp();
                    completedAt[index] = done;
                    fromSchedule[index] = Stopwatch.GetElapsedTime(due, done).TotalMilliseconds;
                    service[index] = elapsed.TotalMilliseconds;
                    if (!accepted)
                    {
                        Interlocked.Increment(ref rejected);
                    }
                },
                ct);
        }

        await Task.WhenAll(sends);
        var cpu = CpuSample.Take().Since(cpuBefore);
        var gcPause = GC.GetTotalPauseDuration() - gcBefore;
        var load = CpuSample.LoadAverage();
        var achieved = count / Stopwatch.GetElapsedTime(start, completedAt.Max()).TotalSeconds;

        // Let the workflow finish this rate's notes before the next rate starts, so each rate starts from a quiet app.
        // Notes still not in the ledger after the timeout are reported (a backlog, or a loss), not thrown.
        var commits = Enumerable.Range(0, count).Select(i => host.Commits.CommittedAsync(PipelineHost.Number(Id(rate, i)))).ToArray();
        try
        {
            await Task.WhenAll(commits).WaitAsync(CommitTimeout, ct);
        }
        catch (TimeoutException)
        {
        }

        var missing = Enumerable.Range(0, count).Where(i => !commits[i].IsCompleted).ToList();
        var notInLedger = missing.Count;
        if (notInLedger > 0)
        {
            // Backlog or loss? The status API of a few of them says (a lost note would be "http 404" or stuck "pending").
            var states = await Task.WhenAll(missing.Take(5).Select(i => host.StateAsync(host.Tenants[i % host.Tenants.Count], Id(rate, i), ct)));
            Console.WriteLine($"  {rate}/s: {notInLedger} notes not in the ledger after {CommitTimeout.TotalSeconds:0} s; status of the first: {string.Join(", ", states)}");
        }

        return new OpenLoopFigures(rate, count, rejected, achieved, fromSchedule, service, maxLag, gcPause.TotalMilliseconds, cpu.Process, cpu.Machine, load, notInLedger);
    }

    private static string Id(int rate, int index) => $"open{rate}-{index}";
}

/// <summary>
/// One open-loop rate: latencies from the scheduled send time and from the actual send (ms), the largest delay of a send
/// behind its schedule (the client's own lateness, included in the first), this process's total GC pause in the run, and
/// the CPU context; and how many of its notes were still not in the ledger 90 s after the last response.
/// </summary>
internal sealed record OpenLoopFigures(
    int Rate,
    int Sent,
    int Rejected,
    double AchievedPerSecond,
    double[] FromScheduleMs,
    double[] ServiceMs,
    double MaxDispatchLagMs,
    double GcPauseMs,
    double ProcessCpu,
    double MachineCpu,
    string LoadAverage,
    int NotInLedgerAfterTimeout);
