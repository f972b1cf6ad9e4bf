using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CreditFunctions.App.Hosting.Invocations;

/// <summary>
/// Answers <c>POST /{FunctionName}</c> from the Functions host: reads <c>{Data, Metadata}</c>, calls the
/// function's handler and answers <c>{Outputs, Logs, ReturnValue}</c>. Any failure answers 500, because a
/// non-2xx is how the host learns an invocation failed and retries or poisons it (azure-platform.md §1.4).
/// </summary>
internal sealed class InvocationDispatcher(
    IServiceProvider services,
    LoopbackHttpDispatcher httpDispatcher,
    ILogger<InvocationDispatcher> logger)
{
    private const string InvocationIdHeader = "X-Azure-Functions-InvocationId";

    public async Task InvokeAsync(FunctionDefinition function, HttpContext http)
    {
        string? invocationId = http.Request.Headers[InvocationIdHeader];
        var cancellationToken = http.RequestAborted;
        JsonDocument payload;
        try
        {
            payload = await JsonDocument.ParseAsync(http.Request.Body, default, cancellationToken);
        }
        catch (JsonException)
        {
            HostingLog.InvocationRejected(logger, function.Name, invocationId, "body is not JSON");
            await WriteAsync(http, StatusCodes.Status400BadRequest, Failure(function, "The invocation body is not JSON."), cancellationToken);
            return;
        }

        using (payload)
        {
            var data = InvocationPayload.Get(payload.RootElement, "Data");
            var metadata = InvocationPayload.Get(payload.RootElement, "Metadata");
            InvocationResult result;
            try
            {
                var outputs = function switch
                {
                    QueueFunction queue => await RunQueueAsync(queue, data, metadata, invocationId, cancellationToken),
                    TimerFunction timer => await RunTimerAsync(timer, data, cancellationToken),
                    HttpFunction httpFunction => new JsonObject
                    {
                        [httpFunction.OutputBindingName] = await httpDispatcher.DispatchAsync(
                            InvocationPayload.Get(data, httpFunction.TriggerBindingName), invocationId, cancellationToken),
                    },
                    _ => throw new NotSupportedException($"Unsupported function kind {function.GetType().Name}."),
                };
                result = new InvocationResult(outputs, [$"{function.Name} succeeded"], null);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                HostingLog.InvocationFailed(logger, function.Name, invocationId, ex);
                await WriteAsync(http, StatusCodes.Status500InternalServerError, Failure(function, ex.GetType().Name), cancellationToken);
                return;
            }

            await WriteAsync(http, StatusCodes.Status200OK, result, cancellationToken);
        }
    }

    private async Task<JsonObject> RunQueueAsync(
        QueueFunction function, JsonElement? data, JsonElement? metadata, string? invocationId, CancellationToken cancellationToken)
    {
        // The host already base64-decoded the message (host.json messageEncoding): Data holds the text (§1.2 b).
        var text = InvocationPayload.MessageText(data, function.TriggerBindingName)
            ?? throw new InvalidDataException($"Data.{function.TriggerBindingName} is missing.");
        var handler = services.GetKeyedService<IQueueFunctionHandler>(function.Name)
            ?? throw new InvalidOperationException($"No IQueueFunctionHandler is registered for {function.Name}.");
        var invocation = new QueueInvocation(
            function.Name,
            function.QueueName,
            text,
            InvocationPayload.String(metadata, "Id") ?? "",
            InvocationPayload.Long(metadata, "DequeueCount") ?? 1,
            InvocationPayload.Date(metadata, "InsertionTime"),
            InvocationPayload.Date(metadata, "NextVisibleTime"),
            InvocationPayload.Date(metadata, "ExpirationTime"),
            invocationId);
        await handler.HandleAsync(invocation, cancellationToken);
        return [];
    }

    private async Task<JsonObject> RunTimerAsync(TimerFunction function, JsonElement? data, CancellationToken cancellationToken)
    {
        // TimerInfo {Schedule, ScheduleStatus{Last, Next, LastUpdated} | null, IsPastDue} — shape derived from
        // host source, not documented verbatim, so read leniently (§1.2 c).
        var timer = InvocationPayload.Get(data, function.TriggerBindingName);
        var status = InvocationPayload.Get(timer, "ScheduleStatus");
        var handler = services.GetKeyedService<ITimerFunctionHandler>(function.Name)
            ?? throw new InvalidOperationException($"No ITimerFunctionHandler is registered for {function.Name}.");
        await handler.RunAsync(
            new TimerInvocation(
                function.Name,
                InvocationPayload.Bool(timer, "IsPastDue") ?? false,
                InvocationPayload.Date(status, "Last"),
                InvocationPayload.Date(status, "Next")),
            cancellationToken);
        return [];
    }

    private static InvocationResult Failure(FunctionDefinition function, string reason) =>
        new([], [$"{function.Name} failed: {reason}"], null);

    private static Task WriteAsync(HttpContext http, int statusCode, InvocationResult result, CancellationToken cancellationToken)
    {
        http.Response.StatusCode = statusCode;
        return http.Response.WriteAsJsonAsync(result, InvocationResult.SerializerOptions, cancellationToken);
    }
}
