using System.Globalization;

namespace CreditFunctions.Payments.Workflow;

/// <summary>
/// Cin7 Core's payment rules (docs/payments.md), pure: look before you post. The order of the checks matters: our own
/// payment (made under this key) proves an earlier attempt landed; an identical payment (same invoice, amount and day) is a
/// duplicate, whoever entered it (bank reconciliation included), and is dropped; only then can a payment be too much.
/// </summary>
public static class PaymentRules
{
    public static PaymentDecision Decide(PaymentDocument payment, LedgerInvoice invoice, IReadOnlyList<LedgerPayment> onInvoice)
    {
        ArgumentNullException.ThrowIfNull(payment);
        ArgumentNullException.ThrowIfNull(invoice);
        ArgumentNullException.ThrowIfNull(onInvoice);
        if (onInvoice.FirstOrDefault(p => p.MadeUnderKey) is { } ours)
        {
            return new PaymentDecision.AlreadyPosted(ours);
        }

        if (onInvoice.FirstOrDefault(p => p.Amount == payment.Amount && p.Date == payment.Date) is { } identical)
        {
            return new PaymentDecision.Duplicate(identical, string.Create(
                CultureInfo.InvariantCulture,
                $"duplicate of ledger payment {identical.LedgerPaymentId} on {invoice.Number} (same amount {payment.Amount:0.00} and date {payment.Date:yyyy-MM-dd})"));
        }

        if (payment.Amount > invoice.AmountDue)
        {
            return new PaymentDecision.Refuse(string.Create(CultureInfo.InvariantCulture, $"exceeds amount due {payment.Amount:0.00} > {invoice.AmountDue:0.00} on {invoice.Number}"));
        }

        return new PaymentDecision.Post();
    }

    /// <summary>Ordway: a refund of a payment made on or before the ledger's lock date falls in a closed period.</summary>
    public static bool IsPeriodClosed(DateOnly paymentDate, DateOnly? lockDate) => lockDate is { } locked && paymentDate <= locked;
}

/// <summary>What to do with a payment once its invoice is in the ledger.</summary>
public abstract record PaymentDecision
{
    private PaymentDecision()
    {
    }

    /// <summary>An earlier attempt under this key landed: read back, nothing to post.</summary>
    public sealed record AlreadyPosted(LedgerPayment Payment) : PaymentDecision;

    /// <summary>The ledger already has an identical payment: dropped, not posted.</summary>
    public sealed record Duplicate(LedgerPayment Matched, string Reason) : PaymentDecision;

    /// <summary>More than the invoice owes: not exported.</summary>
    public sealed record Refuse(string Reason) : PaymentDecision;

    public sealed record Post : PaymentDecision;
}
