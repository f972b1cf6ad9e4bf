using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;

namespace CreditFunctions.IntegrationTests.Hosting;

/// <summary>
/// Golden payloads: the documented host→handler shapes (azure-platform.md §1.2, fixtures in Fixtures/) posted over
/// real HTTP to the app running in Functions mode, and the answers checked against §1.3/§1.4.
/// </summary>
[Collection("Azurite")]
public sealed class InvocationContractTests : IAsyncLifetime
{
    private FunctionsModeApp _app = null!;

    public async Task InitializeAsync() => _app = await FunctionsModeApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Functions_mode_listens_only_on_loopback_and_answers_the_readiness_probe()
    {
        Assert.All(_app.App.Urls, url => Assert.StartsWith("http://127.0.0.1:", url, StringComparison.Ordinal));

        using var response = await _app.Client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Functions_mode_ignores_configured_public_urls_and_stays_on_loopback()
    {
        await using var app = await FunctionsModeApp.StartAsync(b => b.WebHost.UseUrls("http://0.0.0.0:0"));

        Assert.All(app.App.Urls, url => Assert.StartsWith("http://127.0.0.1:", url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Queue_invocation_hands_the_message_text_and_metadata_to_the_handler()
    {
        using var response = await PostAsync("IngestOrderEvent", FunctionsModeApp.FixtureText("queue-trigger.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var invocation = await _app.Queue.NextAsync();
        Assert.Equal("IngestOrderEvent", invocation.FunctionName);
        Assert.Equal("order-events", invocation.QueueName);
        Assert.Equal("{ message: \"Message sent\" }", invocation.MessageText);
        Assert.Equal("800ae4b3-bdc1-4fa0-a8c5-0e1b8cd1b8d6", invocation.MessageId);
        Assert.Equal(1, invocation.DequeueCount);
        Assert.Equal(new DateTimeOffset(2019, 10, 9, 17, 58, 31, TimeSpan.Zero), invocation.InsertionTime);
        Assert.Equal(new DateTimeOffset(2019, 10, 16, 17, 58, 31, TimeSpan.Zero), invocation.ExpirationTime);
        Assert.Equal("inv-queue-1", invocation.InvocationId);
        await AssertSuccessShapeAsync(response);
    }

    [Fact]
    public async Task A_failing_queue_handler_answers_500_so_the_host_retries_and_eventually_poisons()
    {
        _app.Queue.Behaviour = (_, _) => throw new InvalidOperationException("ledger down");

        using var response = await PostAsync("IngestOrderEvent", FunctionsModeApp.FixtureText("queue-trigger.json"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Object, body.RootElement.GetProperty("Outputs").ValueKind);
        Assert.Contains("InvalidOperationException", body.RootElement.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("ledger down", body.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timer_invocation_passes_past_due_and_schedule_status_to_the_handler()
    {
        using var response = await PostAsync("SweepSyncs", FunctionsModeApp.FixtureText("timer-trigger.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var invocation = await _app.Timer.NextAsync();
        Assert.Equal("SweepSyncs", invocation.FunctionName);
        Assert.True(invocation.IsPastDue);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero), invocation.Last);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 1, 0, TimeSpan.Zero), invocation.Next);
        await AssertSuccessShapeAsync(response);
    }

    [Fact]
    public async Task Timer_invocation_without_schedule_monitoring_still_runs_the_handler()
    {
        using var response = await PostAsync("SweepSyncs", FunctionsModeApp.FixtureText("timer-trigger-unmonitored.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var invocation = await _app.Timer.NextAsync();
        Assert.False(invocation.IsPastDue);
        Assert.Null(invocation.Last);
        Assert.Null(invocation.Next);
    }

    [Fact]
    public async Task A_failing_timer_handler_answers_500()
    {
        _app.Timer.Fail = true;

        using var response = await PostAsync("SweepSyncs", FunctionsModeApp.FixtureText("timer-trigger.json"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task Http_invocation_without_forwarding_goes_through_the_app_pipeline_and_answers_res_as_an_object()
    {
        using var response = await PostAsync("ReceiveOrderEvent", FunctionsModeApp.FixtureText("http-not-forwarded.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var res = body.RootElement.GetProperty("Outputs").GetProperty("res");
        Assert.Equal(JsonValueKind.Object, res.ValueKind);
        Assert.Equal("202", res.GetProperty("statusCode").GetString());
        Assert.Equal("yes", res.GetProperty("headers").GetProperty("X-Echo").GetString());
        var echo = res.GetProperty("body");
        Assert.Equal(JsonValueKind.Object, echo.ValueKind);
        Assert.Equal("POST", echo.GetProperty("method").GetString());
        Assert.Equal("/api/tenants/demo/events", echo.GetProperty("path").GetString());
        Assert.Equal("?source=golden", echo.GetProperty("query").GetString());
        Assert.Equal("application/json", echo.GetProperty("contentType").GetString());
        Assert.Equal("payload", echo.GetProperty("golden").GetString());
        Assert.Equal("inv-queue-1", echo.GetProperty("invocationId").GetString());
        Assert.Equal("{\"eventId\":\"evt-1\"}", echo.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Forwarded_http_request_reaches_the_api_endpoint_at_its_original_path()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/tenants/demo/events", UriKind.Relative))
        {
            Content = new StringContent("{\"eventId\":\"evt-2\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Azure-Functions-InvocationId", "inv-forwarded");
        request.Headers.UserAgent.ParseAdd("Azure-Functions-Host/4.1044.0");

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("/api/tenants/demo/events", body.RootElement.GetProperty("path").GetString());
        Assert.Equal("{\"eventId\":\"evt-2\"}", body.RootElement.GetProperty("body").GetString());
        Assert.Equal("inv-forwarded", body.RootElement.GetProperty("invocationId").GetString());
    }

    [Fact]
    public async Task A_bulk_message_that_is_not_an_event_is_recorded_and_completed_rather_than_retried()
    {
        // The documented sample's message ("{ message: ... }") is no order event: the real IngestOrderEvent handler
        // records it as rejected and answers success, so the host deletes it instead of retrying it five times.
        using var response = await PostAsync("IngestOrderEvent", FunctionsModeApp.FixtureText("queue-trigger.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_function_without_a_registered_handler_fails_the_invocation()
    {
        var root = Path.Combine(Path.GetTempPath(), "cf-orphan-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "Orphan"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "host.json"), Path.Combine(root, "host.json"));

        // The app's own functions stay (its composition reads their queue names); one more has no handler.
        foreach (var functionJson in Directory.EnumerateFiles(AppContext.BaseDirectory, "function.json", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(Path.GetDirectoryName(functionJson)!);
            Directory.CreateDirectory(Path.Combine(root, name));
            File.Copy(functionJson, Path.Combine(root, name, "function.json"), overwrite: true);
        }

        await File.WriteAllTextAsync(
            Path.Combine(root, "Orphan", "function.json"),
            """{ "bindings": [ { "type": "queueTrigger", "direction": "in", "name": "message", "queueName": "orphans", "connection": "AzureWebJobsStorage" } ] }""");
        try
        {
            await using var orphaned = await FunctionsModeApp.StartAsync(b => b.Configuration["FunctionsHosting:ManifestRoot"] = root);
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/Orphan", UriKind.Relative))
            {
                Content = new StringContent(FunctionsModeApp.FixtureText("queue-trigger.json"), Encoding.UTF8, "application/json"),
            };

            using var response = await orphaned.Client.SendAsync(request);

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused_with_a_client_error()
    {
        using var response = await PostAsync("IngestOrderEvent", "not json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(_app.Queue.Seen.TryRead(out _));
    }

    [Fact]
    public async Task An_unknown_function_is_not_found()
    {
        using var response = await PostAsync("NoSuchFunction", FunctionsModeApp.FixtureText("queue-trigger.json"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<HttpResponseMessage> PostAsync(string functionName, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/" + functionName, UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Azure-Functions-InvocationId", "inv-queue-1");
        request.Headers.Add("X-Azure-Functions-HostVersion", "4.1044.0");
        return await _app.Client.SendAsync(request);
    }

    private static async Task AssertSuccessShapeAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Equal(JsonValueKind.Object, root.GetProperty("Outputs").ValueKind);
        Assert.All(root.GetProperty("Outputs").EnumerateObject(), output => Assert.Equal(JsonValueKind.Object, output.Value.ValueKind));
        Assert.Equal(JsonValueKind.Array, root.GetProperty("Logs").ValueKind);
        Assert.True(root.TryGetProperty("ReturnValue", out _));
    }
}
