using System.Net;
using System.Text.Json;
using CreditFunctions.Documents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CreditFunctions.IntegrationTests.Payments;

/// <summary>
/// The order system's end of the payment webhook: Kestrel on 127.0.0.1 (a dynamic port) inside the test, stopped on
/// dispose. It verifies each request's signature as a receiver would (the tenant's secret, the app's clock) and keeps
/// every request; while <see cref="Down"/> it drops the connection without an answer, as a receiver that is down.
/// </summary>
internal sealed class PaymentWebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<ReceivedWebhook> _received = [];

    private PaymentWebhookReceiver(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public bool Down { get; set; }

    /// <summary>The status a reachable receiver answers with. Default 200.</summary>
    public HttpStatusCode Answer { get; set; } = HttpStatusCode.OK;

    /// <summary>Every request that reached the receiver (answered or not), in order.</summary>
    public IReadOnlyList<ReceivedWebhook> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>The requests answered 2xx: what the order system accepted.</summary>
    public IReadOnlyList<ReceivedWebhook> Accepted => [.. Received.Where(r => r.Accepted)];

    public static async Task<PaymentWebhookReceiver> StartAsync(string secret, TimeProvider clock)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new PaymentWebhookReceiver(app);
        app.MapPost("/payments", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var check = WebhookSignature.Verify(context.Request.Headers[WebhookSignature.HeaderName].ToString(), body, secret, clock.GetUtcNow());
            var down = receiver.Down;
            var status = receiver.Answer;
            var accepted = !down && check.IsValid && (int)status is >= 200 and <= 299;
            lock (receiver._gate)
            {
                receiver._received.Add(new ReceivedWebhook(JsonDocument.Parse(body).RootElement.Clone(), check.IsValid, accepted));
            }

            if (down)
            {
                context.Abort();
                return;
            }

            context.Response.StatusCode = check.IsValid ? (int)status : StatusCodes.Status401Unauthorized;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(new Uri(address), "/payments");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One request the receiver got: the event as JSON, whether its signature verified, whether it was answered 2xx.</summary>
internal sealed record ReceivedWebhook(JsonElement Event, bool SignatureValid, bool Accepted)
{
    public string Id => Event.GetProperty("id").GetString()!;

    public string Type => Event.GetProperty("type").GetString()!;

    public JsonElement Payment => Event.GetProperty("data").GetProperty("payment");
}
