using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using CreditFunctions.Storage.Queues;
using CreditFunctions.Storage.Tables;

namespace CreditFunctions.Storage;

/// <summary>
/// The one place that builds Azure.Data.Tables and Azure.Storage.Queues clients, so every client gets the same
/// retries and the request counter (<see cref="StorageRequestCounter"/>). Built from configuration by
/// <see cref="StorageConnection"/>; share one instance (clients are thread-safe and hold no mutable state).
/// </summary>
public sealed class StorageClients
{
    /// <summary>
    /// Pinned so a newer package cannot move the wire version past what Azurite 3.37 accepts without
    /// <c>--skipApiVersionCheck</c> (the local host starts it without).
    /// </summary>
    public const QueueClientOptions.ServiceVersion QueueServiceVersion = QueueClientOptions.ServiceVersion.V2025_11_05;

    private readonly TableServiceClient _tables;
    private readonly QueueServiceClient _base64Queues;
    private readonly QueueServiceClient _rawQueues;

    private StorageClients(
        Func<TableClientOptions, TableServiceClient> tables,
        Func<QueueClientOptions, QueueServiceClient> queues,
        Action<ClientOptions>? configure)
    {
        _tables = tables(Configure(new TableClientOptions(), StorageRequestCounter.Table, configure));
        _base64Queues = queues(QueueOptions(QueueMessageEncoding.Base64, configure));
        _rawQueues = queues(QueueOptions(QueueMessageEncoding.None, configure));
    }

    /// <summary>
    /// A connection string: <c>UseDevelopmentStorage=true</c> (Azurite on 127.0.0.1:10001/10002) or an account key
    /// string; both SDKs parse it. <paramref name="configure"/> adjusts every client's options (tests set a transport).
    /// </summary>
    public static StorageClients FromConnectionString(string connectionString, Action<ClientOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new StorageClients(o => new TableServiceClient(connectionString, o), o => new QueueServiceClient(connectionString, o), configure);
    }

    /// <summary>Microsoft Entra ID (managed identity): the SDKs ask <paramref name="credential"/> for storage-scoped tokens.</summary>
    public static StorageClients FromIdentity(Uri tableServiceUri, Uri queueServiceUri, TokenCredential credential, Action<ClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(tableServiceUri);
        ArgumentNullException.ThrowIfNull(queueServiceUri);
        ArgumentNullException.ThrowIfNull(credential);
        return new StorageClients(o => new TableServiceClient(tableServiceUri, credential, o), o => new QueueServiceClient(queueServiceUri, credential, o), configure);
    }

    /// <summary>The client of one table; the name is checked against Azure's rules before any request.</summary>
    public TableClient GetTableClient(string tableName)
    {
        TableLimits.ValidateTableName(tableName);
        return _tables.GetTableClient(tableName);
    }

    /// <summary>
    /// The client of one queue. Base64 (default) is what the Functions queue trigger reads (host.json
    /// <c>messageEncoding</c>); <see cref="QueueMessageEncoding.None"/> reads and writes the wire text as is.
    /// </summary>
    public QueueClient GetQueueClient(string queueName, QueueMessageEncoding encoding = QueueMessageEncoding.Base64)
    {
        QueueLimits.ValidateQueueName(queueName);
        return (encoding == QueueMessageEncoding.None ? _rawQueues : _base64Queues).GetQueueClient(queueName);
    }

    private static QueueClientOptions QueueOptions(QueueMessageEncoding encoding, Action<ClientOptions>? configure) =>
        Configure(new QueueClientOptions(QueueServiceVersion) { MessageEncoding = encoding }, StorageRequestCounter.Queue, configure);

    /// <summary>
    /// Adds the request counter to options built elsewhere — the Durable engine's own clients in the local host — so
    /// its traffic is counted too, under <c>engine-{table|queue|blob}</c> (<see cref="StorageRequestCounter.EnginePrefix"/>).
    /// </summary>
    public static T CountEngineRequests<T>(T options, string service)
        where T : ClientOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddPolicy(new StorageRequestCounter(StorageRequestCounter.EnginePrefix + service), HttpPipelinePosition.PerRetry);
        return options;
    }

    /// <summary>
    /// Retries: exponential with Azure.Core's jitter, 5 retries, 0.2 s first delay, 10 s cap, 30 s network timeout
    /// (storage throttling is 503/500, which Azure.Core retries). The counter is per retry: each attempt is billed.
    /// Per-retry policies run after the SDK's auth policy, in the order added.
    /// </summary>
    private static T Configure<T>(T options, string service, Action<ClientOptions>? configure)
        where T : ClientOptions
    {
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 5;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(10);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        options.AddPolicy(new AuthenticationFailureRedaction(), HttpPipelinePosition.PerRetry);
        options.AddPolicy(new StorageRequestCounter(service), HttpPipelinePosition.PerRetry);

        // A pop receipt addresses one received message: keep it out of logs like a short-lived credential.
        options.Diagnostics.LoggedQueryParameters.Remove("popreceipt");
        configure?.Invoke(options);
        return options;
    }
}
