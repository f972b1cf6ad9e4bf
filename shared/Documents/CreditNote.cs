namespace CreditFunctions.Documents;

/// <summary>A credit note as the order system states it (contracts/order-events.md), already validated.</summary>
public sealed record CreditNote(
    string Id,
    long Version,
    string Number,
    CreditNoteKind Kind,
    DateOnly Date,
    string Currency,
    CreditNoteContact Contact,
    AmountsAre AmountsAre,
    IReadOnlyList<CreditNoteLine> Lines,
    decimal Subtotal,
    decimal TotalTax,
    decimal Total,
    string? Reference,
    IReadOnlyList<AllocationRequest> Allocations);

/// <summary>Receivable: a credit to a customer (Xero ACCRECCREDIT). Payable: a credit from a supplier (ACCPAYCREDIT).</summary>
public enum CreditNoteKind
{
    Receivable,
    Payable,
}

/// <summary>How line amounts are stated (Xero LineAmountTypes).</summary>
public enum AmountsAre
{
    Exclusive,
    Inclusive,
    NoTax,
}

public sealed record CreditNoteContact(string Id, string Name, string? Email);

public sealed record CreditNoteLine(
    string Description,
    decimal Quantity,
    decimal UnitAmount,
    string AccountCode,
    string? TaxType,
    decimal TaxAmount,
    decimal LineAmount);

/// <summary>Apply (part of) the credit to an invoice that is already in the ledger.</summary>
public sealed record AllocationRequest(string InvoiceNumber, decimal Amount, DateOnly Date);
