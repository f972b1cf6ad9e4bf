namespace CreditFunctions.Payments.Pull;

/// <summary>
/// What the timer function <c>PullLedgerPayments</c> does each minute: pull every due connection into the outbox, then
/// deliver what is due from it (docs/pull-mode.md). A failed run is harmless: the cursor and outbox are durable, so the
/// next run carries on.
/// </summary>
public sealed class PaymentPullRun(LedgerPaymentPuller puller, PaymentWebhookDelivery delivery)
{
    public async Task<PaymentPullSummary> RunAsync(CancellationToken cancellationToken)
    {
        var pulled = await puller.PullAsync(cancellationToken);
        var delivered = await delivery.DeliverAsync(cancellationToken);
        return new PaymentPullSummary(pulled, delivered);
    }
}

public sealed record PaymentPullSummary(PullSummary Pull, DeliverySummary Delivery);
