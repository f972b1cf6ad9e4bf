using System.Globalization;
using CreditFunctions.Payments.Pull;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CreditFunctions.Functions.Http;

/// <summary>
/// Function <c>ListPulledPayments</c>: <c>GET /api/tenants/{tenantId}/pulled-payments?pageSize=50&amp;cursor=…</c>, the
/// payments pull mode took from the tenant's ledgers (the outbox, docs/pull-mode.md), each as the event sent to the
/// tenant plus its delivery state, paged. Bearer tenant API key, as the status API.
/// </summary>
public sealed class ListPulledPayments(TenantApiKeys keys, PulledPaymentStore store)
{
    public const string Route = "tenants/{tenantId}/pulled-payments";

    [Function(nameof(ListPulledPayments))]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request, string tenantId)
    {
        if (keys.Authorize(request, tenantId, "No such tenant.").Problem is { } denied)
        {
            return denied;
        }

        if (Paging.TryRead(request, out var size, out var continuation) is { } invalid)
        {
            return invalid;
        }

        var (items, next) = await store.ListAsync(tenantId, size, continuation, request.HttpContext.RequestAborted);
        return Results.Json(new
        {
            items = items.Select(Item).ToArray(),
            nextCursor = Paging.Cursor(next),
        });
    }

    private static object Item(PulledPaymentRecord record)
    {
        var e = record.Event;
        var d = record.Delivery;
        return new
        {
            id = e.Id,
            type = e.Type,
            occurredAt = e.OccurredAt,
            recordedAt = record.RecordedAt,
            payment = new
            {
                ledger = LedgerPaymentEvent.WireLedger(e.Ledger),
                connectionId = e.ConnectionId,
                ledgerPaymentId = e.LedgerPaymentId,
                kind = LedgerPaymentEvent.WireKind(e.Kind),
                invoiceNumber = e.InvoiceNumber,
                amount = e.Amount,
                currency = e.Currency,
                date = e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                reference = e.Reference,
            },
            delivery = new
            {
                state = d.State switch
                {
                    PaymentDeliveryState.Delivered => "delivered",
                    PaymentDeliveryState.NotSent => "not_sent",
                    _ => "pending",
                },
                attempts = d.Attempts,
                lastAttemptAt = d.LastAttemptAt,
                nextAttemptAt = d.NextAttemptAt,
                deliveredAt = d.DeliveredAt,
                lastError = d.LastError,
            },
        };
    }
}
