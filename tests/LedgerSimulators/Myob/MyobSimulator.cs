using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CreditFunctions.LedgerSimulators.Myob;

/// <summary>
/// A stateful MYOB Business / AccountRight Live API v2 (company files, OAuth 2.0 token endpoint and consent screen)
/// that enforces MYOB's documented rules (docs/myob-simulator.md; each rule cites ../shared/contracts/myob/README.md or
/// ../shared/reference/ledger-apis.md M1–M8). Host it with <see cref="StartAsync"/> (its own Kestrel on
/// <see cref="MyobSimulatorOptions.Url"/>), or create it with <see cref="Create"/> and map it into an existing app with
/// <see cref="MyobSimulatorEndpoints.MapMyobSimulator"/>. Tests drive it through <see cref="Seed"/>, <see cref="Control"/>,
/// <see cref="Faults"/>, <see cref="Store"/> and <see cref="Counters"/>; the same operations are served under <c>/_sim/</c>.
/// </summary>
public sealed class MyobSimulator : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _host;

    private MyobSimulator(MyobSimulatorOptions options)
    {
        options.Validate();
        Options = options;
        State = new MyobStore();
        OAuth = new MyobOAuthServer(options);
        Limiter = new MyobRateLimiter(options);
        Faults = new MyobFaultInjector();
        Counters = new MyobCounters();
        Seed = new MyobSeeder(this);
        Store = new MyobStoreView(this);
        Control = new MyobControl(this);
        if (options.SeedDemo)
        {
            Seed.Demo();
        }
    }

    /// <summary>Where the hosted simulator listens (with its real port), e.g. <c>http://127.0.0.1:50123/</c>. Null when mapped into another app.</summary>
    public Uri? BaseAddress { get; private set; }

    /// <summary>The API root that company-file GUIDs go under, e.g. <c>http://127.0.0.1:50123/accountright/</c>.</summary>
    public Uri? ApiAddress => BaseAddress is null ? null : new Uri(BaseAddress, "accountright/");

    /// <summary>The OAuth 2.0 token endpoint (<c>/oauth2/v1/authorize</c>, contract §12).</summary>
    public Uri? TokenEndpoint => BaseAddress is null ? null : new Uri(BaseAddress, "oauth2/v1/authorize");

    /// <summary>The browser consent URL (<c>/oauth2/account/authorize</c>, contract §12).</summary>
    public Uri? AuthorizeEndpoint => BaseAddress is null ? null : new Uri(BaseAddress, "oauth2/account/authorize");

    public MyobSimulatorOptions Options { get; }

    public MyobSeeder Seed { get; }

    public MyobControl Control { get; }

    public MyobFaultInjector Faults { get; }

    public MyobStoreView Store { get; }

    public MyobCounters Counters { get; }

    internal MyobStore State { get; }

    internal CancellationToken Stopping => _stopping.Token;

    internal MyobOAuthServer OAuth { get; }

    internal MyobRateLimiter Limiter { get; }

    public static MyobSimulator Create(MyobSimulatorOptions options) => new(options);

    public static async Task<MyobSimulator> StartAsync(MyobSimulatorOptions options, CancellationToken cancellationToken)
    {
        var simulator = new MyobSimulator(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.Url);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        var app = builder.Build();
        app.MapMyobSimulator(simulator);
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

    /// <summary>The company file's URI as the API returns it (contract §8: use the returned URI, do not hard-code the host).</summary>
    internal Uri FileUri(HttpRequest request, Guid fileId) =>
        new(BaseAddress ?? new Uri($"{request.Scheme}://{request.Host}/"), $"accountright/{fileId}/");

    /// <summary>A request context for views (control API, tests): v2, URIs on.</summary>
    internal MyobApiRequest ViewRequest(MyobCompanyFile file) => new()
    {
        Store = State,
        File = file,
        Method = "GET",
        Route = ["_sim"],
        Query = new Dictionary<string, string>(),
        Now = Options.TimeProvider.GetUtcNow(),
        FileUri = new Uri(BaseAddress ?? new Uri("http://simulator/"), $"accountright/{file.Id}/"),
        DefaultPageSize = Options.DefaultPageSize,
    };
}
