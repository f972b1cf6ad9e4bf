using CreditFunctions.LedgerSimulators.Xero;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreditFunctions.App.LocalDev;

/// <summary>
/// Starts what the run command needs before anything touches storage or a ledger: Azurite, then the Xero simulator
/// seeded with the demo organisation (and the README example's customer and invoice INV-0001). Registered first, so hosted services
/// start in order after it; stops what it started, last.
/// </summary>
internal sealed partial class LocalDevServices(IOptions<LocalDevOptions> options, TimeProvider time, ILogger<LocalDevServices> logger) : IHostedService, IAsyncDisposable
{
    private AzuriteLauncher.AzuriteHandle? _azurite;
    private XeroSimulator? _xero;

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
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
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
}
