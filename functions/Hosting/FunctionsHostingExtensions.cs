using System.Globalization;
using System.Net;
using CreditFunctions.App.Hosting.Invocations;
using CreditFunctions.App.Hosting.SelfHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CreditFunctions.App.Hosting;

/// <summary>
/// Wires the app to run as an Azure Functions custom handler or self-hosted, from the same host.json and
/// function.json files. Call <see cref="AddFunctionsHosting"/> on the builder and <see cref="MapFunctionsHosting"/>
/// on the built app; register handlers by function name with <see cref="FunctionHandlerRegistration"/>.
/// </summary>
public static class FunctionsHostingExtensions
{
    /// <summary>Set by the Functions host when it starts the handler (azure-platform.md §1.1).</summary>
    public const string CustomHandlerPortSetting = "FUNCTIONS_CUSTOMHANDLER_PORT";

    /// <summary>The app root the Functions host passes to the handler (azure-platform.md §1.1).</summary>
    public const string AppRootSetting = "FUNCTIONS_APP_ROOT_PATH";

    /// <summary>
    /// Functions mode (<c>FUNCTIONS_CUSTOMHANDLER_PORT</c> set): Kestrel listens only on http://127.0.0.1:{port} and
    /// the invocation endpoints serve the host. Self-hosted mode: Kestrel keeps its configured URLs and the app runs
    /// its own queue listeners and timers. Reads the configuration as it stands, so call it after test overrides.
    /// </summary>
    public static WebApplicationBuilder AddFunctionsHosting(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var section = configuration.GetSection(FunctionsHostingOptions.SectionName);
        builder.Services.AddOptions<FunctionsHostingOptions>()
            .Bind(section)
            .Validate(o => o.MessageLease >= TimeSpan.FromSeconds(3) && o.MessageLease <= TimeSpan.FromDays(7), "FunctionsHosting:MessageLease must be 00:00:03 to 7 days (renewed every third).")
            .Validate(o => o.DrainTimeout >= TimeSpan.Zero, "FunctionsHosting:DrainTimeout must not be negative.")
            .Validate(o => o.MinPollingInterval > TimeSpan.Zero, "FunctionsHosting:MinPollingInterval must be positive.")
            .ValidateOnStart();

        var manifest = FunctionManifest.Load(ManifestRoot(section[nameof(FunctionsHostingOptions.ManifestRoot)], configuration[AppRootSetting]));
        var portText = configuration[CustomHandlerPortSetting];
        var mode = string.IsNullOrWhiteSpace(portText) ? FunctionsHostingMode.SelfHosted : FunctionsHostingMode.Functions;
        if (mode == FunctionsHostingMode.SelfHosted && section[nameof(FunctionsHostingOptions.QueueNamePrefix)] is { Length: > 0 } prefix)
        {
            manifest = manifest.WithQueueNamePrefix(prefix);
        }

        builder.Services.AddSingleton(manifest);
        builder.Services.AddSingleton(new FunctionsHostingState(mode));
        builder.Services.AddSingleton(new FunctionHandlerCatalog(builder.Services));
        builder.Services.TryAddSingleton(TimeProvider.System);

        if (mode == FunctionsHostingMode.Functions)
        {
            var port = int.Parse(portText!, NumberStyles.None, CultureInfo.InvariantCulture);

            // Only the host may reach us; an explicit Listen overrides ASPNETCORE_URLS / ASPNETCORE_HTTP_PORTS.
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));

            // The host waits functionTimeout + 1 min per invocation (§1.1); the loopback replay must not give up first.
            builder.Services.AddHttpClient(LoopbackHttpDispatcher.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
            builder.Services.AddSingleton<LoopbackHttpDispatcher>();
            builder.Services.AddSingleton<InvocationDispatcher>();
        }
        else
        {
            builder.Services.TryAddSingleton<IListenerQueueFactory, StorageListenerQueueFactory>();
            builder.Services.AddSingleton<SelfHostedFunctions>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<SelfHostedFunctions>());
        }

        return builder;
    }

    /// <summary>
    /// Functions mode: maps <c>POST /{FunctionName}</c> for every function in the manifest (the host's
    /// non-forwarded invocations). Forwarded HTTP requests reach the app's own <c>/api/...</c> endpoints.
    /// <c>GET /</c> (the host's readiness probe) is the app's own root endpoint.
    /// </summary>
    public static WebApplication MapFunctionsHosting(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var manifest = app.Services.GetRequiredService<FunctionManifest>();
        var state = app.Services.GetRequiredService<FunctionsHostingState>();
        HostingLog.ModeSelected(
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FunctionsHostingExtensions)),
            state.Mode,
            manifest.Functions.Count,
            manifest.Root);

        if (state.Mode == FunctionsHostingMode.Functions)
        {
            foreach (var function in manifest.Functions)
            {
                app.MapPost("/" + function.Name, (HttpContext http, InvocationDispatcher dispatcher) => dispatcher.InvokeAsync(function, http))
                    .WithDisplayName("Functions invocation " + function.Name)
                    .ExcludeFromDescription();
            }
        }

        return app;
    }

    /// <summary>The first of: configured root, the host's app root, the app's folder, its parent — that holds host.json.</summary>
    private static string ManifestRoot(string? configured, string? hostAppRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var baseDirectory = AppContext.BaseDirectory;
        string?[] candidates = [hostAppRoot, baseDirectory, Path.GetDirectoryName(baseDirectory.TrimEnd(Path.DirectorySeparatorChar))];
        return candidates.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c) && File.Exists(Path.Combine(c, "host.json"))) ?? baseDirectory;
    }
}
