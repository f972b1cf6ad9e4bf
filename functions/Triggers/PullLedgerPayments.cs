using CreditFunctions.Payments.Pull;
using Microsoft.Azure.Functions.Worker;

namespace CreditFunctions.Functions.Triggers;

/// <summary>
/// Function <c>PullLedgerPayments</c> (timer, every minute): pull mode — payments made in the ledgers go to the outbox,
/// and from it to each tenant's signed payment webhook (docs/pull-mode.md). How often each ledger is asked is
/// <c>PaymentPull:Interval</c>.
/// </summary>
public sealed class PullLedgerPayments(PaymentPullRun run)
{
    /// <summary>NCRONTAB with seconds: at second 30 of every minute, away from the sweep's second 0.</summary>
    public const string Schedule = "30 */1 * * * *";

    [Function(nameof(PullLedgerPayments))]
    public Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        run.RunAsync(cancellationToken);
}
