namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>One organisation's books. Guarded by <see cref="XeroStore.Gate"/>; never touched outside it.</summary>
internal sealed class XeroTenantBook(Guid tenantId, string name, DateTimeOffset createdAt)
{
    private readonly Dictionary<Guid, XeroCreditNoteRecord> _creditNotesById = [];
    private readonly Dictionary<string, List<XeroCreditNoteRecord>> _creditNotesByNumber = new(StringComparer.OrdinalIgnoreCase);

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

    /// <summary>In creation order. Add through <see cref="AddCreditNote"/> and renumber through <see cref="Renumber"/> to keep the indexes true.</summary>
    public List<XeroCreditNoteRecord> CreditNotes { get; } = [];

    public List<XeroPaymentRecord> Payments { get; } = [];

    public List<XeroBankTransactionRecord> BankTransactions { get; } = [];

    public List<XeroOverpaymentRecord> Overpayments { get; } = [];

    /// <summary>The chart of accounts documents are checked against (<see cref="XeroChart"/>); the default chart until changed through the control API.</summary>
    public List<XeroAccountRecord> Accounts { get; } = XeroChart.Default();

    public int NextInvoiceNumber { get; set; } = 1;

    public int NextCreditNoteNumber { get; set; } = 1;

    public XeroContactRecord? Contact(Guid id) => Contacts.Find(c => c.ContactId == id);

    public XeroInvoiceRecord? Invoice(Guid id) => Invoices.Find(i => i.InvoiceId == id);

    public XeroCreditNoteRecord? CreditNote(Guid id) => _creditNotesById.GetValueOrDefault(id);

    /// <summary>Every credit note with this number (any type or status); the read-back by number is the hot path (D2).</summary>
    public IReadOnlyList<XeroCreditNoteRecord> CreditNotesNumbered(string number) =>
        _creditNotesByNumber.TryGetValue(number, out var notes) ? notes : [];

    public void AddCreditNote(XeroCreditNoteRecord note)
    {
        CreditNotes.Add(note);
        _creditNotesById[note.CreditNoteId] = note;
        Index(note);
    }

    public void Renumber(XeroCreditNoteRecord note, string? number)
    {
        if (string.Equals(note.CreditNoteNumber, number, StringComparison.Ordinal))
        {
            return;
        }

        if (note.CreditNoteNumber is { } old && _creditNotesByNumber.TryGetValue(old, out var list))
        {
            list.Remove(note);
        }

        note.CreditNoteNumber = number;
        Index(note);
    }

    public void ClearDocuments()
    {
        Contacts.Clear();
        Invoices.Clear();
        CreditNotes.Clear();
        _creditNotesById.Clear();
        _creditNotesByNumber.Clear();
        Payments.Clear();
        BankTransactions.Clear();
        Overpayments.Clear();
        Accounts.Clear();
        Accounts.AddRange(XeroChart.Default());
        NextInvoiceNumber = 1;
        PeriodLockDate = null;
        EndOfYearLockDate = null;
        NextCreditNoteNumber = 1;
    }

    private void Index(XeroCreditNoteRecord note)
    {
        if (note.CreditNoteNumber is not { } number)
        {
            return;
        }

        if (!_creditNotesByNumber.TryGetValue(number, out var list))
        {
            list = [];
            _creditNotesByNumber[number] = list;
        }

        list.Add(note);
    }

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
