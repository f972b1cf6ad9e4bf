using Azure.Storage.Queues;
using System.Threading.Channels;
using CreditFunctions.LocalHost;
using CreditFunctions.LocalHost.Hosting;
using CreditFunctions.LocalHost.Hosting.SelfHost;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.IntegrationTests.Storage;
using CreditFunctions.Storage.Queues;
using CreditFunctions.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CreditFunctions.IntegrationTests.Hosting;

/// <summary>
/// The real app without FUNCTIONS_CUSTOMHANDLER_PORT: its own listeners and timers, wired from the manifest, on
/// Azurite and a hand-moved clock. The manifest is a copy of the repository's with a private queue name.
/// </summary>
[Collection("Azurite")]
public sealed class SelfHostedAppTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cf-selfhost-" + Guid.NewGuid().ToString("N"));
    private readonly string _queueName = StorageNames.Queue("hs");
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 20, 10, 0, 20, TimeSpan.Zero));
    private readonly RecordingQueueHandler _queueHandler = new();
    private readonly RecordingTimerHandler _timerHandler = new();
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        var repo = global::CreditFunctions.LocalHost.LocalDev.RepositoryRoot.Find()!;
        Directory.CreateDirectory(_root);
        File.Copy(Path.Combine(repo, "functions", "host.json"), Path.Combine(_root, "host.json"));
        // The generated metadata's queue function on a queue of this test's own.
        var metadata = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "functions.metadata"));
        await File.WriteAllTextAsync(
            Path.Combine(_root, "functions.metadata"),
            metadata.Replace("\"order-events\"", $"\"{_queueName}\"", StringComparison.Ordinal));

        _app = CreditFunctionsApp.Build(
            TestAppSettings.NoFileWatching,
            builder =>
            {
                builder.WebHost.UseUrls("http://127.0.0.1:0");
                builder.UseMinimalSettings(isolateQueues: false);
                builder.Configuration["FunctionsHosting:ManifestRoot"] = _root;
                builder.Services.AddSingleton<TimeProvider>(_clock);
                builder.Services.AddKeyedSingleton<IQueueFunctionHandler>("IngestOrderEvent", _queueHandler);
                builder.Services.AddKeyedSingleton<ITimerFunctionHandler>("SweepSyncs", _timerHandler);
            });
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await TestStorage.Clients.GetQueueClient(_queueName).DeleteIfExistsAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task The_self_hosted_app_runs_queue_functions_from_function_json_and_fires_timers_as_the_clock_moves()
    {
        var queue = TestStorage.Clients.GetQueueClient(_queueName);
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("""{"documentId":"cn-selfhost"}""");
        var timer = Assert.Single(_app.Services.GetRequiredService<SelfHostedFunctions>().Timers, t => t.Function.Name == "SweepSyncs");
        var armed = Channel.CreateUnbounded<DateTimeOffset>();
        timer.Armed += due => armed.Writer.TryWrite(due);

        await _app.StartAsync();

        var message = await _queueHandler.NextAsync(Wait);
        Assert.Equal(_queueName, message.QueueName);
        Assert.Equal("""{"documentId":"cn-selfhost"}""", message.MessageText);

        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 1, 0, TimeSpan.Zero), await armed.Reader.ReadAsync().AsTask().WaitAsync(Wait));
        Assert.False(_timerHandler.Seen.TryRead(out _));
        _clock.Advance(TimeSpan.FromSeconds(40));
        var run = await _timerHandler.NextAsync(Wait);
        Assert.Equal("SweepSyncs", run.FunctionName);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 2, 0, TimeSpan.Zero), run.Next);
    }

    [Fact]
    public void The_local_host_maps_no_custom_handler_invocation_endpoints()
    {
        var routes = ((Microsoft.AspNetCore.Routing.IEndpointRouteBuilder)_app).DataSources
            .SelectMany(d => d.Endpoints)
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText);

        Assert.DoesNotContain("/IngestOrderEvent", routes);
    }
}
