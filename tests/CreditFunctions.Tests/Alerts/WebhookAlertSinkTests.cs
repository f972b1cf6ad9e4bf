using System.Net;
using CreditFunctions.Alerts;
using CreditFunctions.Documents;
using CreditFunctions.Tenants;
using CreditFunctions.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Tests.Alerts;

public sealed class WebhookAlertSinkTests
{
    private static readonly Alert SlaAlert = new(AlertKind.SlaBreached, "acme", "cn_1", null, "Not synced within 00:30:00.", new DateTimeOffset(2026, 11, 20, 10, 45, 0, TimeSpan.Zero));

    [Fact]
    public async Task An_alert_is_posted_to_the_tenants_webhook_signed_so_the_receiver_can_verify_it()
    {
        var clock = new ManualTimeProvider();
        var receiver = new CapturingHandler(HttpStatusCode.OK);
        var sink = Sink(receiver, clock, new TenantOptions { Id = "acme", AlertWebhookUrl = new Uri("https://ops.example/alerts"), AlertWebhookSecret = "alert-secret" });

        await sink.PublishAsync(SlaAlert, CancellationToken.None);

        var (request, body) = Assert.Single(receiver.Received);
        Assert.Equal(new Uri("https://ops.example/alerts"), request.RequestUri);
        var signature = request.Headers.GetValues(WebhookSignature.HeaderName).Single();
        Assert.True(WebhookSignature.Verify(signature, body, "alert-secret", clock.GetUtcNow()).IsValid);
        Assert.False(WebhookSignature.Verify(signature, body, "another-secret", clock.GetUtcNow()).IsValid);
        Assert.Contains("\"kind\":\"slaBreached\"", System.Text.Encoding.UTF8.GetString(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_without_an_alert_webhook_gets_no_call()
    {
        var receiver = new CapturingHandler(HttpStatusCode.OK);
        var sink = Sink(receiver, new ManualTimeProvider(), new TenantOptions { Id = "acme" });

        await sink.PublishAsync(SlaAlert, CancellationToken.None);

        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task A_failing_alert_webhook_does_not_fail_the_workflow()
    {
        var receiver = new CapturingHandler(HttpStatusCode.InternalServerError);
        var sink = Sink(receiver, new ManualTimeProvider(), new TenantOptions { Id = "acme", AlertWebhookUrl = new Uri("https://ops.example/alerts"), AlertWebhookSecret = "s" });

        await sink.PublishAsync(SlaAlert, CancellationToken.None);

        Assert.Single(receiver.Received);
    }

    private static WebhookAlertSink Sink(CapturingHandler handler, TimeProvider clock, TenantOptions tenant)
    {
        var options = new TenantsOptions();
        options.Tenants[tenant.Id] = tenant;
        return new WebhookAlertSink(new HttpClient(handler), new ConfiguredTenantDirectory(Options.Create(options)), clock, NullLogger<WebhookAlertSink>.Instance);
    }

    private sealed class CapturingHandler(HttpStatusCode status) : HttpMessageHandler
    {
        public List<(HttpRequestMessage Request, byte[] Body)> Received { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Received.Add((request, await request.Content!.ReadAsByteArrayAsync(cancellationToken)));
            return new HttpResponseMessage(status);
        }
    }
}
