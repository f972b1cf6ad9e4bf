using CreditFunctions.Documents;
using CreditFunctions.Payments;

namespace CreditFunctions.TestSupport;

/// <summary>
/// Valid money events built in code (docs/payments.md "Contract"), for tests and end-to-end runs to write with
/// <see cref="MoneyEventWriter.ToUtf8Bytes(MoneyEvent)"/> and sign. Every parameter has a sensible default; the event id
/// defaults to one derived from the document id and type, so the same call twice is the same delivery.
/// </summary>
public static class MoneyEventSamples
{
    public static readonly DateOnly Date = new(2026, 11, 21);

    public static readonly DateTimeOffset OccurredAt = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    public static readonly CreditNoteContact Customer = new("cust_42", "Cafe Luna", "accounts@cafeluna.example");

    public static readonly CreditNoteContact Supplier = new("supp_7", "Bean Traders", null);

    public static MoneyEvent PaymentCreated(
        string paymentId = "pay_1", string invoiceNumber = "INV-1", decimal amount = 100.00m, DateOnly? date = null,
        CreditNoteKind kind = CreditNoteKind.Receivable, string currency = "AUD", string? bankAccountCode = null, string? reference = null, string? eventId = null) =>
        Created(MoneyEventType.PaymentCreated, eventId, new PaymentDocument(
            paymentId, kind, ContactOf(kind), date ?? Date, currency, amount, invoiceNumber, bankAccountCode, reference));

    public static MoneyEvent PaymentDeleted(string paymentId = "pay_1", string? eventId = null) =>
        new(eventId ?? $"evt_{paymentId}_deleted", MoneyEventType.PaymentDeleted, OccurredAt, MoneyDocumentKind.Payment, paymentId, null, null);

    /// <summary>A refund of <paramref name="of"/> (<see cref="RefundOf.CreditNote"/> or <see cref="RefundOf.Money"/>).</summary>
    public static MoneyEvent RefundCreated(
        RefundOf of, string refundId = "ref_1", decimal amount = 100.00m, DateOnly? date = null, WriteOff? writeOff = null,
        CreditNoteKind kind = CreditNoteKind.Receivable, string currency = "AUD", string? bankAccountCode = null, string? reference = null, string? eventId = null) =>
        Created(MoneyEventType.RefundCreated, eventId, new RefundDocument(
            refundId, kind, ContactOf(kind), date ?? Date, currency, amount, of, bankAccountCode, reference, writeOff));

    /// <summary>An overpayment of <paramref name="amount"/> of which <paramref name="appliedToInvoice"/> settles <paramref name="invoiceNumber"/>.</summary>
    public static MoneyEvent OverpaymentCreated(
        string overpaymentId = "ovp_1", decimal amount = 150.00m, string? invoiceNumber = "INV-1", decimal appliedToInvoice = 100.00m, DateOnly? date = null,
        CreditNoteKind kind = CreditNoteKind.Receivable, string currency = "AUD", string? bankAccountCode = null, string? reference = null, string? eventId = null) =>
        Created(MoneyEventType.OverpaymentCreated, eventId, new OverpaymentDocument(
            overpaymentId, kind, ContactOf(kind), date ?? Date, currency, amount, invoiceNumber, appliedToInvoice, bankAccountCode, reference));

    public static MoneyEvent CustomerCreditCreated(
        string creditId = "cc_1", decimal amount = 100.00m, DateOnly? date = null, string currency = "AUD",
        string? bankAccountCode = null, string? holdingAccountCode = null, string? reference = null, string? eventId = null) =>
        Created(MoneyEventType.CustomerCreditCreated, eventId, new PrepaidCreditDocument(
            creditId, CreditNoteKind.Receivable, Customer, date ?? Date, currency, amount, bankAccountCode, holdingAccountCode, reference));

    public static MoneyEvent SupplierDepositCreated(
        string depositId = "sd_1", decimal amount = 100.00m, DateOnly? date = null, string currency = "AUD",
        string? bankAccountCode = null, string? holdingAccountCode = null, string? reference = null, string? eventId = null) =>
        Created(MoneyEventType.SupplierDepositCreated, eventId, new PrepaidCreditDocument(
            depositId, CreditNoteKind.Payable, Supplier, date ?? Date, currency, amount, bankAccountCode, holdingAccountCode, reference));

    /// <summary>Part of customer credit <paramref name="creditId"/> (or of a receivable overpayment: <paramref name="creditKind"/>) applied to an invoice.</summary>
    public static MoneyEvent CustomerCreditApplied(
        string creditId = "cc_1", string applicationId = "app_1", string invoiceNumber = "INV-1", decimal amount = 50.00m, DateOnly? date = null,
        MoneyDocumentKind creditKind = MoneyDocumentKind.CustomerCredit, string? eventId = null) =>
        Applied(MoneyEventType.CustomerCreditApplied, creditKind, creditId, new CreditApplication(applicationId, invoiceNumber, amount, date ?? Date), eventId);

    /// <summary>Part of supplier deposit <paramref name="depositId"/> (or of a payable overpayment: <paramref name="creditKind"/>) applied to a bill.</summary>
    public static MoneyEvent SupplierDepositApplied(
        string depositId = "sd_1", string applicationId = "app_1", string billNumber = "BILL-1", decimal amount = 50.00m, DateOnly? date = null,
        MoneyDocumentKind creditKind = MoneyDocumentKind.SupplierDeposit, string? eventId = null) =>
        Applied(MoneyEventType.SupplierDepositApplied, creditKind, depositId, new CreditApplication(applicationId, billNumber, amount, date ?? Date), eventId);

    private static CreditNoteContact ContactOf(CreditNoteKind kind) => kind == CreditNoteKind.Receivable ? Customer : Supplier;

    private static MoneyEvent Created(MoneyEventType type, string? eventId, MoneyDocument document) =>
        new(eventId ?? $"evt_{document.Id}", type, OccurredAt, document.DocumentKind, document.Id, document, null);

    private static MoneyEvent Applied(MoneyEventType type, MoneyDocumentKind creditKind, string creditId, CreditApplication application, string? eventId) =>
        new(eventId ?? $"evt_{application.ApplicationId}", type, OccurredAt, creditKind, creditId, null, application);
}
