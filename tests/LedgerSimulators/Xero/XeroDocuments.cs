namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>A line as stored; amounts already computed (LineAmountTypes, L20661).</summary>
internal sealed record XeroLineRecord(
    Guid LineItemId,
    string? Description,
    decimal Quantity,
    decimal UnitAmount,
    string? AccountCode,
    string? TaxType,
    decimal TaxAmount,
    decimal LineAmount,
    string? ItemCode);

internal sealed class XeroInvoiceRecord
{
    public Guid InvoiceId { get; init; } = Guid.NewGuid();

    public required string InvoiceNumber { get; init; }

    /// <summary>ACCREC (sales) or ACCPAY (bill).</summary>
    public required string Type { get; init; }

    public required Guid ContactId { get; init; }

    public DateOnly Date { get; init; }

    public DateOnly? DueDate { get; init; }

    public string Status { get; set; } = "AUTHORISED";

    public string LineAmountTypes { get; init; } = "Exclusive";

    public List<XeroLineRecord> Lines { get; init; } = [];

    public required string CurrencyCode { get; init; }

    public decimal SubTotal { get; init; }

    public decimal TotalTax { get; init; }

    public decimal Total { get; init; }

    public decimal AmountDue { get; set; }

    public decimal AmountPaid { get; set; }

    public decimal AmountCredited { get; set; }

    public string? Reference { get; init; }

    public DateOnly? FullyPaidOnDate { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A credit note (Spec CreditNote L21589) or an overpayment: both carry credit that allocations spend.</summary>
internal abstract class XeroCreditRecord
{
    public required Guid ContactId { get; set; }

    public DateOnly Date { get; set; }

    public required string Status { get; set; }

    public string LineAmountTypes { get; set; } = "Exclusive";

    public List<XeroLineRecord> Lines { get; set; } = [];

    public decimal SubTotal { get; set; }

    public decimal TotalTax { get; set; }

    public decimal Total { get; set; }

    public decimal RemainingCredit { get; set; }

    public required string CurrencyCode { get; set; }

    public string? Reference { get; set; }

    public DateOnly? FullyPaidOnDate { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<XeroAllocationRecord> Allocations { get; } = [];

    public List<Guid> PaymentIds { get; } = [];

    public abstract Guid Id { get; }

    /// <summary>The invoice type this credit may be allocated to (X7: ACCRECCREDIT → ACCREC only).</summary>
    public abstract string AllocatableInvoiceType { get; }

    public IEnumerable<XeroAllocationRecord> LiveAllocations => Allocations.Where(a => !a.IsDeleted);

    /// <summary>Spends (or, negative, restores) credit; PAID when fully used, AUTHORISED again when credit returns.</summary>
    public void Apply(decimal amount, DateOnly date)
    {
        RemainingCredit -= amount;
        if (RemainingCredit == 0m && Status == "AUTHORISED")
        {
            Status = "PAID";
            FullyPaidOnDate = date;
        }
        else if (RemainingCredit > 0m && Status == "PAID")
        {
            Status = "AUTHORISED";
            FullyPaidOnDate = null;
        }
    }
}

internal sealed class XeroCreditNoteRecord : XeroCreditRecord
{
    public Guid CreditNoteId { get; init; } = Guid.NewGuid();

    public required string? CreditNoteNumber { get; set; }

    /// <summary>ACCRECCREDIT or ACCPAYCREDIT.</summary>
    public required string Type { get; init; }

    public DateOnly? DueDate { get; set; }

    public override Guid Id => CreditNoteId;

    public override string AllocatableInvoiceType => Type == "ACCRECCREDIT" ? "ACCREC" : "ACCPAY";
}

internal sealed class XeroOverpaymentRecord : XeroCreditRecord
{
    public Guid OverpaymentId { get; init; } = Guid.NewGuid();

    /// <summary>RECEIVE-OVERPAYMENT or SPEND-OVERPAYMENT (X11).</summary>
    public required string Type { get; init; }

    public Guid BankTransactionId { get; init; }

    public override Guid Id => OverpaymentId;

    public override string AllocatableInvoiceType => Type == "RECEIVE-OVERPAYMENT" ? "ACCREC" : "ACCPAY";
}

internal sealed class XeroAllocationRecord
{
    public Guid AllocationId { get; init; } = Guid.NewGuid();

    public required decimal Amount { get; init; }

    public required DateOnly Date { get; init; }

    public required Guid InvoiceId { get; init; }

    public bool IsDeleted { get; set; }
}

internal sealed class XeroPaymentRecord
{
    public Guid PaymentId { get; init; } = Guid.NewGuid();

    /// <summary>ACCRECPAYMENT, ARCREDITPAYMENT, APCREDITPAYMENT, AROVERPAYMENTPAYMENT, … (Spec Payment.PaymentType).</summary>
    public required string PaymentType { get; init; }

    public Guid? InvoiceId { get; init; }

    public Guid? CreditNoteId { get; init; }

    public Guid? OverpaymentId { get; init; }

    public required decimal Amount { get; init; }

    public required DateOnly Date { get; init; }

    public string? AccountCode { get; init; }

    public Guid? AccountId { get; init; }

    public string? Reference { get; init; }

    public string Status { get; set; } = "AUTHORISED";

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class XeroBankTransactionRecord
{
    public Guid BankTransactionId { get; init; } = Guid.NewGuid();

    public required string Type { get; init; }

    public required Guid ContactId { get; init; }

    public string? BankAccountCode { get; init; }

    public Guid? BankAccountId { get; init; }

    public DateOnly Date { get; init; }

    public string LineAmountTypes { get; init; } = "Exclusive";

    public List<XeroLineRecord> Lines { get; init; } = [];

    public decimal SubTotal { get; init; }

    public decimal TotalTax { get; init; }

    public decimal Total { get; init; }

    public required string CurrencyCode { get; init; }

    public string? Reference { get; init; }

    public string Status { get; set; } = "AUTHORISED";

    public Guid? OverpaymentId { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }
}
