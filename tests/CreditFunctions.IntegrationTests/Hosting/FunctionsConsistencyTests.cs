using System.Globalization;
using System.Text.Json;
using CreditFunctions.App;
using CreditFunctions.App.Hosting;
using CreditFunctions.App.Hosting.SelfHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using CreditFunctions.IntegrationTests.Infrastructure;

namespace CreditFunctions.IntegrationTests.Hosting;

/// <summary>
/// The repository's host.json and function.json files, parsed here independently of FunctionManifest, against
/// what each mode of the real app actually runs: so a queue name, schedule or setting cannot differ between the
/// Functions host and the self-hosted listeners, and no function is left without a handler.
/// </summary>
public sealed class FunctionsConsistencyTests
{
    private static readonly string RepoRoot =
        global::CreditFunctions.App.LocalDev.RepositoryRoot.Find() ?? throw new InvalidOperationException("Repository root not found.");

    private static readonly IReadOnlyDictionary<string, JsonElement> Triggers = Directory
        .EnumerateDirectories(Path.Combine(RepoRoot, "functions"))
        .Where(dir => File.Exists(Path.Combine(dir, "function.json")))
        .ToDictionary(
            dir => Path.GetFileName(dir),
            dir => JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "function.json"))).RootElement.GetProperty("bindings")
                .EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal)));

    [Fact]
    public void The_build_output_carries_the_same_host_json_and_function_json_files_as_the_repository()
    {
        var output = AppContext.BaseDirectory;

        Assert.Equal(File.ReadAllText(Path.Combine(RepoRoot, "host.json")), File.ReadAllText(Path.Combine(output, "host.json")));
        Assert.NotEmpty(Triggers);
        foreach (var name in Triggers.Keys)
        {
            Assert.Equal(
                File.ReadAllText(Path.Combine(RepoRoot, "functions", name, "function.json")),
                File.ReadAllText(Path.Combine(output, name, "function.json")));
        }
    }

    [Fact]
    public async Task Self_hosted_listeners_and_timers_use_the_queue_names_schedules_and_settings_of_the_repository_files()
    {
        await using var app = BuildSelfHostedWithHandlersForEveryFunction();
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
            Assert.Equal(trigger.GetProperty("runOnStartup").GetBoolean(), timer.Function.RunOnStartup);
        }
    }

    [Fact]
    public async Task Functions_mode_serves_an_invocation_endpoint_for_every_function_json()
    {
        await using var app = CreditFunctionsApp.Build([$"--{FunctionsHostingExtensions.CustomHandlerPortSetting}=0"], builder => builder.UseMinimalSettings());
        var routes = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText)
            .ToHashSet(StringComparer.Ordinal);

        Assert.All(Triggers.Keys, name => Assert.Contains("/" + name, routes));
    }

    [Fact]
    public void Http_functions_are_http_in_and_out_only_so_the_host_forwards_them()
    {
        foreach (var (name, _) in Triggers.Where(t => t.Value.GetProperty("type").GetString() == "httpTrigger"))
        {
            var bindings = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot, "functions", name, "function.json"))).RootElement.GetProperty("bindings");
            Assert.Equal(["httpTrigger", "http"], bindings.EnumerateArray().Select(b => b.GetProperty("type").GetString()));
        }
    }

    /// <summary>
    /// Goes green once the integrator registers a handler for each queue/timer function and maps each HTTP
    /// function's endpoint (docs/hosting.md "Registering handlers").
    /// </summary>
    [Fact]
    public async Task Every_function_json_has_a_handler_in_the_real_app_and_every_handler_a_function_json()
    {
        await using var app = CreditFunctionsApp.Build([$"--{FunctionsHostingExtensions.CustomHandlerPortSetting}=0"], builder => builder.UseMinimalSettings());

        var problems = FunctionsConsistency.Check(app);

        Assert.True(problems.Count == 0, "Functions and code disagree:\n" + string.Join("\n", problems));
    }

    private static WebApplication BuildSelfHostedWithHandlersForEveryFunction() =>
        CreditFunctionsApp.Build(
            [],
            builder =>
            {
                builder.UseMinimalSettings(isolateQueues: false);
                foreach (var (name, trigger) in Triggers)
                {
                    switch (trigger.GetProperty("type").GetString())
                    {
                        case "queueTrigger":
                            builder.Services.AddKeyedSingleton<IQueueFunctionHandler>(name, new RecordingQueueHandler());
                            break;
                        case "timerTrigger":
                            builder.Services.AddKeyedSingleton<ITimerFunctionHandler>(name, new RecordingTimerHandler());
                            break;
                    }
                }
            });

    private static QueueSettings HostJsonQueueSettings()
    {
        var queues = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot, "host.json"))).RootElement
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
