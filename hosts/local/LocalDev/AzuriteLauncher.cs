using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace CreditFunctions.LocalHost.LocalDev;

/// <summary>
/// Starts Azurite (pinned by the repo's package-lock.json) when nothing listens on its default ports (blob 10000 for
/// the Durable engine, queue 10001, table 10002), and stops what it started. Tables run in memory; the queue service persists to a temporary folder, because Azurite's
/// in-memory queue store freezes the whole process once thousands of messages have been deleted
/// (azure-platform.md §7.1). The two services run as separate processes so a queue stall cannot block tables.
/// </summary>
public static partial class AzuriteLauncher
{
    /// <summary>Blobs: the Durable Task engine keeps its partition leases and large messages there.</summary>
    public const int BlobPort = 10000;

    public const int QueuePort = 10001;
    public const int TablePort = 10002;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Returns a handle that owns the processes it started (none when Azurite was already listening).</summary>
    public static async Task<AzuriteHandle> EnsureRunningAsync(ILogger logger, CancellationToken cancellationToken)
    {
        var blobUp = await IsListeningAsync(BlobPort, cancellationToken);
        var queueUp = await IsListeningAsync(QueuePort, cancellationToken);
        var tableUp = await IsListeningAsync(TablePort, cancellationToken);
        if (blobUp && queueUp && tableUp)
        {
            Log.AlreadyRunning(logger, QueuePort, TablePort);
            return new AzuriteHandle([], null);
        }

        var root = RepositoryRoot.Find() ?? throw new InvalidOperationException(
            "Azurite is not listening on 127.0.0.1:10000-10002 and the repository (package.json) was not found to start it. " +
            "Start Azurite yourself or run from a clone of the repository.");
        await NodeTools.EnsureInstalledAsync(root, logger, cancellationToken);

        var processes = new List<Process>();
        string? queueFolder = null;
        try
        {
            if (!tableUp)
            {
                processes.Add(StartService(root, "table", ["--inMemoryPersistence", "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
            }

            if (!blobUp)
            {
                processes.Add(StartService(root, "blob", ["--inMemoryPersistence", "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
            }

            if (!queueUp)
            {
                queueFolder = Path.Combine(Path.GetTempPath(), "creditfunctions-azurite-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8]);
                Directory.CreateDirectory(queueFolder);
                processes.Add(StartService(root, "queue", ["--location", queueFolder, "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
            }

            var handle = new AzuriteHandle(processes, queueFolder);
            await WaitForPortsAsync(processes, cancellationToken);
            Log.Started(logger, QueuePort, TablePort);
            return handle;
        }
        catch
        {
            await new AzuriteHandle(processes, queueFolder).DisposeAsync();
            throw;
        }
    }

    private static Process StartService(string root, string service, string[] arguments)
    {
        var script = Path.Combine(root, "node_modules", "azurite", "dist", "src", service, "main.js");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--disableTelemetry");
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start azurite-{service}.");

        // Drain output so the child never blocks on a full pipe; Azurite's own logs are not needed.
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForPortsAsync(List<Process> processes, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (await IsListeningAsync(BlobPort, cancellationToken) && await IsListeningAsync(QueuePort, cancellationToken) && await IsListeningAsync(TablePort, cancellationToken))
            {
                return;
            }

            if (processes.Find(p => p.HasExited) is { } exited)
            {
                throw new InvalidOperationException($"Azurite exited with code {exited.ExitCode} before listening (is another program using port {BlobPort}, {QueuePort} or {TablePort}?).");
            }

            if (deadline.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"Azurite did not listen on ports {BlobPort}/{QueuePort}/{TablePort} within {StartTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, cancellationToken);
        }
    }

    public static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The processes this launcher started; disposing stops them (SIGTERM, then SIGKILL) and removes the queue folder.</summary>
    public sealed class AzuriteHandle(IReadOnlyList<Process> processes, string? queueFolder) : IAsyncDisposable
    {
        public bool StartedHere => processes.Count > 0;

        public async ValueTask DisposeAsync()
        {
            foreach (var process in processes)
            {
                await StopAsync(process);
            }

            if (queueFolder is not null)
            {
                try
                {
                    Directory.Delete(queueFolder, recursive: true);
                }
                catch (IOException)
                {
                    // A leftover temp folder is harmless; the OS cleans /tmp.
                }
            }
        }

        /// <summary>Synchronous stop for process-exit handlers, where nothing can be awaited.</summary>
        public void Kill()
        {
            foreach (var process in processes.Where(p => !p.HasExited))
            {
                process.Kill(entireProcessTree: true);
            }
        }

        private static async Task StopAsync(Process process)
        {
            using (process)
            {
                if (process.HasExited)
                {
                    return;
                }

                // SIGTERM lets Azurite close cleanly (3-10 s, azure-platform.md §7.1); SIGKILL if it does not.
                if (!OperatingSystem.IsWindows())
                {
                    using var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                    await term.WaitForExitAsync(CancellationToken.None);
                }

                using var wait = new CancellationTokenSource(StopTimeout);
                try
                {
                    await process.WaitForExitAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync(CancellationToken.None);
                }
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Azurite already listening on 127.0.0.1:{QueuePort} (queue) and :{TablePort} (table); using it")]
        public static partial void AlreadyRunning(ILogger logger, int queuePort, int tablePort);

        [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "Started Azurite: queue on 127.0.0.1:{QueuePort} (disk, temporary folder), table on 127.0.0.1:{TablePort} and blob on :10000 (in memory)")]
        public static partial void Started(ILogger logger, int queuePort, int tablePort);
    }
}
