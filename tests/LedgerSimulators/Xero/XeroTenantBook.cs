namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>One organisation's books. Guarded by <see cref="XeroStore.Gate"/>; never touched outside it.</summary>
internal sealed class XeroTenantBook(Guid tenantId, string name, DateTimeOffset createdAt)
{
    public Guid TenantId { get; } = tenantId;

    public Guid OrganisationId { get; } = Guid.NewGuid();

    public string Name { get; set; } = name;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public string BaseCurrency { get; set; } = "AUD";

    /// <summary>Documents dated on or before it are refused (X18).</summary>
    public DateOnly? PeriodLockDate { get; set; }

    public DateOnly? EndOfYearLockDate { get; set; }

    public List<XeroContactRecord> Contacts { get; } = [];

    public List<XeroInvoiceRecord> Invoices { get; } = [];

    public List<XeroCreditNoteRecord> CreditNotes { get; } = [];

    public List<XeroPaymentRecord> Payments { get; } = [];

    public List<XeroBankTransactionRecord> BankTransactions { get; } = [];

    public List<XeroOverpaymentRecord> Overpayments { get; } = [];

    public int NextCreditNoteNumber { get; set; } = 1;

    public XeroContactRecord? Contact(Guid id) => Contacts.Find(c => c.ContactId == id);

    public XeroInvoiceRecord? Invoice(Guid id) => Invoices.Find(i => i.InvoiceId == id);

    public XeroCreditNoteRecord? CreditNote(Guid id) => CreditNotes.Find(c => c.CreditNoteId == id);

    public XeroOverpaymentRecord? Overpayment(Guid id) => Overpayments.Find(o => o.OverpaymentId == id);

    public XeroPaymentRecord? Payment(Guid id) => Payments.Find(p => p.PaymentId == id);

    /// <summary>The lock date message for a document dated <paramref name="date"/>, or null when the period is open (X18).</summary>
    public string? LockDateViolation(DateOnly date)
    {
        // X18: the end-of-year lock wins when both apply; its wording is Xero's ("currently set at 31-Jul-2013").
        if (EndOfYearLockDate is { } endOfYear && date <= endOfYear)
        {
            return $"The document date cannot be before the end of year lock date, currently set at {endOfYear:dd-MMM-yyyy}.";
        }

        // X18: "The document date cannot be before the period lock date of …" — the date is written as 31 Oct 2026.
        if (PeriodLockDate is { } period && date <= period)
        {
            return $"The document date cannot be before the period lock date of {period:dd MMM yyyy}.";
        }

        return null;
    }
}

internal sealed class XeroContactRecord
{
    public Guid ContactId { get; init; } = Guid.NewGuid();

    public required string Name { get; set; }

    public string? ContactNumber { get; set; }

    public string? EmailAddress { get; set; }

    public string ContactStatus { get; set; } = "ACTIVE";

    public bool IsCustomer { get; set; }

    public bool IsSupplier { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
