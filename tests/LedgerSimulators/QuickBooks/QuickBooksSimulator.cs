using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CreditFunctions.LedgerSimulators.QuickBooks;

/// <summary>
/// A stateful QuickBooks Online (Accounting API v3 and Intuit OAuth 2.0) that enforces the documented rules
/// (docs/quickbooks-simulator.md; each rule cites ../shared/reference/ledger-apis.md or contracts/qbo). Host it with
/// <see cref="StartAsync"/> (its own Kestrel on <see cref="QuickBooksSimulatorOptions.Url"/>). Tests drive it through
/// <see cref="Seed"/>, <see cref="Control"/>, <see cref="Faults"/>, <see cref="Store"/> and <see cref="Counters"/>; the
/// same operations are served over HTTP under <c>/_sim/</c> with the Xero simulator's shape.
/// </summary>
public sealed class QuickBooksSimulator : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _host;

    private QuickBooksSimulator(QuickBooksSimulatorOptions options)
    {
        options.Validate();
        Options = options;
        State = new QuickBooksStore();
        OAuth = new QuickBooksOAuthServer(options);
        Limiter = new QuickBooksRateLimiter(options);
        RequestIds = new QuickBooksRequestIdCache(options);
        Faults = new QuickBooksFaultInjector();
        Counters = new QuickBooksCounters();
        Seed = new QuickBooksSeeder(this);
        Store = new QuickBooksStoreView(this);
        Control = new QuickBooksControl(this);
        if (options.SeedDemo)
        {
            Seed.Demo();
        }
    }

    /// <summary>Where the simulator listens (with its real port), e.g. <c>http://127.0.0.1:50123/</c>.</summary>
    public Uri? BaseAddress { get; private set; }

    /// <summary>The token endpoint (<c>/oauth2/v1/tokens/bearer</c>).</summary>
    public Uri? TokenEndpoint => BaseAddress is null ? null : new Uri(BaseAddress, "oauth2/v1/tokens/bearer");

    /// <summary>The consent screen (<c>/connect/oauth2</c>).</summary>
    public Uri? AuthorizeEndpoint => BaseAddress is null ? null : new Uri(BaseAddress, "connect/oauth2");

    public QuickBooksSimulatorOptions Options { get; }

    public QuickBooksSeeder Seed { get; }

    public QuickBooksControl Control { get; }

    public QuickBooksFaultInjector Faults { get; }

    public QuickBooksStoreView Store { get; }

    public QuickBooksCounters Counters { get; }

    internal QuickBooksStore State { get; }

    internal QuickBooksOAuthServer OAuth { get; }

    internal QuickBooksRateLimiter Limiter { get; }

    internal QuickBooksRequestIdCache RequestIds { get; }

    internal CancellationToken Stopping => _stopping.Token;

    public static async Task<QuickBooksSimulator> StartAsync(QuickBooksSimulatorOptions options, CancellationToken cancellationToken)
    {
        var simulator = new QuickBooksSimulator(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.Url);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        var app = builder.Build();
        app.MapQuickBooksSimulator(simulator);
        await app.StartAsync(cancellationToken);
        simulator._host = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        simulator.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return simulator;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_host is not null)
        {
            await _host.StopAsync(CancellationToken.None);
            await _host.DisposeAsync();
            _host = null;
        }

        _stopping.Dispose();
    }
}
