using System.Globalization;
using System.Text.Json;
using CreditFunctions.LocalHost;
using CreditFunctions.LocalHost.Hosting;
using CreditFunctions.LocalHost.Hosting.SelfHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using CreditFunctions.IntegrationTests.Infrastructure;

namespace CreditFunctions.IntegrationTests.Hosting;

/// <summary>
/// The Functions app's host.json and the functions.metadata its build generates from the function attributes, parsed
/// here independently of FunctionManifest, against what the local host actually runs: so a route, queue name, schedule,
/// orchestrator or setting cannot differ between the Functions host and the local host, and no function is left
/// without its local wiring.
/// </summary>
public sealed class FunctionsConsistencyTests
{
    private static readonly string RepoRoot =
        global::CreditFunctions.LocalHost.LocalDev.RepositoryRoot.Find() ?? throw new InvalidOperationException("Repository root not found.");

    private static readonly IReadOnlyDictionary<string, JsonElement> Triggers = JsonDocument
        .Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata"))).RootElement
        .EnumerateArray()
        .ToDictionary(
            f => f.GetProperty("name").GetString()!,
            f => f.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal)).Clone());

    [Fact]
    public void The_local_host_reads_the_Functions_apps_host_json_and_generated_metadata()
    {
        var output = AppContext.BaseDirectory;
        var configuration = new DirectoryInfo(output).Parent!.Name; // bin/<Configuration>/net10.0

        Assert.Equal(File.ReadAllText(Path.Combine(RepoRoot, "functions", "host.json")), File.ReadAllText(Path.Combine(output, "host.json")));
        Assert.Equal(
            File.ReadAllText(Path.Combine(RepoRoot, "functions", "obj", configuration, "net10.0", "functions.metadata")),
            File.ReadAllText(Path.Combine(output, "functions.metadata")));
        Assert.Equal(32, Triggers.Count);
        Assert.Equal(
            ["activityTrigger", "httpTrigger", "orchestrationTrigger", "queueTrigger", "timerTrigger"],
            Triggers.Values.Select(t => t.GetProperty("type").GetString()).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Local_listeners_and_timers_use_the_queue_names_schedules_and_settings_of_the_Functions_app()
    {
        await using var app = CreditFunctionsApp.Build(TestAppSettings.NoFileWatching, builder => builder.UseMinimalSettings(isolateQueues: false));
        var selfHosted = app.Services.GetRequiredService<SelfHostedFunctions>();

        var queues = Triggers.Where(t => t.Value.GetProperty("type").GetString() == "queueTrigger").ToList();
        var timers = Triggers.Where(t => t.Value.GetProperty("type").GetString() == "timerTrigger").ToList();
        Assert.Equal(queues.Count, selfHosted.Listeners.Count);
        Assert.Equal(timers.Count, selfHosted.Timers.Count);
        var expectedSettings = HostJsonQueueSettings();
        foreach (var (name, trigger) in queues)
        {
            var listener = Assert.Single(selfHosted.Listeners, l => l.Function.Name == name);
            Assert.Equal(trigger.GetProperty("queueName").GetString(), listener.QueueName);
            Assert.Equal(expectedSettings, listener.Settings);
        }

        foreach (var (name, trigger) in timers)
        {
            var timer = Assert.Single(selfHosted.Timers, t => t.Function.Name == name);
            Assert.Equal(trigger.GetProperty("schedule").GetString(), timer.Function.Schedule);
        }
    }

    [Fact]
    public async Task Every_function_of_the_Functions_app_is_wired_in_the_local_host_and_nothing_else_is()
    {
        await using var app = CreditFunctionsApp.Build(TestAppSettings.NoFileWatching, builder => builder.UseMinimalSettings());

        var problems = FunctionsConsistency.Check(app);

        Assert.True(problems.Count == 0, "Functions app and local host disagree:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void The_local_durable_engine_defaults_are_the_task_hub_settings_of_host_json()
    {
        var durable = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot, "functions", "host.json"))).RootElement
            .GetProperty("extensions").GetProperty("durableTask");
        var provider = durable.GetProperty("storageProvider");
        var defaults = new global::CreditFunctions.LocalHost.Hosting.Durable.LocalDurableEngineOptions();

        Assert.Equal(durable.GetProperty("hubName").GetString(), defaults.HubName);
        Assert.Equal(provider.GetProperty("partitionCount").GetInt32(), defaults.PartitionCount);
        Assert.Equal(Duration(provider, "maxQueuePollingInterval"), defaults.MaxQueuePollingInterval);
        Assert.Equal(Duration(provider, "workItemQueueVisibilityTimeout"), defaults.WorkItemQueueVisibilityTimeout);
        Assert.Equal(Duration(provider, "controlQueueVisibilityTimeout"), defaults.ControlQueueVisibilityTimeout);
        Assert.Equal(durable.GetProperty("maxConcurrentActivityFunctions").GetInt32(), defaults.MaxConcurrentActivities);
        Assert.Equal(durable.GetProperty("maxConcurrentOrchestratorFunctions").GetInt32(), defaults.MaxConcurrentOrchestrations);
    }

    private static TimeSpan Duration(JsonElement element, string name) =>
        TimeSpan.Parse(element.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    private static QueueSettings HostJsonQueueSettings()
    {
        var queues = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot, "functions", "host.json"))).RootElement
            .GetProperty("extensions").GetProperty("queues");
        return new QueueSettings(
            queues.GetProperty("batchSize").GetInt32(),
            queues.GetProperty("newBatchThreshold").GetInt32(),
            TimeSpan.Parse(queues.GetProperty("visibilityTimeout").GetString()!, CultureInfo.InvariantCulture),
            queues.GetProperty("maxDequeueCount").GetInt32(),
            TimeSpan.Parse(queues.GetProperty("maxPollingInterval").GetString()!, CultureInfo.InvariantCulture),
            queues.GetProperty("messageEncoding").GetString() == "base64" ? QueueMessageEncoding.Base64 : QueueMessageEncoding.None);
    }
}
