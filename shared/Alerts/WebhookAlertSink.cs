using System.Globalization;
using System.Text.Json;
using CreditFunctions.Documents;
using CreditFunctions.Tenants;
using Microsoft.Extensions.Logging;

namespace CreditFunctions.Alerts;

/// <summary>
/// Optional per tenant: POSTs the alert as JSON to the tenant's <see cref="TenantOptions.AlertWebhookUrl"/>, signed
/// with the same timestamped-HMAC scheme the service accepts inbound (<c>X-CreditFunctions-Signature: t=..,v1=..</c>),
/// so receivers verify it the same way. Delivery failures are logged and never fail the workflow.
/// </summary>
internal sealed partial class WebhookAlertSink(
    HttpClient http,
    ITenantDirectory tenants,
    TimeProvider time,
    ILogger<WebhookAlertSink> logger) : IAlertSink
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public async Task PublishAsync(Alert alert, CancellationToken cancellationToken)
    {
        var tenant = tenants.Find(alert.TenantId);
        if (tenant?.AlertWebhookUrl is not { } url || string.IsNullOrEmpty(tenant.AlertWebhookSecret))
        {
            return;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(alert, Json);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } },
        };
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Sign(tenant.AlertWebhookSecret, time.GetUtcNow(), body));
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                DeliveryFailed(logger, alert.DocumentId, alert.TenantId, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            DeliveryFailed(logger, alert.DocumentId, alert.TenantId, e.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Alert webhook for document {DocumentId} of tenant {TenantId} was not delivered: {Reason}")]
    private static partial void DeliveryFailed(ILogger logger, string documentId, string tenantId, string reason);
}
