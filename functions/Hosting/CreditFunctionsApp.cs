using CreditFunctions.Alerts;
using CreditFunctions.App.Diagnostics;
using CreditFunctions.App.Hosting;
using CreditFunctions.App.Http;
using CreditFunctions.App.LocalDev;
using CreditFunctions.App.Triggers;
using CreditFunctions.Ledgers.Myob;
using CreditFunctions.Ledgers.Xero;
using CreditFunctions.Workflow.Runtime;
using Microsoft.AspNetCore.Builder;

namespace CreditFunctions.App;

/// <summary>Builds the handler application; tests and benchmarks host the same app in-process. Reads as a table of contents.</summary>
public static class CreditFunctionsApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddLocalDev();
        builder.AddFunctionsHosting();
        builder.Services.AddAlerts();
        builder.Services.AddSyncWorkflow(builder.Configuration);
        builder.Services.AddTableBackedLedgerStores();
        builder.Services.AddXeroLedger(builder.Configuration);
        builder.Services.AddMyobLedger(builder.Configuration);
        builder.Services.AddTriggers();
        builder.Services.AddHttpApi();
        builder.Services.AddHostedService<ApplicationInsightsMetrics>();

        var app = builder.Build();
        app.MapGet("/", () => Results.Ok(new { service = "CreditFunctions" }));
        app.MapHttpApi();
        app.MapFunctionsHosting();
        return app;
    }
}
