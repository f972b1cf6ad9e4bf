using System.Globalization;
using CreditFunctions.Documents;
using CreditFunctions.Tenants;
using CreditFunctions.Workflow.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Payments.Pull;

/// <summary>
/// Pull mode's second half (docs/pull-mode.md "Delivery"): POSTs each due outbox row to the tenant's
/// <see cref="TenantOptions.PaymentWebhookUrl"/>, signed as inbound webhooks are (<see cref="WebhookSignature"/>), and
/// marks it delivered on 2xx; anything else is tried again at a later run, with backoff. At least once: a crash
/// between the receiver's 2xx and the mark sends the event again, with the same id, for the receiver to drop.
/// </summary>
public sealed partial class PaymentWebhookDelivery(
    HttpClient http,
    ITenantDirectory tenants,
    PulledPaymentStore store,
    TimeProvider time,
    WorkflowRandom random,
    IOptions<PaymentPullOptions> options,
    ILogger<PaymentWebhookDelivery> logger)
{
    public async Task<DeliverySummary> DeliverAsync(CancellationToken cancellationToken)
    {
        var delivered = 0;
        var failed = 0;
        foreach (var tenant in tenants.All)
        {
            if (tenant.PaymentWebhookUrl is not { } url || string.IsNullOrEmpty(tenant.PaymentWebhookSecret))
            {
                continue;
            }

            try
            {
                var (ok, notOk) = await DeliverTenantAsync(tenant, url, tenant.PaymentWebhookSecret, cancellationToken);
                delivered += ok;
                failed += notOk;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // One tenant's storage fault must not hold back the others' deliveries; its rows stay due for the next run.
                failed++;
                TenantFailed(logger, tenant.Id, e);
            }
        }

        return new DeliverySummary(delivered, failed);
    }

    private async Task<(int Delivered, int Failed)> DeliverTenantAsync(TenantOptions tenant, Uri url, string secret, CancellationToken cancellationToken)
    {
        var delivered = 0;
        var failed = 0;
        var due = await store.DueAsync(tenant.Id, time.GetUtcNow(), Math.Max(1, options.Value.MaxDeliveriesPerRun), cancellationToken);
        foreach (var item in due)
        {
            var outcome = await DeliverOneAsync(tenant, url, secret, item, cancellationToken);
            if (outcome == Attempt.Delivered)
            {
                delivered++;
                continue;
            }

            failed++;
            if (outcome == Attempt.Unreachable)
            {
                // The receiver is down or failing: the tenant's other rows wait for the next run (they are not
                // attempts), instead of each waiting out its own timeout in this one.
                break;
            }
        }

        return (delivered, failed);
    }

    private async Task<Attempt> DeliverOneAsync(TenantOptions tenant, Uri url, string secret, DueDelivery due, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(tenant.Id, due.OutboxRow, cancellationToken) is not { } record)
        {
            return Attempt.Refused;
        }

        var change = record.Event;
        var body = change.ToUtf8Json();
        var (status, reason) = await SendAsync(url, secret, body, cancellationToken);
        var now = time.GetUtcNow();
        if (reason is null)
        {
            await store.MarkDeliveredAsync(tenant.Id, due, now, cancellationToken);
            Delivered(logger, change.Id, tenant.Id, due.Attempts + 1);
            return Attempt.Delivered;
        }

        var next = PaymentPullRules.NextAttempt(due.Attempts + 1, now, random.NextDouble());
        await store.MarkFailedAsync(tenant.Id, due, now, next, reason, cancellationToken);
        NotDelivered(logger, change.Id, tenant.Id, due.Attempts + 1, reason, next);
        return PaymentPullRules.ReceiverUnreachable(status) ? Attempt.Unreachable : Attempt.Refused;
    }

    private enum Attempt
    {
        Delivered,

        /// <summary>The receiver answered, refusing this event (a 3xx or 4xx).</summary>
        Refused,

        /// <summary>No answer, a timeout or a 5xx: the receiver itself is not taking events now.</summary>
        Unreachable,
    }

    /// <summary>
    /// The receiver's status (null without an answer) and, unless it answered 2xx, why not: a status code or an exception
    /// type, never a body or the URL's query.
    /// </summary>
    private async Task<(int? Status, string? Reason)> SendAsync(Uri url, string secret, byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } },
        };
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Sign(secret, time.GetUtcNow(), body));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.DeliveryTimeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return (status, PaymentPullRules.Delivered(status) ? null : "HTTP " + status.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return (null, e is OperationCanceledException ? "Timeout" : e.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 6011, Level = LogLevel.Information, Message = "Payment event {EventId} of tenant {TenantId} delivered (attempt {Attempt})")]
    private static partial void Delivered(ILogger logger, string eventId, string tenantId, int attempt);

    [LoggerMessage(EventId = 6013, Level = LogLevel.Error, Message = "Payment webhook deliveries of tenant {TenantId} failed this run; they stay due for the next")]
    private static partial void TenantFailed(ILogger logger, string tenantId, Exception exception);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Warning, Message = "Payment event {EventId} of tenant {TenantId} not delivered (attempt {Attempt}): {Reason}; next attempt at {NextAttemptAt}")]
    private static partial void NotDelivered(ILogger logger, string eventId, string tenantId, int attempt, string reason, DateTimeOffset nextAttemptAt);
}

/// <summary>One delivery run: events delivered, attempts that failed (each tried again later).</summary>
public sealed record DeliverySummary(int Delivered, int Failed);
