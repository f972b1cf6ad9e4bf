using System.Diagnostics;
using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.Myob;
using CreditFunctions.Ledgers.QuickBooks;
using CreditFunctions.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreditFunctions.LocalHost.LocalDev;

/// <summary>
/// Starts what the run command needs before anything touches storage or a ledger: Azurite, then the Xero, MYOB and
/// QuickBooks simulators, each a process of its own (tests/LedgerSimulators.Host <c>--ledger … --demo</c>) seeded with
/// the demo organisation / company file / company and the README example's customer and invoice INV-0001 — so the app
/// can be stopped or killed while the ledgers live on. A simulator already listening on its port (left by a run that
/// was killed) is reused and left running. Registered first, so hosted services start in order after it; stops what it
/// started (by process id), last. Once every hosted service has started (the token table exists), the MYOB and
/// QuickBooks connections get fresh tokens minted by their simulator (<see cref="SimulatorTokens"/>): MYOB has no
/// client-credentials grant (contract §12) and QuickBooks neither (Q12).
/// </summary>
internal sealed partial class LocalDevServices(
    IOptions<LocalDevOptions> options, TimeProvider time, IServiceProvider services, ILogger<LocalDevServices> logger) : IHostedLifecycleService, IAsyncDisposable
{
    private readonly List<Process> _simulators = [];
    private AzuriteLauncher.AzuriteHandle? _azurite;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.StartAzurite)
        {
            _azurite = await AzuriteLauncher.EnsureRunningAsync(logger, cancellationToken);
        }

        if (settings.StartXeroSimulator)
        {
            await EnsureSimulatorAsync("xero", new Uri(settings.XeroSimulatorUrl), settings.XeroSimulatorLatencyMs, cancellationToken);
        }

        if (settings.StartMyobSimulator)
        {
            await EnsureSimulatorAsync("myob", new Uri(settings.MyobSimulatorUrl), 0, cancellationToken);
        }

        if (settings.StartQuickBooksSimulator)
        {
            await EnsureSimulatorAsync("quickbooks", new Uri(settings.QuickBooksSimulatorUrl), settings.QuickBooksSimulatorLatencyMs, cancellationToken);
        }
    }

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var connections = services.GetRequiredService<ITenantDirectory>().All.SelectMany(t => t.Connections).ToList();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        if (settings.StartMyobSimulator && services.GetService<MyobTokenManager>() is { } myobTokens)
        {
            var clientId = services.GetRequiredService<IOptions<MyobOptions>>().Value.ClientId;
            foreach (var connection in connections.Where(c => c.Ledger == LedgerKind.Myob))
            {
                var tokens = await SimulatorTokens.MyobAsync(http, new Uri(settings.MyobSimulatorUrl), clientId, connection.LedgerTenantId, time.GetUtcNow(), cancellationToken);
                await myobTokens.SeedAsync(connection.Id, tokens, cancellationToken);
            }
        }

        if (settings.StartQuickBooksSimulator && services.GetService<QuickBooksTokenManager>() is { } quickBooksTokens)
        {
            // The adapter then refreshes and stores the newest refresh token itself (ledger-apis.md Q12).
            var clientId = services.GetRequiredService<IOptions<QuickBooksOptions>>().Value.ClientId;
            foreach (var connection in connections.Where(c => c.Ledger == LedgerKind.QuickBooks))
            {
                var tokens = await SimulatorTokens.QuickBooksAsync(http, new Uri(settings.QuickBooksSimulatorUrl), clientId, connection.LedgerTenantId, time.GetUtcNow(), cancellationToken);
                await quickBooksTokens.SeedAsync(connection.Id, tokens, cancellationToken);
            }
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var simulator in Enumerable.Reverse(_simulators).ToList())
        {
            await SimulatorProcess.StopAsync(simulator);
            SimulatorStopped(logger, simulator.Id);
            simulator.Dispose();
        }

        _simulators.Clear();
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
            _azurite = null;
        }
    }

    /// <summary>Starts the simulator as a child process, or reuses a simulator already answering on that port.</summary>
    private async Task EnsureSimulatorAsync(string ledger, Uri url, int latencyMs, CancellationToken cancellationToken)
    {
        if (await AzuriteLauncher.IsListeningAsync(url.Port, cancellationToken))
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using var probe = await http.GetAsync(new Uri(url, "_sim/counters"), cancellationToken);
            if (!probe.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Port {url.Port} is taken by something that is not a ledger simulator; free it or point LocalDev at another URL.");
            }

            SimulatorReused(logger, ledger, url);
            return;
        }

        var process = await SimulatorProcess.StartAsync(ledger, url.Port, latencyMs, cancellationToken);
        _simulators.Add(process);
        SimulatorStarted(logger, ledger, url, process.Id);
    }

    [LoggerMessage(EventId = 9010, Level = LogLevel.Information, Message = "{Ledger} simulator listening on {Url} (process {ProcessId}; demo data seeded; control API /_sim)")]
    private static partial void SimulatorStarted(ILogger logger, string ledger, Uri url, int processId);

    [LoggerMessage(EventId = 9011, Level = LogLevel.Information, Message = "{Ledger} simulator already listening on {Url}: reused as it is, and left running on exit")]
    private static partial void SimulatorReused(ILogger logger, string ledger, Uri url);

    [LoggerMessage(EventId = 9012, Level = LogLevel.Information, Message = "Ledger simulator process {ProcessId} stopped")]
    private static partial void SimulatorStopped(ILogger logger, int processId);
}
