using Azure.Monitor.OpenTelemetry.AspNetCore;
using CreditFunctions.Functions;
using CreditFunctions.Functions.Diagnostics;
using CreditFunctions.LocalHost.Hosting;
using CreditFunctions.LocalHost.Hosting.Durable;
using CreditFunctions.LocalHost.LocalDev;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CreditFunctions.LocalHost;

/// <summary>Builds the local host; tests and benchmarks host the same app in-process. Reads as a table of contents.</summary>
public static class CreditFunctionsApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddLocalDev();
        builder.AddFunctionsHosting();
        builder.Services.AddCreditFunctions(builder.Configuration);
        builder.Services.AddCreditFunctionsTelemetry(builder.Configuration, (telemetry, credential) => telemetry.UseAzureMonitor(monitor =>
        {
            // As the Functions app: every alert and confirmation line is exported, whatever traces are sampled.
            monitor.Credential = credential;
            monitor.EnableTraceBasedLogsSampler = false;
        }));
        builder.Services.AddLocalDurableEngine(builder.Configuration);
        builder.Services.AddTriggers();

        var app = builder.Build();
        app.MapGet("/", () => Results.Ok(new { service = "CreditFunctions" }));
        app.MapFunctionRoutes();
        app.MapFunctionsHosting();
        return app;
    }
}
