using CreditFunctions.Tenants;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;

namespace CreditFunctions.LocalHost.LocalDev;

/// <summary>Tells whoever ran the run command where to send webhooks and how to see status, once the app listens.</summary>
internal sealed class LocalDevBanner(IServer server, IHostApplicationLifetime lifetime, ITenantDirectory tenants) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Print);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Print()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:7071";
        var lines = new List<string>
        {
            "",
            "CreditFunctions is running (local defaults: Azurite + simulated Xero, MYOB and QuickBooks). Ctrl+C stops it.",
            $"  Webhooks:  POST {address}/api/tenants/<tenant>/events   (signed: X-CreditFunctions-Signature)",
            $"  Status:    GET  {address}/api/tenants/<tenant>/credit-notes/<id>   (Authorization: Bearer <api key>)",
            $"  Attention: GET  {address}/api/tenants/<tenant>/attention",
            $"  Reconnect: POST {address}/api/tenants/<tenant>/connections/<connection>/reconnect   (or .../connect for a consent link)",
            $"  Contract:  GET  {address}/api/contract/openapi.json",
        };
        foreach (var tenant in tenants.All)
        {
            // Only the run command's demo tenant, whose secrets are public by design (README), is printed.
            if (tenant.Id is "demo" or "demo-myob" or "demo-qbo")
            {
                lines.Add($"  Demo tenant '{tenant.Id}': webhook secret '{tenant.WebhookSecret}', API key '{tenant.ApiKey}'");
            }
        }

        lines.Add("  Send the README's example:  ./scripts/send-example.sh");
        lines.Add("");
        Console.WriteLine(string.Join(Environment.NewLine, lines));
    }
}
