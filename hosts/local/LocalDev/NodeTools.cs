using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CreditFunctions.LocalHost.LocalDev;

/// <summary>Installs the repo's pinned npm tools (Azurite) with <c>npm ci</c> when they are missing.</summary>
internal static partial class NodeTools
{
    public static async Task EnsureInstalledAsync(string root, ILogger logger, CancellationToken cancellationToken)
    {
        var marker = Path.Combine(root, "node_modules", "azurite", "dist", "src", "table", "main.js");
        if (File.Exists(marker))
        {
            return;
        }

        // Two processes (the run command and a test run, or two test hosts) may both find Azurite missing:
        // an exclusive lock file makes the second wait for the first install instead of racing it.
        var lockPath = Path.Combine(root, ".npm-install.lock");
        using var fileLock = await AcquireAsync(lockPath, cancellationToken);
        if (File.Exists(marker))
        {
            return;
        }

        Log.Installing(logger, root);
        var start = new ProcessStartInfo("npm")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error" })
        {
            start.ArgumentList.Add(argument);
        }

        using var npm = Process.Start(start) ?? throw new InvalidOperationException("Could not start npm; install Node.js 20 or later.");
        var stderr = npm.StandardError.ReadToEndAsync(cancellationToken);
        _ = await npm.StandardOutput.ReadToEndAsync(cancellationToken);
        await npm.WaitForExitAsync(cancellationToken);
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci failed with exit code {npm.ExitCode}: {(await stderr).Trim()}");
        }
    }

    private static async Task<FileStream> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), TimeProvider.System, cancellationToken);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9003, Level = LogLevel.Information, Message = "Installing pinned npm tools (Azurite) with npm ci in {Root}")]
        public static partial void Installing(ILogger logger, string root);
    }
}
