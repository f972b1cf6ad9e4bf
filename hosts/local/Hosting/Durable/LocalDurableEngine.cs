using System.Net.Sockets;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CreditFunctions.Storage;
using CreditFunctions.Workflow.Durable;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Options;

namespace CreditFunctions.LocalHost.Hosting.Durable;

/// <summary>
/// Runs the orchestrators and activities outside the Functions host (durable-local.md route B): the Durable Task
/// Framework's Azure Storage provider — the engine Durable Functions runs on — served through the SDK's gRPC sidecar
/// (<see cref="TaskHubGrpcServer"/>) on a Unix socket private to this process, with the SDK's own worker and
/// <see cref="DurableTaskClient"/> connected to it. The code under test is the same the Functions app runs; only the
/// wire to the engine differs. Route A (DurableTask.Core shims) would give no <see cref="DurableTaskClient"/>.
/// </summary>
public static class LocalDurableEngine
{
    /// <param name="tasks">The orchestrators and activities the worker runs; the sync workflow's when null (a benchmark's bare-engine run passes no-op ones).</param>
    public static IServiceCollection AddLocalDurableEngine(this IServiceCollection services, IConfiguration configuration, Action<Microsoft.DurableTask.DurableTaskRegistry>? tasks = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LocalDurableEngineOptions>().Bind(configuration.GetSection(LocalDurableEngineOptions.SectionName));
        var socket = Path.Combine(Path.GetTempPath(), $"creditfunctions-durable-{Environment.ProcessId}-{Guid.NewGuid():N}.sock");
        var channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = UnixSocketHandler(socket) });

        // The sidecar starts before the worker (hosted services start in registration order), so the worker's first
        // call finds it listening.
        services.AddSingleton(sp => new LocalDurableSidecar(socket, configuration["AzureWebJobsStorage"], sp.GetRequiredService<IOptions<LocalDurableEngineOptions>>().Value, sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService(sp => sp.GetRequiredService<LocalDurableSidecar>());
        services.AddDurableTaskClient(b => b.UseGrpc(channel));
        services.AddDurableTaskWorker(b =>
        {
            b.UseGrpc(channel);
            b.AddTasks(tasks ?? (r => r.AddSyncFunctions()));
        });
        services.AddOptions<DurableTaskWorkerOptions>().Configure<IOptions<LocalDurableEngineOptions>>((worker, engine) =>
        {
            worker.Concurrency.MaximumConcurrentActivityWorkItems = engine.Value.MaxConcurrentActivities;
            worker.Concurrency.MaximumConcurrentOrchestrationWorkItems = engine.Value.MaxConcurrentOrchestrations;
        });
        return services;
    }

    private static SocketsHttpHandler UnixSocketHandler(string socket) => new()
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await client.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancellationToken);
                return new NetworkStream(client, ownsSocket: true);
            }
            catch
            {
                client.Dispose();
                throw;
            }
        },
    };
}

/// <summary>The engine: task hub on Azure Storage (Azurite locally), served over gRPC on a Unix socket.</summary>
public sealed class LocalDurableSidecar(string socket, string? connectionString, LocalDurableEngineOptions options, ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private WebApplication? _server;

    public AzureStorageOrchestrationService? Service { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("The local Durable engine needs AzureWebJobsStorage (a connection string; UseDevelopmentStorage=true for Azurite).");
        }

        Service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = options.HubName,
            // The engine's own clients carry the app's request counter (as engine-table/-queue/-blob), so benchmarks
            // count every Storage transaction a credit note costs, not only the app's.
            StorageAccountClientProvider = new StorageAccountClientProvider(
                StorageServiceClientProvider.ForBlob(connectionString, StorageClients.CountEngineRequests(new BlobClientOptions(), "blob")),
                StorageServiceClientProvider.ForQueue(connectionString, StorageClients.CountEngineRequests(new QueueClientOptions(StorageClients.QueueServiceVersion), "queue")),
                StorageServiceClientProvider.ForTable(connectionString, StorageClients.CountEngineRequests(new TableClientOptions(), "table"))),
            PartitionCount = options.PartitionCount,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            WorkItemQueueVisibilityTimeout = options.WorkItemQueueVisibilityTimeout,
            ControlQueueVisibilityTimeout = options.ControlQueueVisibilityTimeout,
            LoggerFactory = loggerFactory,
        });
        await Service.CreateIfNotExistsAsync();

        File.Delete(socket);
        // The sidecar reads no settings files: no file watchers (each is an inotify instance, a per-user limit on Linux).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenUnixSocket(socket, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IOrchestrationService>(Service);
        builder.Services.AddSingleton<IOrchestrationServiceClient>(Service);
        // The sidecar stops the engine when its host stops; this class does that itself (StopAsync), once, and only
        // for an engine a worker started (the provider's StopAsync throws on one that never started).
        builder.Services.AddSingleton(sp => new TaskHubGrpcServer(
            new StartOnlyLifetime(sp.GetRequiredService<IHostApplicationLifetime>()), loggerFactory, Service, Service, sp.GetRequiredService<IOptions<TaskHubGrpcServerOptions>>()));
        _server = builder.Build();
        _server.MapGrpcService<TaskHubGrpcServer>();
        await _server.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync(cancellationToken);
        }

        if (Service is not null)
        {
            try
            {
                await Service.StopAsync(isForced: true);
            }
            catch (NullReferenceException)
            {
                // DurableTask.AzureStorage 2.11.2 dereferences state that only StartAsync creates: nothing ran, nothing to stop.
            }
        }
    }

    /// <summary>Deletes the task hub's tables, queues and containers (tests isolate each app in a hub of its own).</summary>
    public async Task DeleteTaskHubAsync()
    {
        if (Service is not null)
        {
            await Service.DeleteAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }

        File.Delete(socket);
    }
}

/// <summary>
/// The sidecar host's lifetime with its start (which starts the engine's dispatchers) and without its stop (see
/// <see cref="LocalDurableSidecar"/>: this class stops the engine itself).
/// </summary>
internal sealed class StartOnlyLifetime(IHostApplicationLifetime host) : IHostApplicationLifetime
{
    public CancellationToken ApplicationStarted => host.ApplicationStarted;

    public CancellationToken ApplicationStopping => CancellationToken.None;

    public CancellationToken ApplicationStopped => CancellationToken.None;

    public void StopApplication()
    {
    }
}
