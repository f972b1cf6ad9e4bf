using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>
/// A stateful Xero (Accounting API 2.0, identity, OAuth 2.0 token endpoint) that enforces Xero's documented
/// rules (docs/xero-simulator.md; each rule cites ../shared/reference/ledger-apis.md). Host it with
/// <see cref="StartAsync"/> (its own Kestrel on <see cref="XeroSimulatorOptions.Url"/>), or create it with
/// <see cref="Create"/> and map it into an existing app with <see cref="XeroSimulatorEndpoints.MapXeroSimulator"/>.
/// Tests drive it through <see cref="Seed"/>, <see cref="Control"/>, <see cref="Faults"/>, <see cref="Store"/> and
/// <see cref="Counters"/>; the same operations are served over HTTP under <c>/_sim/</c>.
/// </summary>
public sealed class XeroSimulator : IAsyncDisposable
{
    private readonly List<IXeroTrafficObserver> _observers;
    private readonly Lock _observerGate = new();
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _host;

    private XeroSimulator(XeroSimulatorOptions options)
    {
        options.Validate();
        Options = options;
        _observers = [.. options.Observers];
        State = new XeroStore();
        OAuth = new XeroOAuthServer(options);
        Limiter = new XeroRateLimiter(options);
        Idempotency = new XeroIdempotencyCache(options);
        Faults = new XeroFaultInjector();
        Counters = new XeroCounters();
        Seed = new XeroSeeder(this);
        Store = new XeroStoreView(this);
        Control = new XeroControl(this);
        if (options.SeedDemo)
        {
            Seed.Demo();
        }

        foreach (var tenant in options.Tenants)
        {
            Seed.Tenant(tenant.Name, tenant.TenantId);
        }

        foreach (var client in options.Clients)
        {
            Seed.Client(client.ClientId, client.ClientSecret, client.CustomConnectionTenantId);
            if (client.ConsentedTenantIds is { Count: > 0 } tenants)
            {
                OAuth.Mint(client.ClientId, tenants, client.RefreshToken);
            }
        }
    }

    /// <summary>Where the hosted simulator listens (with its real port), e.g. <c>http://127.0.0.1:50123/</c>. Null when mapped into another app.</summary>
    public Uri? BaseAddress { get; private set; }

    /// <summary>The Accounting API root, e.g. <c>http://127.0.0.1:50123/api.xro/2.0/</c>.</summary>
    public Uri? AccountingAddress => BaseAddress is null ? null : new Uri(BaseAddress, "api.xro/2.0/");

    /// <summary>The OAuth 2.0 token endpoint (<c>/connect/token</c>).</summary>
    public Uri? TokenEndpoint => BaseAddress is null ? null : new Uri(BaseAddress, "connect/token");

    public XeroSimulatorOptions Options { get; }

    public XeroSeeder Seed { get; }

    public XeroControl Control { get; }

    public XeroFaultInjector Faults { get; }

    public XeroStoreView Store { get; }

    public XeroCounters Counters { get; }

    internal XeroStore State { get; }

    /// <summary>Cancelled when the simulator stops, so held (hung or delayed) calls end promptly.</summary>
    internal CancellationToken Stopping => _stopping.Token;

    internal XeroOAuthServer OAuth { get; }

    internal XeroRateLimiter Limiter { get; }

    internal XeroIdempotencyCache Idempotency { get; }

    internal IReadOnlyList<IXeroTrafficObserver> Observers
    {
        get
        {
            lock (_observerGate)
            {
                return [.. _observers];
            }
        }
    }

    /// <summary>Creates the simulator without hosting it (map it with <see cref="XeroSimulatorEndpoints.MapXeroSimulator"/>).</summary>
    public static XeroSimulator Create(XeroSimulatorOptions options) => new(options);

    /// <summary>Starts the simulator on its own Kestrel server bound to <see cref="XeroSimulatorOptions.Url"/>.</summary>
    public static async Task<XeroSimulator> StartAsync(XeroSimulatorOptions options, CancellationToken cancellationToken)
    {
        var simulator = new XeroSimulator(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.Url);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        var app = builder.Build();
        app.MapXeroSimulator(simulator);
        await app.StartAsync(cancellationToken);
        simulator._host = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        simulator.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return simulator;
    }

    /// <summary>Adds an observer of every exchange; dispose the result to remove it.</summary>
    public IDisposable Observe(IXeroTrafficObserver observer)
    {
        lock (_observerGate)
        {
            _observers.Add(observer);
        }

        return new Subscription(this, observer);
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

    private void Unobserve(IXeroTrafficObserver observer)
    {
        lock (_observerGate)
        {
            _observers.Remove(observer);
        }
    }

    private sealed class Subscription(XeroSimulator owner, IXeroTrafficObserver observer) : IDisposable
    {
        public void Dispose() => owner.Unobserve(observer);
    }
}
