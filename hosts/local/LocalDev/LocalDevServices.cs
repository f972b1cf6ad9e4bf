using System.Diagnostics;
using System.Globalization;
using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.Myob;
using CreditFunctions.Ledgers.QuickBooks;
using CreditFunctions.LedgerSimulators.Myob;
using CreditFunctions.LedgerSimulators.QuickBooks;
using CreditFunctions.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreditFunctions.LocalHost.LocalDev;

/// <summary>
/// Starts what the run command needs before anything touches storage or a ledger: Azurite, then the Xero simulator as
/// a process of its own (tests/LedgerSimulators.Host), seeded with the demo organisation and the README example's
/// customer and invoice INV-0001 — so the app can be killed while the ledger lives on — and the MYOB simulator
/// and the QuickBooks simulator (both in-process for now) seeded with the demo company file / company and the same
/// customer and invoice. Registered first, so
/// hosted services start in order after it; stops what it started (by process id), last. Once every hosted service
/// has started (the token table exists), the demo MYOB connections get fresh tokens from the simulator: MYOB has no
/// client-credentials grant (contract §12).
/// </summary>
internal sealed partial class LocalDevServices(
    IOptions<LocalDevOptions> options, TimeProvider time, IServiceProvider services, ILogger<LocalDevServices> logger) : IHostedLifecycleService, IAsyncDisposable
{
    private AzuriteLauncher.AzuriteHandle? _azurite;
    private Process? _xero;
    private MyobSimulator? _myob;
    private QuickBooksSimulator? _quickBooks;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.StartAzurite)
        {
            _azurite = await AzuriteLauncher.EnsureRunningAsync(logger, cancellationToken);
        }

        if (settings.StartXeroSimulator)
        {
            var url = new Uri(settings.XeroSimulatorUrl);
            _xero = await SimulatorProcess.StartAsync(url.Port, settings.XeroSimulatorLatencyMs, cancellationToken);
            SimulatorStarted(logger, url, _xero.Id);
        }

        if (settings.StartMyobSimulator)
        {
            var simulatorOptions = MyobSimulatorOptions.WithDemo(settings.MyobSimulatorUrl);
            simulatorOptions.TimeProvider = time;
            _myob = await MyobSimulator.StartAsync(simulatorOptions, cancellationToken);
            var customer = _myob.Seed.Customer(MyobDemo.CompanyFileId, "Cafe Luna", "cust_42");
            _myob.Seed.Invoice(MyobDemo.CompanyFileId, new MyobInvoiceSeed("INV-0001", customer, 1_000m));
            MyobSimulatorStarted(logger, _myob.BaseAddress!);
        }

        if (settings.StartQuickBooksSimulator)
        {
            var simulatorOptions = QuickBooksSimulatorOptions.WithDemo(settings.QuickBooksSimulatorUrl);
            simulatorOptions.TimeProvider = time;
            simulatorOptions.BaseLatency = TimeSpan.FromMilliseconds(settings.QuickBooksSimulatorLatencyMs);
            _quickBooks = await QuickBooksSimulator.StartAsync(simulatorOptions, cancellationToken);
            var customer = _quickBooks.Seed.Customer(QuickBooksDemo.RealmId, "Cafe Luna", "accounts@cafeluna.example");
            _quickBooks.Seed.Invoice(QuickBooksDemo.RealmId, "INV-0001", customer, 1_000m);
            QuickBooksSimulatorStarted(logger, _quickBooks.BaseAddress!);
        }
    }

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        if (_quickBooks is not null)
        {
            // A fresh simulator knows only the demo refresh token, so every run starts the demo connections from it; the
            // adapter then rotates and stores the newest itself (ledger-apis.md Q12).
            var quickBooksTokens = services.GetRequiredService<QuickBooksTokenManager>();
            foreach (var connection in services.GetRequiredService<ITenantDirectory>().All
                .SelectMany(t => t.Connections)
                .Where(c => c.Ledger == LedgerKind.QuickBooks && c.LedgerTenantId == QuickBooksDemo.RealmId))
            {
                await quickBooksTokens.SeedAsync(connection.Id, QuickBooksTokenSet.FromRefreshToken(QuickBooksDemo.RefreshToken), cancellationToken);
            }
        }

        if (_myob is null)
        {
            return;
        }

        var tokens = services.GetService<MyobTokenManager>();
        var demoFile = MyobDemo.CompanyFileId.ToString();
        foreach (var connection in services.GetRequiredService<ITenantDirectory>().All.SelectMany(t => t.Connections)
                     .Where(c => c.Ledger == LedgerKind.Myob && string.Equals(c.LedgerTenantId, demoFile, StringComparison.OrdinalIgnoreCase)))
        {
            var minted = _myob.Seed.Tokens(MyobDemo.ApiKey, MyobDemo.CompanyFileId);
            if (tokens is not null)
            {
                await tokens.SeedAsync(connection.Id, new MyobTokenSet(minted.AccessToken, time.GetUtcNow() + TimeSpan.FromSeconds(minted.ExpiresIn), minted.RefreshToken), cancellationToken);
            }
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_quickBooks is not null)
        {
            await _quickBooks.DisposeAsync();
            _quickBooks = null;
        }

        if (_myob is not null)
        {
            await _myob.DisposeAsync();
            _myob = null;
        }

        if (_xero is not null)
        {
            await SimulatorProcess.StopAsync(_xero);
            _xero.Dispose();
            _xero = null;
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
            _azurite = null;
        }
    }

    [LoggerMessage(EventId = 9010, Level = LogLevel.Information, Message = "Xero simulator listening on {Url} (process {ProcessId}; demo organisation seeded; inspect /_sim/credit-notes?number=...)")]
    private static partial void SimulatorStarted(ILogger logger, Uri url, int processId);

    [LoggerMessage(EventId = 9011, Level = LogLevel.Information, Message = "MYOB simulator listening on {Url} (demo company file seeded; inspect /_sim/credit-notes?number=...)")]
    private static partial void MyobSimulatorStarted(ILogger logger, Uri url);

    [LoggerMessage(EventId = 9012, Level = LogLevel.Information, Message = "QuickBooks simulator listening on {Url} (demo company seeded; inspect /_sim/credit-memos?number=...)")]
    private static partial void QuickBooksSimulatorStarted(ILogger logger, Uri url);
}

/// <summary>The standalone ledger simulator (tests/LedgerSimulators.Host), built with the local host, started as a child process.</summary>
public static class SimulatorProcess
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Starts the simulator on 127.0.0.1:<paramref name="port"/> with the demo organisation; returns once it listens.</summary>
    public static async Task<Process> StartAsync(int port, int latencyMs, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { HostAssembly(), "--port", port.ToString(CultureInfo.InvariantCulture), "--demo", "--latency-ms", latencyMs.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The ledger simulator did not start.");
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("listening on", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"The ledger simulator exited (code {process.ExitCode}) before listening on port {port}."));
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
        var root = RepositoryRoot.Find() ?? throw new InvalidOperationException("The run command's simulator needs the repository (tests/LedgerSimulators.Host).");
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent?.Name ?? "Debug";
        var path = Path.Combine(root, "tests", "LedgerSimulators.Host", "bin", configuration, framework.Name, "CreditFunctions.LedgerSimulators.Host.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build tests/LedgerSimulators.Host first (dotnet build).", path);
    }
}
