using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.QuickBooks;
using CreditFunctions.LedgerSimulators.QuickBooks;
using CreditFunctions.LedgerSimulators.Xero;
using CreditFunctions.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreditFunctions.App.LocalDev;

/// <summary>
/// Starts what the run command needs before anything touches storage or a ledger: Azurite, then the Xero simulator
/// seeded with the demo organisation (and the README example's customer and invoice INV-0001), and the QuickBooks simulator
/// seeded with the demo company (the same customer and invoice). Registered first, so hosted services start in order after
/// it; stops what it started, last.
/// </summary>
internal sealed partial class LocalDevServices(IOptions<LocalDevOptions> options, TimeProvider time, IServiceProvider services, ILogger<LocalDevServices> logger) : IHostedService, IAsyncDisposable
{
    private AzuriteLauncher.AzuriteHandle? _azurite;
    private XeroSimulator? _xero;
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
            var simulatorOptions = XeroSimulatorOptions.WithDemo(settings.XeroSimulatorUrl);
            simulatorOptions.TimeProvider = time;
            simulatorOptions.BaseLatency = TimeSpan.FromMilliseconds(settings.XeroSimulatorLatencyMs);
            _xero = await XeroSimulator.StartAsync(simulatorOptions, cancellationToken);
            // The README's example credit note credits customer cust_42 against INV-0001: both exist in the demo ledger.
            var customer = _xero.Seed.Contact(XeroDemo.TenantId, "Cafe Luna", "cust_42", "accounts@cafeluna.example");
            _xero.Seed.Invoice(XeroDemo.TenantId, new XeroInvoiceSeed("INV-0001", customer, 1_000m));
            SimulatorStarted(logger, _xero.BaseAddress!);
        }

        if (settings.StartQuickBooksSimulator)
        {
            var simulatorOptions = QuickBooksSimulatorOptions.WithDemo(settings.QuickBooksSimulatorUrl);
            simulatorOptions.TimeProvider = time;
            simulatorOptions.BaseLatency = TimeSpan.FromMilliseconds(settings.QuickBooksSimulatorLatencyMs);
            _quickBooks = await QuickBooksSimulator.StartAsync(simulatorOptions, cancellationToken);
            var customer = _quickBooks.Seed.Customer(QuickBooksDemo.RealmId, "Cafe Luna", "accounts@cafeluna.example");
            _quickBooks.Seed.Invoice(QuickBooksDemo.RealmId, "INV-0001", customer, 1_000m);

            // A fresh simulator knows only the demo refresh token, so every run starts the demo connections from it; the
            // adapter then rotates and stores the newest itself (ledger-apis.md Q12).
            var tokens = services.GetRequiredService<QuickBooksTokenManager>();
            foreach (var connection in services.GetRequiredService<ITenantDirectory>().All
                .SelectMany(t => t.Connections)
                .Where(c => c.Ledger == LedgerKind.QuickBooks && c.LedgerTenantId == QuickBooksDemo.RealmId))
            {
                await tokens.SeedAsync(connection.Id, QuickBooksTokenSet.FromRefreshToken(QuickBooksDemo.RefreshToken), cancellationToken);
            }

            QuickBooksSimulatorStarted(logger, _quickBooks.BaseAddress!);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_quickBooks is not null)
        {
            await _quickBooks.DisposeAsync();
            _quickBooks = null;
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

    [LoggerMessage(EventId = 9011, Level = LogLevel.Information, Message = "QuickBooks simulator listening on {Url} (demo company seeded; inspect /_sim/credit-memos?number=...)")]
    private static partial void QuickBooksSimulatorStarted(ILogger logger, Uri url);
}
