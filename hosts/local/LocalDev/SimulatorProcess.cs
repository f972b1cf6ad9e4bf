using System.Diagnostics;
using System.Globalization;

namespace CreditFunctions.LocalHost.LocalDev;

/// <summary>
/// A standalone ledger simulator (tests/LedgerSimulators.Host), built with the local host, started as a child process:
/// <c>--ledger xero|myob|quickbooks --port N --demo --latency-ms N</c>. The app holds no reference to the simulators'
/// code; it knows them only by process id and URL.
/// </summary>
public static class SimulatorProcess
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Starts the <paramref name="ledger"/> simulator on 127.0.0.1:<paramref name="port"/> with its demo data; returns once it listens.</summary>
    public static async Task<Process> StartAsync(string ledger, int port, int latencyMs, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { HostAssembly(), "--ledger", ledger, "--port", port.ToString(CultureInfo.InvariantCulture), "--demo", "--latency-ms", latencyMs.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"The {ledger} simulator did not start.");
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("listening on", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line && errors.Count < 5)
            {
                errors.Enqueue(line);
            }
        };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException(
            $"The {ledger} simulator exited (code {process.ExitCode}) before listening on port {port}: {string.Join(" / ", errors)}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(StartTimeout, cancellationToken);
            return process;
        }
        catch
        {
            await StopAsync(process);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Stops the simulator this process started (by its process id).</summary>
    public static async Task StopAsync(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>
    /// tests/LedgerSimulators.Host's build output for this build's configuration (the local host references that project,
    /// so building one builds the other).
    /// </summary>
    private static string HostAssembly()
    {
        var root = RepositoryRoot.Find() ?? throw new InvalidOperationException("The run command's simulators need the repository (tests/LedgerSimulators.Host).");
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent?.Name ?? "Debug";
        var path = Path.Combine(root, "tests", "LedgerSimulators.Host", "bin", configuration, framework.Name, "CreditFunctions.LedgerSimulators.Host.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build tests/LedgerSimulators.Host first (dotnet build).", path);
    }
}
