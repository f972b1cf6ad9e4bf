using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using CreditFunctions.LocalHost;
using CreditFunctions.LocalHost.Hosting.Durable;
using CreditFunctions.Documents;
using CreditFunctions.Ledgers.Xero;
using CreditFunctions.LedgerSimulators.Xero;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SimTokens = CreditFunctions.LedgerSimulators.Xero.XeroTokenSet;

namespace CreditFunctions.Benchmarks.Pipeline;

/// <summary>
/// The real app in-process (as the integration tests' TestApp hosts it) on 127.0.0.1:0 against Azurite with tables and
/// queues of its own, and a Xero simulator of its own. Tenants <c>b0..bN</c> each have one Xero connection to their own
/// organisation; all connections belong to one Xero app whose tokens are seeded (authorization-code connections, X21).
/// </summary>
internal sealed class PipelineHost : IAsyncDisposable
{
    public const string ClientId = "bench-app";
    private const string ClientSecret = "bench-app-secret";
    private readonly WebApplication _app;

    private PipelineHost(XeroSimulator xero, WebApplication app, HttpClient http, IReadOnlyList<string> tenants, IReadOnlyList<Guid> xeroTenants, LedgerCommitWatcher commits)
    {
        XeroTenants = xeroTenants;
        Xero = xero;
        _app = app;
        Http = http;
        Tenants = tenants;
        Commits = commits;
    }

    public XeroSimulator Xero { get; }

    public HttpClient Http { get; }

    public IReadOnlyList<string> Tenants { get; }

    public LedgerCommitWatcher Commits { get; }

    public IReadOnlyList<Guid> XeroTenants { get; }

    /// <summary>Simulator and adapter limits so high they never pace or throttle.</summary>
    public static XeroRateLimits LimitsOff { get; } = new(10_000, 100_000_000, 100_000_000, 100_000_000);

    public static Task<PipelineHost> StartAsync(string connectionString, int tenantCount, TimeSpan ledgerLatency, CancellationToken cancellationToken) =>
        StartAsync(connectionString, tenantCount, ledgerLatency, LimitsOff, 1, cancellationToken);

    /// <summary>
    /// With <paramref name="limits"/> enforced by the simulator and paced by the adapter, in a minute divided by
    /// <paramref name="timeScale"/> on both sides (limits per window unchanged).
    /// </summary>
    public static async Task<PipelineHost> StartAsync(
        string connectionString, int tenantCount, TimeSpan ledgerLatency, XeroRateLimits limits, double timeScale, CancellationToken cancellationToken)
    {
        var commits = new LedgerCommitWatcher();
        var simulatorOptions = new XeroSimulatorOptions { BaseLatency = ledgerLatency, RateLimits = limits, TimeScale = timeScale };
        simulatorOptions.Observers.Add(commits);
        var xero = await XeroSimulator.StartAsync(simulatorOptions, cancellationToken);
        xero.Seed.Client(ClientId, ClientSecret);

        var prefix = "b" + Guid.NewGuid().ToString("N")[..10];
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["Workflow:TablePrefix"] = prefix,
            ["DurableTask:HubName"] = prefix,
            ["FunctionsHosting:QueueNamePrefix"] = prefix + "-",
            ["Xero:ApiBaseUrl"] = xero.AccountingAddress!.ToString(),
            ["Xero:IdentityBaseUrl"] = xero.BaseAddress!.ToString(),
            ["Xero:ConnectionsUrl"] = new Uri(xero.BaseAddress!, "connections").ToString(),
            ["Xero:ClientId"] = ClientId,
            ["Xero:ClientSecret"] = ClientSecret,
            ["Xero:Grant"] = "RefreshToken",
            ["Xero:ConcurrentCallsPerTenant"] = limits.PerTenantConcurrent.ToString(CultureInfo.InvariantCulture),
            ["Xero:CallsPerWindowPerTenant"] = limits.PerTenantPerMinute.ToString(CultureInfo.InvariantCulture),
            ["Xero:AppCallsPerWindow"] = limits.AppPerMinute.ToString(CultureInfo.InvariantCulture),
            ["Xero:CallsPerDayPerTenant"] = limits.PerTenantPerDay.ToString(CultureInfo.InvariantCulture),
            ["Xero:RateWindow"] = (TimeSpan.FromMinutes(1) / timeScale).ToString("c", CultureInfo.InvariantCulture),
            ["LocalDev:Enabled"] = "false",
        };
        var tenants = new List<string>();
        var xeroTenants = new List<Guid>();
        for (var i = 0; i < tenantCount; i++)
        {
            var tenant = $"b{i}";
            var xeroTenant = xero.Seed.Tenant($"Bench Org {i}");
            xero.Seed.Contact(xeroTenant, "Cafe Luna", "cust_42");
            settings[$"Tenants:{tenant}:WebhookSecret"] = Secret(tenant);
            settings[$"Tenants:{tenant}:ApiKey"] = ApiKey(tenant);
            settings[$"Tenants:{tenant}:Connections:0:Id"] = tenant + "-xero";
            settings[$"Tenants:{tenant}:Connections:0:Ledger"] = "Xero";
            settings[$"Tenants:{tenant}:Connections:0:LedgerTenantId"] = xeroTenant.ToString();
            tenants.Add(tenant);
            xeroTenants.Add(xeroTenant);
        }

        var app = CreditFunctionsApp.Build([], builder =>
        {
            builder.Environment.EnvironmentName = "Benchmark";
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
        });
        await app.StartAsync(cancellationToken);
        var tokens = app.Services.GetRequiredService<XeroTokenManager>();
        for (var i = 0; i < tenantCount; i++)
        {
            SimTokens minted = xero.Seed.Tokens(ClientId, xeroTenants[i]);
            await tokens.SeedAsync(
                tenants[i] + "-xero",
                new Ledgers.Xero.XeroTokenSet(minted.AccessToken, TimeProvider.System.GetUtcNow().AddSeconds(minted.ExpiresIn), minted.RefreshToken),
                cancellationToken);
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
        return new PipelineHost(xero, app, http, tenants, xeroTenants, commits);
    }

    public static string Number(string creditNoteId) => "CN-" + creditNoteId;

    /// <summary>POSTs a signed CreditNoteCreated event; returns the client-side round trip and whether it was accepted (202).</summary>
    public async Task<(TimeSpan Elapsed, bool Accepted)> PostCreditNoteAsync(string tenant, string creditNoteId, CancellationToken cancellationToken)
    {
        var body = OrderEventWriter.ToUtf8Bytes(Event(creditNoteId));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tenants/{tenant}/events")
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Sign(Secret(tenant), TimeProvider.System.GetUtcNow(), body));
        var started = Stopwatch.GetTimestamp();
        using var response = await Http.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        return (Stopwatch.GetElapsedTime(started), (int)response.StatusCode == 202);
    }

    /// <summary>The status API's <c>state</c> for a credit note (after a run, to check it finished as synced).</summary>
    public async Task<string?> StateAsync(string tenant, string creditNoteId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/tenants/{tenant}/credit-notes/{creditNoteId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey(tenant));
        using var response = await Http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return $"http {(int)response.StatusCode}";
        }

        var node = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return (string?)node?["state"];
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        var engine = _app.Services.GetRequiredService<LocalDurableSidecar>();
        await _app.StopAsync();
        await engine.DeleteTaskHubAsync();
        await _app.DisposeAsync();
        await Xero.DisposeAsync();
    }

    private static string Secret(string tenant) => tenant + "-webhook-secret";

    private static string ApiKey(string tenant) => tenant + "-api-key";

    private static OrderEvent Event(string creditNoteId)
    {
        const decimal net = 200.00m;
        const decimal tax = 20.00m;
        var note = new CreditNote(
            Id: creditNoteId,
            Version: 1,
            Number: Number(creditNoteId),
            Kind: CreditNoteKind.Receivable,
            Date: new DateOnly(2026, 11, 20),
            Currency: "AUD",
            Contact: new CreditNoteContact("cust_42", "Cafe Luna", "accounts@cafeluna.example"),
            AmountsAre: AmountsAre.Exclusive,
            Lines: [new CreditNoteLine("Damaged: 2 x Flat white beans 1kg", 2m, net / 2m, "200", "OUTPUT", tax, net)],
            Subtotal: net,
            TotalTax: tax,
            Total: net + tax,
            Reference: "Order 5567",
            Allocations: []);
        return new OrderEvent($"evt_{creditNoteId}", OrderEventType.CreditNoteCreated, TimeProvider.System.GetUtcNow(), note);
    }
}
