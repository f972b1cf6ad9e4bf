using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CreditFunctions.Health;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.Xero;
using CreditFunctions.Tenants;
using CreditFunctions.Workflow.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CreditFunctions.IntegrationTests.Health;

/// <summary>Liveness and readiness over HTTP on the real app (docs/health.md).</summary>
public sealed class HealthTests
{
    private const string UnconnectedTenantApiKey = "t2-api-key";
    private const string UnconnectedTenantSecret = "t2-webhook-secret";

    [Fact]
    public async Task Liveness_answers_200_while_the_process_serves_requests()
    {
        await using var app = await TestApp.StartAsync();

        using var response = await app.Http.GetAsync(new Uri("/api/health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("alive", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["status"]);
    }

    [Fact]
    public async Task Readiness_reports_storage_and_each_connections_token_state_and_no_secret()
    {
        await using var app = await TestApp.StartAsync(withMyob: true, configure: a =>
        {
            // A tenant whose MYOB connection was never consented to: no tokens stored.
            a.Settings["Tenants:t2:WebhookSecret"] = UnconnectedTenantSecret;
            a.Settings["Tenants:t2:ApiKey"] = UnconnectedTenantApiKey;
            a.Settings["Tenants:t2:Connections:0:Id"] = "t2-myob";
            a.Settings["Tenants:t2:Connections:0:Ledger"] = "Myob";
            a.Settings["Tenants:t2:Connections:0:LedgerTenantId"] = Guid.NewGuid().ToString();
        });
        var storedMyobTokens = (await app.Services.GetRequiredService<ISecretStore>().GetAsync(LedgerTokenNames.For(LedgerKind.Myob, TestApp.MyobConnectionId), CancellationToken.None))!.Value;

        using var response = await app.Http.GetAsync(new Uri("/api/health/ready", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonNode.Parse(text)!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ready", (string?)body["status"]);
        Assert.Equal("reachable", (string?)body["storage"]);
        Assert.Equal(
            ["t1/t1-xero/Xero/connected", "t1/t1-myob/Myob/connected", "t2/t2-myob/Myob/needsReconnect"],
            body["connections"]!.AsArray().Select(c => $"{c!["tenantId"]}/{c["connectionId"]}/{c["ledger"]}/{c["tokens"]}"));
        foreach (var secret in new[] { TestApp.WebhookSecret, TestApp.ApiKey, TestApp.ClientSecret, TestApp.MyobApiSecret, UnconnectedTenantSecret, UnconnectedTenantApiKey })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("refresh", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(storedMyobTokens[..Math.Min(40, storedMyobTokens.Length)], text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_answers_503_when_storage_does_not_answer_while_liveness_stays_200()
    {
        var deadTable = new TableClient(new Uri($"http://127.0.0.1:{ClosedPort()}/devstoreaccount1"), "SyncInstances", new TableSharedKeyCredential("devstoreaccount1", Convert.ToBase64String(new byte[64])), new TableClientOptions { Retry = { MaxRetries = 0 } });
        await using var app = await TestApp.StartAsync(configure: a => a.ServiceOverrides.Add(services => services.Replace(ServiceDescriptor.Singleton(sp => new ReadinessCheck(
            new SyncStore(deadTable),
            sp.GetRequiredService<ISecretStore>(),
            sp.GetRequiredService<ITenantDirectory>(),
            sp.GetRequiredService<IOptions<XeroOptions>>(),
            NullLogger<ReadinessCheck>.Instance)))));

        using var ready = await app.Http.GetAsync(new Uri("/api/health/ready", UriKind.Relative));
        using var live = await app.Http.GetAsync(new Uri("/api/health/live", UriKind.Relative));
        var body = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("notReady", (string?)body["status"]);
        Assert.Equal("unreachable", (string?)body["storage"]);
        Assert.Equal(["unknown"], body["connections"]!.AsArray().Select(c => (string?)c!["tokens"]));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    // A port nothing listens on: bound by us a moment ago and released, so connecting is refused at once.
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
