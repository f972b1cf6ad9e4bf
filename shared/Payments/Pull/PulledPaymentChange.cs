namespace CreditFunctions.Payments.Pull;

/// <summary>What happened to a payment in the ledger, as the outbound webhook says it (<c>ledger_payment.created|deleted</c>).</summary>
public enum PulledPaymentChange
{
    Created,
    Deleted,
}

/// <summary>Where one outbox row is on its way to the tenant's payment webhook.</summary>
public enum PaymentDeliveryState
{
    /// <summary>Waiting for its first or next attempt.</summary>
    Pending,

    /// <summary>The tenant's webhook answered 2xx.</summary>
    Delivered,

    /// <summary>Recorded while the tenant had no payment webhook URL: listed by the operator view, never sent.</summary>
    NotSent,
}
