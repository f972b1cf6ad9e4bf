using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.Myob;
using CreditFunctions.LedgerSimulators.Myob;
using CreditFunctions.LedgerSimulators.Xero;
using CreditFunctions.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreditFunctions.App.LocalDev;

/// <summary>
/// Starts what the run command needs before anything touches storage or a ledger: Azurite, then the Xero simulator
/// seeded with the demo organisation and the MYOB simulator seeded with the demo company file (each with the README
/// example's customer cust_42 and invoice INV-0001). Registered first, so hosted services start in order after it;
/// stops what it started, last. Once every hosted service has started (the token table exists), the demo MYOB
/// connections get fresh tokens from the simulator: MYOB has no client-credentials grant (contract §12).
/// </summary>
internal sealed partial class LocalDevServices(
    IOptions<LocalDevOptions> options,
    TimeProvider time,
    IServiceProvider services,
    ILogger<LocalDevServices> logger) : IHostedLifecycleService, IAsyncDisposable
{
    private AzuriteLauncher.AzuriteHandle? _azurite;
    private XeroSimulator? _xero;
    private MyobSimulator? _myob;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.StartAzurite)
        {
            _azurite = await AzuriteLauncher.EnsureRunningAsync(logger, cancellationToken);
        }

        if (settings.StartXeroSimulator)
        {
            var simulatorOptions = XeroSimulatorOptions.WithDemo(settings.XeroSimulatorUrl);
            simulatorOptions.TimeProvider = time;
            simulatorOptions.BaseLatency = TimeSpan.FromMilliseconds(settings.XeroSimulatorLatencyMs);
            _xero = await XeroSimulator.StartAsync(simulatorOptions, cancellationToken);
            // The README's example credit note credits customer cust_42 against INV-0001: both exist in the demo ledger.
            var customer = _xero.Seed.Contact(XeroDemo.TenantId, "Cafe Luna", "cust_42", "accounts@cafeluna.example");
            _xero.Seed.Invoice(XeroDemo.TenantId, new XeroInvoiceSeed("INV-0001", customer, 1_000m));
            SimulatorStarted(logger, _xero.BaseAddress!);
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
    }

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
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
        if (_myob is not null)
        {
            await _myob.DisposeAsync();
            _myob = null;
        }

        if (_xero is not null)
        {
            await _xero.DisposeAsync();
            _xero = null;
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
            _azurite = null;
        }
    }

    [LoggerMessage(EventId = 9010, Level = LogLevel.Information, Message = "Xero simulator listening on {Url} (demo organisation seeded; inspect /_sim/credit-notes?number=...)")]
    private static partial void SimulatorStarted(ILogger logger, Uri url);

    [LoggerMessage(EventId = 9011, Level = LogLevel.Information, Message = "MYOB simulator listening on {Url} (demo company file seeded; inspect /_sim/credit-notes?number=...)")]
    private static partial void MyobSimulatorStarted(ILogger logger, Uri url);
}
