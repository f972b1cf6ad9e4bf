using CreditFunctions.Documents;

namespace CreditFunctions.Payments;

/// <summary>
/// The money around credits, as the order system states it (docs/payments.md): one closed hierarchy, one record per
/// document the order system gives an id. Every amount is positive and in <see cref="MoneyDocument.Currency"/>;
/// <see cref="MoneyDocument.Kind"/> says whose money it is (receivable: a customer's; payable: a supplier's).
/// </summary>
public abstract record MoneyDocument(string Id, CreditNoteKind Kind, CreditNoteContact Contact, DateOnly Date, string Currency, decimal Amount)
{
    /// <summary>The stable name of the document kind in URLs, instance ids and keys (<c>payments</c>, <c>refunds</c>, …).</summary>
    public abstract MoneyDocumentKind DocumentKind { get; }
}

public enum MoneyDocumentKind
{
    Payment,
    Refund,
    Overpayment,
    CustomerCredit,
    SupplierDeposit,
}

/// <summary>
/// <c>payment.created</c>: money received against one invoice (receivable) or paid against one bill (payable), into or
/// out of the bank account <paramref name="BankAccountCode"/> (the ledger's account code; null: the tenant's default).
/// </summary>
public sealed record PaymentDocument(
    string Id, CreditNoteKind Kind, CreditNoteContact Contact, DateOnly Date, string Currency, decimal Amount,
    string InvoiceNumber, string? BankAccountCode, string? Reference)
    : MoneyDocument(Id, Kind, Contact, Date, Currency, Amount)
{
    public override MoneyDocumentKind DocumentKind => MoneyDocumentKind.Payment;
}

/// <summary>
/// <c>refund.created</c>: money paid back. <see cref="Of"/> says what is refunded: the credit of a credit note (Cin7's
/// cash refund), a payment (Ordway's refund, with an optional write-off), or an overpayment's remaining credit.
/// </summary>
public sealed record RefundDocument(
    string Id, CreditNoteKind Kind, CreditNoteContact Contact, DateOnly Date, string Currency, decimal Amount,
    RefundOf Of, string? BankAccountCode, string? Reference, WriteOff? WriteOff)
    : MoneyDocument(Id, Kind, Contact, Date, Currency, Amount)
{
    public override MoneyDocumentKind DocumentKind => MoneyDocumentKind.Refund;
}

/// <summary>What a refund pays back: exactly one of a credit note, a payment, an overpayment or a customer credit (by the order system's ids).</summary>
public sealed record RefundOf(MoneyDocumentKind? Document, string? CreditNoteId, string? DocumentId)
{
    public static RefundOf CreditNote(string creditNoteId) => new(null, creditNoteId, null);

    public static RefundOf Money(MoneyDocumentKind kind, string id) => new(kind, null, id);
}

/// <summary>Ordway's write-off: a credit for <paramref name="Amount"/> to <paramref name="AccountCode"/> applied to the invoice the refund reopened (or left open).</summary>
public sealed record WriteOff(decimal Amount, string AccountCode, string? TaxType);

/// <summary>
/// <c>overpayment.created</c>: a customer paid <see cref="MoneyDocument.Amount"/>, of which <paramref name="AppliedToInvoice"/>
/// settles <paramref name="InvoiceNumber"/> (if any) and the rest is credit for later (Ostendo; Xero RECEIVE-OVERPAYMENT).
/// </summary>
public sealed record OverpaymentDocument(
    string Id, CreditNoteKind Kind, CreditNoteContact Contact, DateOnly Date, string Currency, decimal Amount,
    string? InvoiceNumber, decimal AppliedToInvoice, string? BankAccountCode, string? Reference)
    : MoneyDocument(Id, Kind, Contact, Date, Currency, Amount)
{
    public override MoneyDocumentKind DocumentKind => MoneyDocumentKind.Overpayment;

    public decimal Credit => Amount - AppliedToInvoice;
}

/// <summary>
/// <c>customer_credit.created</c> (receivable) or <c>supplier_deposit.created</c> (payable): money received ahead of an
/// invoice (or paid ahead of a bill), held on <paramref name="HoldingAccountCode"/> — a liability for a customer's
/// credit, an asset for a supplier deposit (Cin7: Money Received / Money Spent) — until applied.
/// </summary>
public sealed record PrepaidCreditDocument(
    string Id, CreditNoteKind Kind, CreditNoteContact Contact, DateOnly Date, string Currency, decimal Amount,
    string? BankAccountCode, string? HoldingAccountCode, string? Reference)
    : MoneyDocument(Id, Kind, Contact, Date, Currency, Amount)
{
    public override MoneyDocumentKind DocumentKind => Kind == CreditNoteKind.Receivable ? MoneyDocumentKind.CustomerCredit : MoneyDocumentKind.SupplierDeposit;
}

/// <summary>
/// <c>customer_credit.applied</c> / <c>supplier_deposit.applied</c>: part of a credit (a customer credit, supplier
/// deposit or overpayment, by its order-system id) applied to an invoice. <paramref name="ApplicationId"/> is the order
/// system's id of the application; one credit may be applied many times.
/// </summary>
public sealed record CreditApplication(string ApplicationId, string InvoiceNumber, decimal Amount, DateOnly Date);

/// <summary>
/// One money event from the order system (docs/payments.md "Contract"). <paramref name="Kind"/> and
/// <paramref name="DocumentId"/> name the document the event is about (the status URL's); <paramref name="Document"/> is
/// the document as stated, set for every <c>*.created</c> event and null for <c>payment.deleted</c> (which names the
/// payment only) and the <c>*.applied</c> events, whose <paramref name="Application"/> applies part of the credit
/// <paramref name="DocumentId"/> of kind <paramref name="Kind"/> (a customer credit, supplier deposit or overpayment).
/// </summary>
public sealed record MoneyEvent(
    string Id, MoneyEventType Type, DateTimeOffset OccurredAt, MoneyDocumentKind Kind, string DocumentId, MoneyDocument? Document, CreditApplication? Application);

public enum MoneyEventType
{
    /// <summary><c>payment.created</c></summary>
    PaymentCreated,

    /// <summary><c>payment.deleted</c>: the order system undid the payment; the ledger payment is deleted or voided.</summary>
    PaymentDeleted,

    /// <summary><c>refund.created</c></summary>
    RefundCreated,

    /// <summary><c>overpayment.created</c></summary>
    OverpaymentCreated,

    /// <summary><c>customer_credit.created</c></summary>
    CustomerCreditCreated,

    /// <summary><c>customer_credit.applied</c>: part of a customer credit (or a receivable overpayment) applied to an invoice.</summary>
    CustomerCreditApplied,

    /// <summary><c>supplier_deposit.created</c></summary>
    SupplierDepositCreated,

    /// <summary><c>supplier_deposit.applied</c>: part of a supplier deposit (or a payable overpayment) applied to a bill.</summary>
    SupplierDepositApplied,
}
