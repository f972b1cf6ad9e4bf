namespace CreditFunctions.Documents;

/// <summary>One event from the order system: the envelope of contracts/order-events.md.</summary>
public sealed record OrderEvent(string Id, OrderEventType Type, DateTimeOffset OccurredAt, CreditNote CreditNote);

public enum OrderEventType
{
    CreditNoteCreated,
    CreditNoteUpdated,
    CreditNoteVoided,
}
