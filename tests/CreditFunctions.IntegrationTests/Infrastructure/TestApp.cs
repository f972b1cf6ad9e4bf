using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreditFunctions.Alerts;
using CreditFunctions.LocalHost;
using CreditFunctions.LocalHost.Hosting.Durable;
using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Workflow.Runtime;
using CreditFunctions.IntegrationTests.LedgerSimulators;
using CreditFunctions.Ledgers.Myob;
using CreditFunctions.LedgerSimulators.Myob;
using CreditFunctions.Ledgers.QuickBooks;
using CreditFunctions.LedgerSimulators.QuickBooks;
using CreditFunctions.LedgerSimulators.Xero;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CreditFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// The real app, self-hosted on 127.0.0.1 (dynamic port) against Azurite, with tables and queues of its own (a unique
/// prefix) and a Xero simulator of its own on a dynamic port, whose traffic is checked against Xero's OpenAPI
/// description. Tenant <c>t1</c> (webhook secret <see cref="WebhookSecret"/>, key <see cref="ApiKey"/>) has one Xero
/// connection <c>t1-xero</c>; other tenants may be added. With <c>quickBooks: true</c> a QuickBooks simulator of its own
/// joins, and t1 gets a second connection <c>t1-qbo</c> to a company there (customer "Cafe Luna" seeded, tokens stored).
/// Tests talk to it over HTTP like an order system would.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    public const string TenantId = "t1";
    public const string ConnectionId = "t1-xero";
    public const string WebhookSecret = "t1-webhook-secret";
    public const string ApiKey = "t1-api-key";
    public const string ClientId = "test-app";
    public const string ClientSecret = "test-app-secret";
    public const string MyobConnectionId = "t1-myob";
    public const string MyobApiKey = "test-app-myob";
    public const string MyobApiSecret = "test-app-myob-secret";
    public const string QuickBooksConnectionId = "t1-qbo";

    private WebApplication? _app;

    private TestApp(XeroSimulator xero, XeroConformance conformance, TimeProvider time, string prefix)
    {
        Xero = xero;
        Conformance = conformance;
        Time = time;
        Prefix = prefix;
    }

    public XeroSimulator Xero { get; }

    /// <summary>The MYOB simulator when the app was started with one (<c>withMyob</c>): tenant t1 then also has connection <see cref="MyobConnectionId"/>.</summary>
    public MyobSimulator? Myob { get; private set; }

    public Guid MyobFileId { get; private set; }
    /// <summary>The QuickBooks simulator when started with <c>quickBooks: true</c>.</summary>
    public QuickBooksSimulator? QuickBooks { get; private set; }

    public QuickBooksConnectionSeed? QuickBooksSeed { get; private set; }

    public string QuickBooksCustomerId { get; private set; } = "";

    public XeroConformance Conformance { get; }

    public TimeProvider Time { get; }

    public string Prefix { get; }

    public Guid XeroTenantId { get; private set; }

    public Guid CustomerId { get; private set; }

    public HttpClient Http { get; private set; } = null!;

    public RecordingAlertSink Alerts { get; } = new();

    public IServiceProvider Services => _app!.Services;

    /// <summary>The local engine's Durable client (what a function's <c>[DurableClient]</c> binding gives in Azure).</summary>
    public Microsoft.DurableTask.Client.DurableTaskClient Durable => Services.GetRequiredService<Microsoft.DurableTask.Client.DurableTaskClient>();

    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>Configures tenant <c>t2</c>, with its own secret and <paramref name="apiKey"/>, connected to the same simulated organisation.</summary>
    public void AddSecondTenant(string apiKey)
    {
        Settings["Tenants:t2:WebhookSecret"] = "t2-webhook-secret";
        Settings["Tenants:t2:ApiKey"] = apiKey;
        Settings["Tenants:t2:Connections:0:Id"] = "t2-xero";
        Settings["Tenants:t2:Connections:0:Ledger"] = "Xero";
        Settings["Tenants:t2:Connections:0:LedgerTenantId"] = XeroTenantId.ToString();
    }

    /// <summary>
    /// Changes applied to the app's services AFTER the app registered its own (so a test can replace or decorate
    /// any of them, e.g. wrap the real <c>ILedgerConnector</c>). Applied again on every <see cref="StartAppAsync"/>.
    /// </summary>
    public List<Action<IServiceCollection>> ServiceOverrides { get; } = [];

    /// <summary>Pins the retry jitter (full jitter in [0, 1)), so backoffs are short and predictable: 0.05 makes them 0.1 s, 0.2 s, ...</summary>
    public void UseJitter(double jitter) =>
        ServiceOverrides.Add(services => services.Replace(ServiceDescriptor.Singleton(new WorkflowRandom(() => jitter))));

    /// <summary>Wraps the real Xero <see cref="ILedgerConnector"/> (it still calls the simulator) in <paramref name="decorate"/>.</summary>
    public void DecorateLedgerConnector(Func<ILedgerConnector, ILedgerConnector> decorate, LedgerKind ledger = LedgerKind.Xero) =>
        ServiceOverrides.Add(services =>
        {
            // Every ledger registers a connector; only the one for <paramref name="ledger"/> is wrapped.
            foreach (var real in services.Where(d => d.ServiceType == typeof(ILedgerConnector)).ToList())
            {
                services.Remove(real);
                services.AddSingleton(sp =>
                {
                    var connector = real.ImplementationFactory is { } factory
                        ? (ILedgerConnector)factory(sp)
                        : real.ImplementationInstance as ILedgerConnector ?? (ILedgerConnector)ActivatorUtilities.CreateInstance(sp, real.ImplementationType!);
                    return connector.Ledger == ledger ? decorate(connector) : connector;
                });
            }
        });

    /// <summary>Starts a simulator and the app. <paramref name="configure"/> may change settings before the app is built.</summary>
    public static async Task<TestApp> StartAsync(
        Action<TestApp>? configure = null, TimeProvider? time = null, Action<XeroSimulatorOptions>? xero = null, bool withMyob = false,
        Action<MyobSimulatorOptions>? myob = null, bool quickBooks = false)
    {
        await SharedAzurite.EnsureRunningAsync();
        time ??= TimeProvider.System;
        var simulatorOptions = new XeroSimulatorOptions { TimeProvider = time };
        xero?.Invoke(simulatorOptions);
        var simulator = await XeroSimulator.StartAsync(simulatorOptions, CancellationToken.None);
        var conformance = await XeroConformance.AttachAsync(simulator);
        var app = new TestApp(simulator, conformance, time, "t" + Guid.NewGuid().ToString("N")[..10]);
        app.SeedLedger();
        if (withMyob)
        {
            var myobOptions = new MyobSimulatorOptions { TimeProvider = time };
            myob?.Invoke(myobOptions);
            app.Myob = await MyobSimulator.StartAsync(myobOptions, CancellationToken.None);
            app.SeedMyob();
        }

        if (quickBooks)
        {
            await app.AddQuickBooksAsync();
        }

        configure?.Invoke(app);
        await app.StartAppAsync();
        if (app.Myob is not null)
        {
            // MYOB has no client-credentials grant (contract §12): the connection starts with tokens a consent would have stored.
            var tokens = app.Myob.Seed.Tokens(MyobApiKey, app.MyobFileId);
            await app.Services.GetRequiredService<MyobTokenManager>().SeedAsync(
                MyobConnectionId, new MyobTokenSet(tokens.AccessToken, time.GetUtcNow() + TimeSpan.FromSeconds(tokens.ExpiresIn), tokens.RefreshToken), CancellationToken.None);
        }

        if (app.QuickBooksSeed is { } seed)
        {
            await app.Services.GetRequiredService<QuickBooksTokenManager>().SeedAsync(
                QuickBooksConnectionId, new QuickBooksTokenSet(seed.Tokens.AccessToken, time.GetUtcNow().AddSeconds(seed.Tokens.ExpiresIn), seed.Tokens.RefreshToken), CancellationToken.None);
        }

        return app;
    }

    /// <summary>A company file with customer cust_42, an API key, and connection t1-myob beside t1-xero (account code 200 maps to 4-1100).</summary>
    private void SeedMyob()
    {
        MyobFileId = Myob!.Seed.CompanyFile("Test Company File");
        Myob.Seed.Client(MyobApiKey, MyobApiSecret);
        MyobCustomerId = Myob.Seed.Customer(MyobFileId, "Cafe Luna", "cust_42");
        Settings["Myob:ApiBaseUrl"] = Myob.ApiAddress!.ToString();
        Settings["Myob:TokenUrl"] = Myob.TokenEndpoint!.ToString();
        Settings["Myob:AuthorizeUrl"] = Myob.AuthorizeEndpoint!.ToString();
        Settings["Myob:ClientId"] = MyobApiKey;
        Settings["Myob:ClientSecret"] = MyobApiSecret;
        Settings["Myob:AccountCodes:200"] = MyobDemo.IncomeAccount;
        Settings["Myob:RefundAccount"] = MyobDemo.BankAccount;
        Settings["Tenants:t1:Connections:1:Id"] = MyobConnectionId;
        Settings["Tenants:t1:Connections:1:Ledger"] = "Myob";
        Settings["Tenants:t1:Connections:1:LedgerTenantId"] = MyobFileId.ToString();
    }

    public Guid MyobCustomerId { get; private set; }

    private async Task AddQuickBooksAsync()
    {
        QuickBooks = await QuickBooksSimulator.StartAsync(new QuickBooksSimulatorOptions { TimeProvider = Time }, CancellationToken.None);
        QuickBooksSeed = QuickBooks.Seed.Connection("Test Company");
        QuickBooksCustomerId = QuickBooks.Seed.Customer(QuickBooksSeed.RealmId, "Cafe Luna", "accounts@cafeluna.example");
        Settings["QuickBooks:ApiBaseUrl"] = QuickBooks.BaseAddress!.ToString();
        Settings["QuickBooks:TokenUrl"] = QuickBooks.TokenEndpoint!.ToString();
        Settings["QuickBooks:AuthorizeUrl"] = QuickBooks.AuthorizeEndpoint!.ToString();
        Settings["QuickBooks:ClientId"] = QuickBooksSeed.ClientId;
        Settings["QuickBooks:ClientSecret"] = QuickBooksSeed.ClientSecret;
        Settings["Tenants:t1:Connections:1:Id"] = QuickBooksConnectionId;
        Settings["Tenants:t1:Connections:1:Ledger"] = "QuickBooks";
        Settings["Tenants:t1:Connections:1:LedgerTenantId"] = QuickBooksSeed.RealmId;
    }

    private void SeedLedger()
    {
        XeroTenantId = Xero.Seed.Tenant("Test Org");
        Xero.Seed.Client(ClientId, ClientSecret, XeroTenantId);
        CustomerId = Xero.Seed.Contact(XeroTenantId, "Cafe Luna", "cust_42");
        Settings["AzureWebJobsStorage"] = SharedAzurite.ConnectionString;
        Settings["Workflow:TablePrefix"] = Prefix;
        Settings["DurableTask:HubName"] = Prefix;
        Settings["DurableTask:PartitionCount"] = "1";
        Settings["FunctionsHosting:QueueNamePrefix"] = Prefix + "-";
        Settings["Xero:ApiBaseUrl"] = Xero.AccountingAddress!.ToString();
        Settings["Xero:IdentityBaseUrl"] = Xero.BaseAddress!.ToString();
        Settings["Xero:ConnectionsUrl"] = new Uri(Xero.BaseAddress!, "connections").ToString();
        Settings["Xero:ClientId"] = ClientId;
        Settings["Xero:ClientSecret"] = ClientSecret;
        Settings["Xero:Grant"] = "ClientCredentials";
        Settings["Tenants:t1:WebhookSecret"] = WebhookSecret;
        Settings["Tenants:t1:ApiKey"] = ApiKey;
        Settings["Tenants:t1:Connections:0:Id"] = ConnectionId;
        Settings["Tenants:t1:Connections:0:Ledger"] = "Xero";
        Settings["Tenants:t1:Connections:0:LedgerTenantId"] = XeroTenantId.ToString();
        Settings["LocalDev:Enabled"] = "false";
    }

    /// <summary>Starts (or, after <see cref="StopAppAsync"/>, restarts) the app process on the same storage and simulator.</summary>
    public async Task StartAppAsync()
    {
        _app = BuildApp();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>
    /// Starts a second app process on the same storage, simulator, settings, clock and alert recorder: another
    /// worker competing for the same queues and rows. The caller stops and disposes it.
    /// </summary>
    public async Task<WebApplication> StartSecondInstanceAsync()
    {
        var second = BuildApp();
        await second.StartAsync();
        return second;
    }

    private WebApplication BuildApp() =>
        CreditFunctionsApp.Build(TestAppSettings.NoFileWatching, builder =>
        {
            builder.Environment.EnvironmentName = "IntegrationTest";
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(Settings);
            builder.Logging.ClearProviders();

            // Every line any test's app logs is kept for the secret scan (Diagnostics/SecretScanTests), with the
            // secrets this app was given and the tokens it stores.
            builder.Logging.AddProvider(new LogCapture(LogCapture.Suite));
            builder.Logging.AddFilter<LogCapture>(null, LogLevel.Information);
            UsedSecrets.AddSettings(Settings);
            builder.Services.AddSingleton(Time);
            builder.Services.AddSingleton<IAlertSink>(Alerts);
            builder.Host.UseServiceProviderFactory(new OverridingServiceProviderFactory([.. ServiceOverrides, UsedSecrets.RecordStoredTokens]));
        });

    /// <summary>Stops the app process gracefully (the storage and the simulator stay).</summary>
    public async Task StopAppAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
            Http.Dispose();
        }
    }

    /// <summary>POSTs <paramref name="orderEvent"/> signed with the tenant's secret at the app's clock.</summary>
    public Task<HttpResponseMessage> SendAsync(OrderEvent orderEvent, string tenantId = TenantId, string secret = WebhookSecret) =>
        SendRawAsync(OrderEventWriter.ToUtf8Bytes(orderEvent), tenantId, secret);

    public async Task<HttpResponseMessage> SendRawAsync(byte[] body, string tenantId = TenantId, string? secret = WebhookSecret, DateTimeOffset? signedAt = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tenants/{tenantId}/events")
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        if (secret is not null)
        {
            request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Sign(secret, signedAt ?? Time.GetUtcNow(), body));
        }

        return await Http.SendAsync(request);
    }

    public async Task<(HttpStatusCode Status, JsonObject? Body)> StatusAsync(string creditNoteId, string tenantId = TenantId, string apiKey = ApiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/tenants/{tenantId}/credit-notes/{creditNoteId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text) as JsonObject);
    }

    /// <summary>
    /// Polls the status API (as a client would) until <paramref name="until"/> holds or <paramref name="timeout"/>
    /// passes. This waits for the queue pipeline to do its work, not for a timer.
    /// </summary>
    /// <summary>
    /// Polls the status API until <paramref name="until"/> holds. The default bound (60 s) is a failure guard, not a
    /// speed claim: a fault path (drop, read-back, retry with backoff, re-allocate) is several engine round trips, and on
    /// a loaded 2-core CI box running the whole suite each took seconds (benchmarks measure speed).
    /// </summary>
    public async Task<JsonObject> WaitForStatusAsync(string creditNoteId, Func<JsonObject, bool> until, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? DefaultWait);
        JsonObject? last = null;
        using var ticker = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (DateTimeOffset.UtcNow < deadline)
        {
            var (status, body) = await StatusAsync(creditNoteId);
            if (status == HttpStatusCode.OK && body is not null)
            {
                last = body;
                if (until(body))
                {
                    return body;
                }
            }

            await ticker.WaitForNextTickAsync();
        }

        throw new TimeoutException($"Credit note {creditNoteId} did not reach the expected status in time; last: {last?.ToJsonString() ?? "none"}");
    }

    public static TimeSpan DefaultWait { get; } = TimeSpan.FromSeconds(60);

    public static bool IsState(JsonObject status, string state) => (string?)status["state"] == state;

    public async ValueTask DisposeAsync()
    {
        var engine = _app?.Services.GetService<LocalDurableSidecar>();
        await StopAppAsync();
        if (engine is not null)
        {
            await engine.DeleteTaskHubAsync();
        }

        Conformance.Dispose();
        await Xero.DisposeAsync();
        if (Myob is not null)
        {
            await Myob.DisposeAsync();
        }

        if (QuickBooks is not null)
        {
            await QuickBooks.DisposeAsync();
        }
    }
}

/// <summary>Builds the default provider after applying the test's overrides on top of every registration the app made.</summary>
internal sealed class OverridingServiceProviderFactory(IReadOnlyList<Action<IServiceCollection>> overrides) : IServiceProviderFactory<IServiceCollection>
{
    public IServiceCollection CreateBuilder(IServiceCollection services) => services;

    public IServiceProvider CreateServiceProvider(IServiceCollection containerBuilder)
    {
        foreach (var apply in overrides)
        {
            apply(containerBuilder);
        }

        return containerBuilder.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true });
    }
}

/// <summary>Records every alert the app publishes, for assertions.</summary>
public sealed class RecordingAlertSink : IAlertSink
{
    private readonly Lock _gate = new();
    private readonly List<Alert> _alerts = [];

    public IReadOnlyList<Alert> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _alerts];
            }
        }
    }

    /// <summary>Runs inside the app's publish (after the state row was saved, before step messages are sent).</summary>
    public Action<Alert>? OnPublish { get; set; }

    public Task PublishAsync(Alert alert, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _alerts.Add(alert);
        }

        OnPublish?.Invoke(alert);
        return Task.CompletedTask;
    }
}
