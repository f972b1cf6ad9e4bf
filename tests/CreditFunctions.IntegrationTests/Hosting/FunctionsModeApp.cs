using System.Text.Json;
using CreditFunctions.App;
using CreditFunctions.App.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using CreditFunctions.IntegrationTests.Infrastructure;

namespace CreditFunctions.IntegrationTests.Hosting;

/// <summary>
/// The real app started as the Functions host starts it (FUNCTIONS_CUSTOMHANDLER_PORT set; port 0 = dynamic),
/// with recording handlers and an echo endpoint standing in for the integrator's /api endpoints.
/// </summary>
internal sealed class FunctionsModeApp : IAsyncDisposable
{
    private FunctionsModeApp(WebApplication app, HttpClient client)
    {
        App = app;
        Client = client;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public RecordingQueueHandler Queue { get; } = new();

    public RecordingTimerHandler Timer { get; } = new();

    /// <param name="configure">Extra set-up after the defaults, e.g. another manifest root.</param>
    public static async Task<FunctionsModeApp> StartAsync(Action<WebApplicationBuilder>? configure = null)
    {
        await SharedAzurite.EnsureRunningAsync();
        RecordingQueueHandler? queue = null;
        RecordingTimerHandler? timer = null;
        var app = CreditFunctionsApp.Build(
            [$"--{FunctionsHostingExtensions.CustomHandlerPortSetting}=0"],
            builder =>
            {
                builder.UseMinimalSettings();
                builder.Services.AddKeyedSingleton<IQueueFunctionHandler>("IngestOrderEvent", (_, _) => queue!);
                builder.Services.AddKeyedSingleton<ITimerFunctionHandler>("SweepSyncs", (_, _) => timer!);
                builder.Services.AddSingleton<IStartupFilter, EchoApiStartupFilter>();
                configure?.Invoke(builder);
            });
        await app.StartAsync();
        var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        var started = new FunctionsModeApp(app, client);
        queue = started.Queue;
        timer = started.Timer;
        return started;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    /// <summary>Answers every /api/tenants/* request with what it received, as JSON.</summary>
    private sealed class EchoApiStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (HttpContext context, RequestDelegate nextDelegate) =>
            {
                if (!context.Request.Path.StartsWithSegments("/api/tenants", StringComparison.Ordinal))
                {
                    await nextDelegate(context);
                    return;
                }

                using var reader = new StreamReader(context.Request.Body);
                var body = await reader.ReadToEndAsync(context.RequestAborted);
                context.Response.StatusCode = StatusCodes.Status202Accepted;
                context.Response.Headers["X-Echo"] = "yes";
                await context.Response.WriteAsJsonAsync(new
                {
                    method = context.Request.Method,
                    path = context.Request.Path.Value,
                    query = context.Request.QueryString.Value,
                    contentType = context.Request.ContentType,
                    golden = context.Request.Headers["X-Golden"].ToString(),
                    invocationId = context.Request.Headers["X-Azure-Functions-InvocationId"].ToString(),
                    body,
                });
            });
            next(app);
        };
    }

    public static JsonDocument Fixture(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureFolder, name)));

    public static string FixtureText(string name) => File.ReadAllText(Path.Combine(FixtureFolder, name));

    private static string FixtureFolder =>
        Path.Combine(
            global::CreditFunctions.App.LocalDev.RepositoryRoot.Find() ?? throw new InvalidOperationException("Repository root not found."),
            "tests", "CreditFunctions.IntegrationTests", "Hosting", "Fixtures");
}
