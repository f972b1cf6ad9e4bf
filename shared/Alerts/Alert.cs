namespace CreditFunctions.Alerts;

/// <summary>Something an operator must hear about. <see cref="Message"/> is safe to show: no secrets, no payloads.</summary>
public sealed record Alert(
    AlertKind Kind,
    string TenantId,
    string DocumentId,
    string? ConnectionId,
    string Message,
    DateTimeOffset At);

public enum AlertKind
{
    /// <summary>Not synced by the tenant's deadline (30 minutes by default).</summary>
    SlaBreached,

    /// <summary>A document that breached its deadline has now synced.</summary>
    SlaRecovered,

    /// <summary>The ledger refused the document for good (validation error).</summary>
    LedgerRejected,

    /// <summary>The document date is in a locked period and the tenant's policy is to hold.</summary>
    PeriodLocked,

    /// <summary>The ledger connection lost its authorisation and is parked until reconnected.</summary>
    ConnectionLost,

    /// <summary>The tenant's daily ledger budget is spent; work resumes when it resets.</summary>
    DailyLimitReached,

    /// <summary>A message failed every delivery attempt and went to the poison queue.</summary>
    Poisoned,

    /// <summary>A bulk-feed event was refused (invalid) and recorded as rejected.</summary>
    EventRejected,

    /// <summary>A payment was not exported: it exceeds what the invoice still owes (docs/payments.md).</summary>
    PaymentRefused,
}
