using CreditFunctions.Ledgers;
using CreditFunctions.Tenants;
using CreditFunctions.Workflow;

namespace CreditFunctions.Payments.Pull;

/// <summary>The decisions of pull mode, pure (docs/pull-mode.md): whom to pull, what to record, when to try a delivery again.</summary>
public static class PaymentPullRules
{
    /// <summary>Pull mode runs for tenants whose payments flow back from the ledgers: <see cref="PaymentMode.Pull"/> and <see cref="PaymentMode.Both"/>.</summary>
    public static bool Pulls(PaymentMode mode) => mode is PaymentMode.Pull or PaymentMode.Both;

    /// <summary>Whether a connection last pulled at <paramref name="lastPulledAt"/> is due at <paramref name="now"/>.</summary>
    public static bool IsDue(DateTimeOffset? lastPulledAt, DateTimeOffset now, TimeSpan interval) =>
        lastPulledAt is not { } last || now >= last + interval - PaymentPullOptions.Slack;

    /// <summary>
    /// The changes the order system hears about, oldest first: payments this service made itself are skipped (the order
    /// system stated them; pulling them back would echo them).
    /// </summary>
    public static IReadOnlyList<PulledPayment> ToRecord(IEnumerable<PulledPayment> changes) =>
        [.. changes.Where(p => !p.MadeByService).OrderBy(p => p.UpdatedAt)];

    /// <summary>
    /// A failed pull stops that connection for this run and keeps its cursor, whatever the failure; an authorisation
    /// lost is alerted, once until a pull succeeds again (as the credit-note flow parks a branch and alerts once).
    /// </summary>
    public static bool AlertsOnFailure(LedgerFailureKind kind, bool alreadyAlerted) => kind == LedgerFailureKind.AuthorisationLost && !alreadyAlerted;

    /// <summary>When a delivery that failed for the <paramref name="attempts"/>-th time in a row is tried again (<see cref="RetryBackoff"/>: 2 s doubling to 5 minutes, full jitter).</summary>
    public static DateTimeOffset NextAttempt(int attempts, DateTimeOffset now, double jitter) => now + RetryBackoff.Delay(attempts, jitter);

    /// <summary>A delivery counts when the tenant's endpoint answers 2xx.</summary>
    public static bool Delivered(int httpStatus) => httpStatus is >= 200 and <= 299;

    /// <summary>
    /// Whether a failed delivery says the receiver is not taking events at all (no answer, or a 5xx), so the run stops
    /// sending to that tenant; a 3xx or 4xx refuses one event and the others are still tried.
    /// </summary>
    public static bool ReceiverUnreachable(int? httpStatus) => httpStatus is null or >= 500;
}
