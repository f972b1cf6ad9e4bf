using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace CreditFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// The least configuration the real app starts with, as a deployment provides it: storage (Azurite here), a Xero
/// app registration, and tables and queues of its own so parallel test classes never share state.
/// </summary>
public static class TestAppSettings
{
    /// <summary>
    /// Arguments for every app a test builds: settings files are not watched. Each watcher is an inotify instance, and
    /// Linux allows a user 128 of them; a parallel run of many apps would otherwise exhaust them.
    /// </summary>
    public static readonly string[] NoFileWatching = ["--hostBuilder:reloadConfigOnChange=false"];

    /// <param name="isolateQueues">False keeps the functions' queue names as they are (for tests of those names).</param>
    public static Dictionary<string, string?> Minimal(string? prefix = null, bool isolateQueues = true)
    {
        prefix ??= "t" + Guid.NewGuid().ToString("N")[..10];
        return new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = SharedAzurite.ConnectionString,
            ["Workflow:TablePrefix"] = prefix,
            ["DurableTask:HubName"] = prefix,
            ["DurableTask:PartitionCount"] = "1",
            ["FunctionsHosting:QueueNamePrefix"] = isolateQueues ? prefix + "-" : null,
            ["Xero:ClientId"] = "test-client",
            ["Xero:ClientSecret"] = "test-client-secret",
            ["LocalDev:Enabled"] = "false",
        };
    }

    /// <summary>Adds <see cref="Minimal"/> under whatever the test configures after it.</summary>
    public static WebApplicationBuilder UseMinimalSettings(this WebApplicationBuilder builder, string? prefix = null, bool isolateQueues = true)
    {
        builder.Configuration.AddInMemoryCollection(Minimal(prefix, isolateQueues));
        return builder;
    }

    /// <summary>The same settings as environment variables, for the app started as a separate process.</summary>
    public static void ApplyTo(ProcessStartInfo start, string? prefix = null)
    {
        foreach (var (key, value) in Minimal(prefix))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
    }
}
