using CreditFunctions.App.Hosting;
using Microsoft.AspNetCore.Builder;

namespace CreditFunctions.App;

/// <summary>Builds the handler application; tests and benchmarks host the same app in-process.</summary>
public static class CreditFunctionsApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddFunctionsHosting();
        var app = builder.Build();
        app.MapGet("/", () => Results.Ok(new { service = "CreditFunctions" }));
        app.MapFunctionsHosting();
        return app;
    }
}
