namespace CreditFunctions.Payments.Pull;

/// <summary>
/// Configuration section <c>PaymentPull</c>: how pull mode (docs/pull-mode.md) asks the ledgers for payments made there
/// and sends them to the tenants' payment webhooks. The timer function <c>PullLedgerPayments</c> runs every minute;
/// these settings pace what each run does.
/// </summary>
public sealed class PaymentPullOptions
{
    public const string SectionName = "PaymentPull";

    /// <summary>
    /// How often each connection's ledger is asked for changed payments: a run skips a connection pulled less than this
    /// long ago (less <see cref="Slack"/>, so a run a moment early still pulls). Default 00:01:00 (every run).
    /// </summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Connections pulled at once. Default 4.</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>The most webhook deliveries one run attempts per tenant; the rest wait for the next run. Default 200.</summary>
    public int MaxDeliveriesPerRun { get; set; } = 200;

    /// <summary>How long one webhook POST may take before it counts as failed (and is retried). Default 00:00:10.</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How early a run may come and still pull a connection due at <see cref="Interval"/>.</summary>
    public static readonly TimeSpan Slack = TimeSpan.FromSeconds(10);
}
