using CreditFunctions.LocalHost.Hosting;

namespace CreditFunctions.Tests.Hosting;

public sealed class FunctionManifestTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "manifest-" + Guid.NewGuid().ToString("N"));

    public FunctionManifestTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Queue_settings_come_from_host_json_and_absent_ones_take_the_extension_defaults()
    {
        Write("host.json", """{ "version": "2.0", "functionTimeout": "00:10:00", "extensions": { "queues": { "batchSize": 8, "visibilityTimeout": "00:00:30", "messageEncoding": "none" } } }""");
        Write("functions.metadata", "[]");

        var manifest = FunctionManifest.Load(_root);
        var settings = manifest.QueueSettings;

        Assert.Equal(new QueueSettings(8, 4, TimeSpan.FromSeconds(30), 5, TimeSpan.FromMinutes(1), QueueMessageEncoding.None), settings);
        Assert.Equal(12, settings.MaxConcurrency);
        Assert.Equal(TimeSpan.FromMinutes(10), manifest.FunctionTimeout);
    }

    [Fact]
    public void Each_function_of_the_generated_metadata_is_read_with_its_trigger()
    {
        Write("host.json", """{ "version": "2.0" }""");
        Write("functions.metadata", """
            [
              { "name": "Ingest", "bindings": [ { "type": "queueTrigger", "direction": "In", "name": "msg", "queueName": "order-events", "connection": "AzureWebJobsStorage" } ] },
              { "name": "Sweep", "bindings": [ { "type": "timerTrigger", "direction": "In", "name": "timer", "schedule": "0 */1 * * * *" } ] },
              { "name": "Receive", "bindings": [ { "type": "httpTrigger", "direction": "In", "name": "req", "methods": ["post"], "route": "tenants/{tenantId}/events" }, { "type": "http", "direction": "Out", "name": "res" } ] },
              { "name": "Sync", "bindings": [ { "type": "orchestrationTrigger", "direction": "In", "name": "context" } ] },
              { "name": "Write", "bindings": [ { "type": "activityTrigger", "direction": "In", "name": "request" } ] }
            ]
            """);

        var manifest = FunctionManifest.Load(_root);

        Assert.Equal(["Ingest", "Receive", "Sweep", "Sync", "Write"], manifest.Functions.Select(f => f.Name));
        Assert.Equal([new DurableFunction("Sync", "context", DurableFunctionKind.Orchestrator), new DurableFunction("Write", "request", DurableFunctionKind.Activity)], manifest.DurableFunctions);
        Assert.Equal(new QueueFunction("Ingest", "msg", "order-events", "AzureWebJobsStorage"), manifest.QueueFunctions.Single());
        Assert.Equal(new TimerFunction("Sweep", "timer", "0 */1 * * * *", false, true), manifest.TimerFunctions.Single());
        var http = manifest.HttpFunctions.Single();
        Assert.Equal(["POST"], http.Methods);
        Assert.Equal("tenants/{tenantId}/events", http.Route);
        Assert.Equal("res", http.OutputBindingName);
        Assert.Equal("api", manifest.HttpRoutePrefix);
        Assert.Equal("order-events", manifest.QueueNameOf("Ingest"));
    }

    [Fact]
    public void A_queue_name_prefix_changes_only_queue_names()
    {
        Write("host.json", """{ "version": "2.0", "functionTimeout": "00:05:00" }""");
        Write("functions.metadata", """
            [
              { "name": "Run", "bindings": [ { "type": "queueTrigger", "name": "message", "queueName": "order-events" } ] },
              { "name": "Sweep", "bindings": [ { "type": "timerTrigger", "name": "timer", "schedule": "0 */1 * * * *" } ] }
            ]
            """);

        var prefixed = FunctionManifest.Load(_root).WithQueueNamePrefix("t1-");

        Assert.Equal("t1-order-events", prefixed.QueueNameOf("Run"));
        Assert.Equal("0 */1 * * * *", prefixed.TimerFunctions.Single().Schedule);
        Assert.Equal(TimeSpan.FromMinutes(5), prefixed.FunctionTimeout);
    }

    [Fact]
    public void A_function_with_two_triggers_is_refused()
    {
        Write("host.json", """{ "version": "2.0" }""");
        Write("functions.metadata", """[ { "name": "Bad", "bindings": [ { "type": "queueTrigger", "name": "a", "queueName": "q1" }, { "type": "timerTrigger", "name": "b", "schedule": "0 * * * * *" } ] } ]""");

        Assert.Throws<InvalidDataException>(() => FunctionManifest.Load(_root));
    }

    [Fact]
    public void Without_the_generated_metadata_the_local_host_says_to_build_the_Functions_app()
    {
        Write("host.json", """{ "version": "2.0" }""");

        var missing = Assert.Throws<FileNotFoundException>(() => FunctionManifest.Load(_root));
        Assert.Contains("functions.metadata", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_message_encoding_is_refused()
    {
        Write("host.json", """{ "version": "2.0", "extensions": { "queues": { "messageEncoding": "utf8" } } }""");
        Write("functions.metadata", "[]");

        Assert.Throws<InvalidDataException>(() => FunctionManifest.Load(_root));
    }

    private void Write(string relativePath, string content)
    {
        var path = Path.Combine(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
