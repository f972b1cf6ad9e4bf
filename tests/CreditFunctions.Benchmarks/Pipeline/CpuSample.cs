using System.Diagnostics;
using System.Globalization;

namespace CreditFunctions.Benchmarks.Pipeline;

/// <summary>
/// CPU use between two samples: this process (the app, the simulator and the client share it) and the whole machine
/// (<c>/proc/stat</c>; Azurite and anything else running included), as a fraction of all cores — the saturation context
/// a latency figure on a shared box needs.
/// </summary>
internal readonly record struct CpuSample(long Timestamp, TimeSpan ProcessCpu, long MachineBusy, long MachineTotal)
{
    public static CpuSample Take()
    {
        using var process = Process.GetCurrentProcess();
        var (busy, total) = ReadProcStat();
        return new CpuSample(Stopwatch.GetTimestamp(), process.TotalProcessorTime, busy, total);
    }

    /// <summary>Process CPU time over wall time × cores, and machine busy jiffies over all jiffies (NaN off Linux).</summary>
    public (double Process, double Machine) Since(CpuSample earlier)
    {
        var wall = Stopwatch.GetElapsedTime(earlier.Timestamp, Timestamp).TotalSeconds * Environment.ProcessorCount;
        var process = (ProcessCpu - earlier.ProcessCpu).TotalSeconds / wall;
        var total = MachineTotal - earlier.MachineTotal;
        var machine = total > 0 ? (double)(MachineBusy - earlier.MachineBusy) / total : double.NaN;
        return (process, machine);
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>The aggregate "cpu" line: user nice system idle iowait irq softirq steal …; idle + iowait is not busy.</summary>
    private static (long Busy, long Total) ReadProcStat()
    {
        if (!File.Exists("/proc/stat"))
        {
            return (0, 0);
        }

        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Sum();
        return (total - fields[3] - fields[4], total);
    }
}
