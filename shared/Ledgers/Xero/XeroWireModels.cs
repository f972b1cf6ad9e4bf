using System.Text.Json.Serialization;

namespace CreditFunctions.Ledgers.Xero;

// Xero wire types (contracts/xero/xero_accounting.yaml v16.1.0). PascalCase on the wire, nulls omitted, so a
// payload carries only what we mean to set. They never leave the Xero folder (STYLE.md).

internal sealed record XeroCreditNotes
{
    public List<XeroCreditNote> CreditNotes { get; init; } = [];
}

internal sealed record XeroCreditNote
{
    public string? CreditNoteID { get; init; }

    public string? CreditNoteNumber { get; init; }

    /// <summary>ACCRECCREDIT or ACCPAYCREDIT (spec CreditNote.Type).</summary>
    public string? Type { get; init; }

    public string? Status { get; init; }

    public XeroContact? Contact { get; init; }

    /// <summary>Sent as YYYY-MM-DD; read back either so or as /Date(ms+zzzz)/ (x-is-msdate).</summary>
    public string? Date { get; init; }

    public string? LineAmountTypes { get; init; }

    public string? CurrencyCode { get; init; }

    public string? Reference { get; init; }

    public List<XeroLineItem>? LineItems { get; init; }

    public decimal? SubTotal { get; init; }

    public decimal? TotalTax { get; init; }

    public decimal? Total { get; init; }

    public decimal? RemainingCredit { get; init; }

    public List<XeroAllocation>? Allocations { get; init; }

    public bool? HasErrors { get; init; }

    public List<XeroValidationError>? ValidationErrors { get; init; }
}

internal sealed record XeroLineItem
{
    public string? Description { get; init; }

    public decimal? Quantity { get; init; }

    public decimal? UnitAmount { get; init; }

    public string? AccountCode { get; init; }

    public string? TaxType { get; init; }

    public decimal? TaxAmount { get; init; }

    public decimal? LineAmount { get; init; }
}

internal sealed record XeroContacts
{
    public List<XeroContact> Contacts { get; init; } = [];
}

internal sealed record XeroContact
{
    public string? ContactID { get; init; }

    public string? ContactNumber { get; init; }

    public string? Name { get; init; }

    public string? EmailAddress { get; init; }

    public string? ContactStatus { get; init; }

    public bool? HasValidationErrors { get; init; }

    public List<XeroValidationError>? ValidationErrors { get; init; }
}

internal sealed record XeroAllocations
{
    public List<XeroAllocation> Allocations { get; init; } = [];
}

internal sealed record XeroAllocation
{
    public string? AllocationID { get; init; }

    public XeroInvoice? Invoice { get; init; }

    public decimal? Amount { get; init; }

    public string? Date { get; init; }

    public bool? IsDeleted { get; init; }

    public List<XeroValidationError>? ValidationErrors { get; init; }
}

internal sealed record XeroInvoices
{
    public List<XeroInvoice> Invoices { get; init; } = [];
}

internal sealed record XeroInvoice
{
    public string? InvoiceID { get; init; }

    public string? InvoiceNumber { get; init; }

    /// <summary>ACCREC (sales invoice) or ACCPAY (bill).</summary>
    public string? Type { get; init; }

    public string? Status { get; init; }

    public XeroContact? Contact { get; init; }

    public string? Date { get; init; }

    public string? DueDate { get; init; }

    public string? LineAmountTypes { get; init; }

    public string? CurrencyCode { get; init; }

    public string? Reference { get; init; }

    public List<XeroLineItem>? LineItems { get; init; }

    public decimal? Total { get; init; }

    public decimal? AmountDue { get; init; }

    public List<XeroValidationError>? ValidationErrors { get; init; }
}

internal sealed record XeroPayments
{
    public List<XeroPayment> Payments { get; init; } = [];
}

/// <summary>Spec Payment: exactly one of Invoice, CreditNote (X9), Overpayment as the target; Account pays or receives it.</summary>
internal sealed record XeroPayment
{
    public string? PaymentID { get; init; }

    public XeroInvoice? Invoice { get; init; }

    public XeroCreditNote? CreditNote { get; init; }

    public XeroOverpayment? Overpayment { get; init; }

    public XeroAccount? Account { get; init; }

    public string? Date { get; init; }

    public decimal? Amount { get; init; }

    public string? Reference { get; init; }

    /// <summary>AUTHORISED or DELETED.</summary>
    public string? Status { get; init; }

    /// <summary>ACCRECPAYMENT, ACCPAYPAYMENT, ARCREDITPAYMENT, AROVERPAYMENTPAYMENT, … (read only).</summary>
    public string? PaymentType { get; init; }

    public string? UpdatedDateUTC { get; init; }

    public List<XeroValidationError>? ValidationErrors { get; init; }
}

/// <summary>Spec PaymentDelete: the only change Xero takes on an existing payment.</summary>
internal sealed record XeroPaymentDelete
{
    public string Status { get; init; } = "DELETED";
}

internal sealed record XeroAccount
{
    public string? AccountID { get; init; }

    public string? Code { get; init; }
}

internal sealed record XeroBankTransactions
{
    public List<XeroBankTransaction> BankTransactions { get; init; } = [];
}

internal sealed record XeroBankTransaction
{
    public string? BankTransactionID { get; init; }

    /// <summary>RECEIVE, SPEND, RECEIVE-OVERPAYMENT, SPEND-OVERPAYMENT, … (Spec BankTransaction.Type).</summary>
    public string? Type { get; init; }

    public XeroContact? Contact { get; init; }

    public XeroAccount? BankAccount { get; init; }

    public string? Date { get; init; }

    public string? LineAmountTypes { get; init; }

    public List<XeroLineItem>? LineItems { get; init; }

    public string? Reference { get; init; }

    public string? CurrencyCode { get; init; }

    public decimal? Total { get; init; }

    public string? Status { get; init; }

    /// <summary>Returned on RECEIVE-OVERPAYMENT/SPEND-OVERPAYMENT (Spec; X11).</summary>
    public string? OverpaymentID { get; init; }

    public List<XeroValidationError>? ValidationErrors { get; init; }
}

internal sealed record XeroOverpayments
{
    public List<XeroOverpayment> Overpayments { get; init; } = [];
}

internal sealed record XeroOverpayment
{
    public string? OverpaymentID { get; init; }

    public string? Status { get; init; }

    public decimal? RemainingCredit { get; init; }

    public List<XeroAllocation>? Allocations { get; init; }

    public List<XeroPayment>? Payments { get; init; }
}

internal sealed record XeroOrganisations
{
    public List<XeroOrganisation> Organisations { get; init; } = [];
}

internal sealed record XeroOrganisation
{
    public string? Name { get; init; }

    public string? PeriodLockDate { get; init; }

    public string? EndOfYearLockDate { get; init; }
}

/// <summary>The 400 body: Error{ErrorNumber, Type, Message, Elements[]} (spec L25420; ledger-apis.md X17).</summary>
internal sealed record XeroError
{
    public int? ErrorNumber { get; init; }

    public string? Type { get; init; }

    public string? Message { get; init; }

    public List<XeroErrorElement>? Elements { get; init; }
}

internal sealed record XeroErrorElement
{
    public List<XeroValidationError>? ValidationErrors { get; init; }
}

internal sealed record XeroValidationError
{
    public string? Message { get; init; }
}

/// <summary>The identity server's token response (RFC 6749 §5.1, snake_case) and its error body (§5.2).</summary>
internal sealed record XeroTokenResponse
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    [JsonPropertyName("refresh_token")]
    public string? RefreshToken { get; init; }

    [JsonPropertyName("expires_in")]
    public int? ExpiresIn { get; init; }

    [JsonPropertyName("token_type")]
    public string? TokenType { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }
}
