using System.Globalization;
using System.Text.Json;

namespace CreditFunctions.LocalHost.Hosting;

/// <summary>
/// The one source of truth for function names, triggers, routes, queue names, schedules and queue settings: the
/// Functions app's host.json and the <c>functions.metadata</c> its build generates from the function attributes —
/// exactly what the Functions host reads. The local host wires itself from the same two files, so it cannot drift.
/// </summary>
public sealed class FunctionManifest
{
    private static readonly JsonDocumentOptions s_jsonOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public FunctionManifest(
        string root,
        string httpRoutePrefix,
        QueueSettings queueSettings,
        IReadOnlyList<FunctionDefinition> functions,
        TimeSpan? functionTimeout = null)
    {
        Root = root;
        HttpRoutePrefix = httpRoutePrefix;
        QueueSettings = queueSettings;
        Functions = functions;
        FunctionTimeout = functionTimeout;
    }

    /// <summary>The folder holding host.json and functions.metadata.</summary>
    public string Root { get; }

    /// <summary>host.json <c>extensions.http.routePrefix</c> (default <c>api</c>).</summary>
    public string HttpRoutePrefix { get; }

    public QueueSettings QueueSettings { get; }

    public IReadOnlyList<FunctionDefinition> Functions { get; }

    /// <summary>host.json <c>functionTimeout</c>: the longest one invocation may run (null = the plan's default).</summary>
    public TimeSpan? FunctionTimeout { get; }

    public IEnumerable<QueueFunction> QueueFunctions => Functions.OfType<QueueFunction>();

    public IEnumerable<TimerFunction> TimerFunctions => Functions.OfType<TimerFunction>();

    public IEnumerable<HttpFunction> HttpFunctions => Functions.OfType<HttpFunction>();

    public IEnumerable<DurableFunction> DurableFunctions => Functions.OfType<DurableFunction>();

    public FunctionDefinition? Find(string functionName) =>
        Functions.FirstOrDefault(f => string.Equals(f.Name, functionName, StringComparison.OrdinalIgnoreCase));

    /// <summary>The queue a queue function listens on, e.g. <c>QueueNameOf("IngestOrderEvent")</c> = <c>order-events</c>.</summary>
    public string QueueNameOf(string functionName) =>
        Find(functionName) is QueueFunction queue
            ? queue.QueueName
            : throw new KeyNotFoundException($"No queue function named '{functionName}' in {Root}.");

    /// <summary>The same manifest with <paramref name="prefix"/> before every queue name (self-hosted isolation only).</summary>
    public FunctionManifest WithQueueNamePrefix(string prefix) => new(
        Root,
        HttpRoutePrefix,
        QueueSettings,
        [.. Functions.Select(f => f is QueueFunction queue ? queue with { QueueName = prefix + queue.QueueName } : f)],
        FunctionTimeout);

    /// <summary>The file the Functions worker SDK generates beside the app: every function with its bindings.</summary>
    public const string MetadataFile = "functions.metadata";

    /// <summary>Reads host.json and <c>functions.metadata</c> in <paramref name="root"/>.</summary>
    public static FunctionManifest Load(string root)
    {
        var hostJsonPath = Path.Combine(root, "host.json");
        if (!File.Exists(hostJsonPath))
        {
            throw new FileNotFoundException($"host.json not found in '{root}'.", hostJsonPath);
        }

        var metadataPath = Path.Combine(root, MetadataFile);
        if (!File.Exists(metadataPath))
        {
            throw new FileNotFoundException($"{MetadataFile} not found in '{root}': build the Functions app (functions/).", metadataPath);
        }

        using var host = JsonDocument.Parse(File.ReadAllText(hostJsonPath), s_jsonOptions);
        using var metadata = JsonDocument.Parse(File.ReadAllText(metadataPath), s_jsonOptions);
        var functions = metadata.RootElement.EnumerateArray()
            .Select(f => ReadFunction(String(f, "name") ?? throw new InvalidDataException($"{metadataPath}: a function has no name."), f, metadataPath))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();

        return new FunctionManifest(
            root,
            String(Property(Property(host.RootElement, "extensions"), "http"), "routePrefix") ?? "api",
            ReadQueueSettings(Property(Property(host.RootElement, "extensions"), "queues")),
            functions,
            Duration(host.RootElement, "functionTimeout"));
    }

    /// <summary>Parses host.json <c>extensions.queues</c>; absent keys take the extension's defaults.</summary>
    internal static QueueSettings ReadQueueSettings(JsonElement? queues)
    {
        var defaults = QueueSettings.Default;
        var batchSize = Int(queues, "batchSize") ?? defaults.BatchSize;
        if (batchSize is < 1 or > 32)
        {
            throw new InvalidDataException("host.json extensions.queues.batchSize must be 1..32.");
        }

        var encoding = String(queues, "messageEncoding") ?? "base64";
        return new QueueSettings(
            batchSize,
            Int(queues, "newBatchThreshold") ?? batchSize / 2,
            Duration(queues, "visibilityTimeout") ?? defaults.VisibilityTimeout,
            Int(queues, "maxDequeueCount") ?? defaults.MaxDequeueCount,
            Duration(queues, "maxPollingInterval") ?? defaults.MaxPollingInterval,
            encoding.ToUpperInvariant() switch
            {
                "BASE64" => QueueMessageEncoding.Base64,
                "NONE" => QueueMessageEncoding.None,
                _ => throw new InvalidDataException($"host.json messageEncoding '{encoding}' is not base64 or none."),
            });
    }

    private static FunctionDefinition ReadFunction(string name, JsonElement function, string functionJsonPath)
    {
        var bindings = Property(function, "bindings") is { ValueKind: JsonValueKind.Array } array
            ? array.EnumerateArray().ToList()
            : throw new InvalidDataException($"{functionJsonPath} has no bindings array.");
        var triggers = bindings.Where(b => (String(b, "type") ?? "").EndsWith("Trigger", StringComparison.OrdinalIgnoreCase)).ToList();
        if (triggers.Count != 1)
        {
            throw new InvalidDataException($"{functionJsonPath} must have exactly one trigger binding.");
        }

        var trigger = triggers[0];
        var bindingName = String(trigger, "name") ?? throw new InvalidDataException($"{functionJsonPath}: the trigger has no name.");
        var type = String(trigger, "type")!;
        return type.ToUpperInvariant() switch
        {
            "HTTPTRIGGER" => new HttpFunction(
                name,
                bindingName,
                Strings(trigger, "methods").Select(m => m.ToUpperInvariant()).ToList(),
                String(trigger, "route") ?? name,
                bindings.Where(b => string.Equals(String(b, "type"), "http", StringComparison.OrdinalIgnoreCase))
                    .Select(b => String(b, "name"))
                    .FirstOrDefault() ?? "res"),
            "QUEUETRIGGER" => new QueueFunction(
                name,
                bindingName,
                String(trigger, "queueName") ?? throw new InvalidDataException($"{functionJsonPath}: queueName is missing."),
                String(trigger, "connection") ?? "AzureWebJobsStorage"),
            "TIMERTRIGGER" => new TimerFunction(
                name,
                bindingName,
                String(trigger, "schedule") ?? throw new InvalidDataException($"{functionJsonPath}: schedule is missing."),
                Bool(trigger, "runOnStartup") ?? false,
                Bool(trigger, "useMonitor") ?? true),
            "ORCHESTRATIONTRIGGER" => new DurableFunction(name, bindingName, DurableFunctionKind.Orchestrator),
            "ACTIVITYTRIGGER" => new DurableFunction(name, bindingName, DurableFunctionKind.Activity),
            _ => throw new InvalidDataException($"{functionJsonPath}: trigger type '{type}' is not supported by this handler."),
        };
    }

    private static JsonElement? Property(JsonElement? element, string name)
    {
        if (element is not { ValueKind: JsonValueKind.Object } obj)
        {
            return null;
        }

        // host.json and functions.metadata keys are case-insensitive to the host.
        foreach (var property in obj.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static string? String(JsonElement? element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static int? Int(JsonElement? element, string name) => Property(element, name) switch
    {
        { ValueKind: JsonValueKind.Number } value => value.GetInt32(),
        { ValueKind: JsonValueKind.String } value => int.Parse(value.GetString()!, CultureInfo.InvariantCulture),
        _ => null,
    };

    private static bool? Bool(JsonElement? element, string name) => Property(element, name) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { ValueKind: JsonValueKind.String } value => bool.Parse(value.GetString()!),
        _ => null,
    };

    private static TimeSpan? Duration(JsonElement? element, string name) =>
        String(element, name) is { } text ? TimeSpan.Parse(text, CultureInfo.InvariantCulture) : null;

    private static List<string> Strings(JsonElement? element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Array } array
            ? array.EnumerateArray().Select(e => e.GetString() ?? "").ToList()
            : [];
}
