using CreditFunctions.LocalHost.Hosting.SelfHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CreditFunctions.LocalHost.Hosting;

/// <summary>
/// Wires the local host's queue listeners and timers from the Functions app's host.json and functions.metadata
/// (<see cref="FunctionManifest"/>); handlers register by function name (<see cref="FunctionHandlerRegistration"/>).
/// </summary>
public static class FunctionsHostingExtensions
{
    public static WebApplicationBuilder AddFunctionsHosting(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(FunctionsHostingOptions.SectionName);
        builder.Services.AddOptions<FunctionsHostingOptions>()
            .Bind(section)
            .Validate(o => o.MessageLease >= TimeSpan.FromSeconds(3) && o.MessageLease <= TimeSpan.FromDays(7), "FunctionsHosting:MessageLease must be 00:00:03 to 7 days (renewed every third).")
            .Validate(o => o.DrainTimeout >= TimeSpan.Zero, "FunctionsHosting:DrainTimeout must not be negative.")
            .Validate(o => o.MinPollingInterval > TimeSpan.Zero, "FunctionsHosting:MinPollingInterval must be positive.")
            .ValidateOnStart();

        var manifest = FunctionManifest.Load(section[nameof(FunctionsHostingOptions.ManifestRoot)] is { Length: > 0 } root ? root : AppContext.BaseDirectory);
        if (section[nameof(FunctionsHostingOptions.QueueNamePrefix)] is { Length: > 0 } prefix)
        {
            manifest = manifest.WithQueueNamePrefix(prefix);
        }

        builder.Services.AddSingleton(manifest);
        builder.Services.AddSingleton(new FunctionHandlerCatalog(builder.Services));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IListenerQueueFactory, StorageListenerQueueFactory>();
        builder.Services.AddSingleton<SelfHostedFunctions>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SelfHostedFunctions>());
        return builder;
    }

    /// <summary>Logs what the local host runs.</summary>
    public static WebApplication MapFunctionsHosting(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var manifest = app.Services.GetRequiredService<FunctionManifest>();
        HostingLog.ManifestLoaded(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FunctionsHostingExtensions)), manifest.Functions.Count, manifest.Root);
        return app;
    }
}
