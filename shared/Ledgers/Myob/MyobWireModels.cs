namespace CreditFunctions.Ledgers.Myob;

// MYOB's v2 wire types (contract §1–§7; the SDK's Contracts/Version2). Only what the adapter reads or writes. Internal:
// wire types never leave this folder.

/// <summary>A link to another record; on write only the UID is needed (contract "Conventions").</summary>
internal sealed record MyobLink
{
    public string? UID { get; init; }

    public string? Number { get; init; }

    public string? DisplayID { get; init; }

    public string? Code { get; init; }

    public static MyobLink To(string uid) => new() { UID = uid };
}

/// <summary>A sale invoice (Sale/Invoice/Service) or purchase bill (Purchase/Bill/Service); a credit is a negative one (M2).</summary>
internal sealed record MyobSale
{
    public string? UID { get; init; }

    public string? RowVersion { get; init; }

    public string? Number { get; init; }

    public string? Date { get; init; }

    public MyobLink? Customer { get; init; }

    public MyobLink? Supplier { get; init; }

    public bool IsTaxInclusive { get; init; }

    public string? JournalMemo { get; init; }

    public List<MyobSaleLine>? Lines { get; init; }

    public decimal? TotalAmount { get; init; }

    public decimal? BalanceDueAmount { get; init; }

    public string? Status { get; init; }

    public string? LastModified { get; init; }
}

internal sealed record MyobSaleLine
{
    public string? Type { get; init; }

    public string? Description { get; init; }

    public decimal Total { get; init; }

    public MyobLink? Account { get; init; }

    public MyobLink? TaxCode { get; init; }
}

/// <summary>Sale/CreditSettlement or Purchase/DebitSettlement (contract §3; SDK DebitSettlement.cs).</summary>
internal sealed record MyobSettlement
{
    public string? UID { get; init; }

    public MyobLink? CreditFromInvoice { get; init; }

    public MyobLink? DebitFromBill { get; init; }

    public MyobLink? Customer { get; init; }

    public MyobLink? Supplier { get; init; }

    public string? Date { get; init; }

    public decimal? CreditAmount { get; init; }

    public decimal? DebitAmount { get; init; }

    public string? Memo { get; init; }

    public List<MyobSettlementLine>? Lines { get; init; }
}

internal sealed record MyobSettlementLine
{
    public string? Type { get; init; }

    public MyobLink? Sale { get; init; }

    public MyobLink? Purchase { get; init; }

    public decimal AmountApplied { get; init; }
}

/// <summary>Sale/CreditRefund (contract §4).</summary>
internal sealed record MyobCreditRefund
{
    public string? UID { get; init; }

    public MyobLink? Account { get; init; }

    public MyobLink? Invoice { get; init; }

    public MyobLink? Customer { get; init; }

    public string? Date { get; init; }

    public decimal Amount { get; init; }

    public string? Memo { get; init; }
}

/// <summary>Contact/Customer or Contact/Supplier (contract §6).</summary>
internal sealed record MyobCard
{
    public string? UID { get; init; }

    public string? DisplayID { get; init; }

    public string? CompanyName { get; init; }

    public bool IsIndividual { get; init; }

    public bool? IsActive { get; init; }

    public string? Created { get; init; }
}

internal sealed record MyobAccount
{
    public string? UID { get; init; }

    public string? DisplayID { get; init; }

    public bool IsHeader { get; init; }
}

internal sealed record MyobTaxCode
{
    public string? UID { get; init; }

    public string? Code { get; init; }
}

/// <summary>Company/Preferences (contract §7).</summary>
internal sealed record MyobPreferences
{
    public MyobSystemPreferences? System { get; init; }
}

internal sealed record MyobSystemPreferences
{
    public string? LockPeriodPriorTo { get; init; }

    public bool TransactionsCannotBeChangedMustBeReversed { get; init; }
}

/// <summary>A list response: <c>{Items, NextPageLink, Count}</c> (contract §8, C/PagedCollection.cs).</summary>
internal sealed record MyobPage<T>
{
    public List<T> Items { get; init; } = [];

    public string? NextPageLink { get; init; }

    public long? Count { get; init; }
}

/// <summary>MYOB's error body (contract §10).</summary>
internal sealed record MyobErrors
{
    public List<MyobError>? Errors { get; init; }
}

internal sealed record MyobError
{
    public string? Name { get; init; }

    public string? Message { get; init; }

    public string? AdditionalDetails { get; init; }

    public int? ErrorCode { get; init; }
}

/// <summary>The token endpoint's answer (contract §12; S/Contracts/OAuthTokens.cs).</summary>
internal sealed record MyobTokenResponse
{
    [System.Text.Json.Serialization.JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("refresh_token")]
    public string? RefreshToken { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("expires_in")]
    [System.Text.Json.Serialization.JsonNumberHandling(System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString)]
    public int? ExpiresIn { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("error")]
    public string? Error { get; init; }
}

/// <summary>
/// Sale/CustomerPayment (contract §5) or Purchase/SupplierPayment (SDK Contracts/Version2/Purchase/SupplierPayment.cs):
/// the customer side sets DepositTo, Customer, ReceiptNumber, AmountReceived and Invoices; the supplier side PayFrom,
/// Supplier, PaymentNumber, AmountPaid and Lines. Nulls are not sent.
/// </summary>
internal sealed record MyobPayment
{
    public string? UID { get; init; }

    public string? DepositTo { get; init; }

    public string? PayFrom { get; init; }

    public MyobLink? Account { get; init; }

    public MyobLink? Customer { get; init; }

    public MyobLink? Supplier { get; init; }

    public string? ReceiptNumber { get; init; }

    public string? PaymentNumber { get; init; }

    public string? Date { get; init; }

    public decimal? AmountReceived { get; init; }

    public decimal? AmountPaid { get; init; }

    public string? Memo { get; init; }

    public List<MyobPaymentLine>? Invoices { get; init; }

    public List<MyobPaymentLine>? Lines { get; init; }

    public string? LastModified { get; init; }
}

/// <summary>A CustomerPayment line (<c>{UID, Number, Type, AmountApplied}</c>) or a SupplierPayment line (<c>{Type, Purchase, AmountApplied}</c>).</summary>
internal sealed record MyobPaymentLine
{
    public string? UID { get; init; }

    public string? Number { get; init; }

    public string? Type { get; init; }

    public MyobLink? Purchase { get; init; }

    public decimal AmountApplied { get; init; }
}

/// <summary>Banking/ReceiveMoneyTxn or Banking/SpendMoneyTxn (SDK Contracts/Version2/Banking).</summary>
internal sealed record MyobBankTxn
{
    public string? UID { get; init; }

    public string? DepositTo { get; init; }

    public string? PayFrom { get; init; }

    public MyobLink? Account { get; init; }

    public MyobLink? Contact { get; init; }

    public string? ReceiptNumber { get; init; }

    public string? PaymentNumber { get; init; }

    public string? Date { get; init; }

    public decimal? AmountReceived { get; init; }

    public decimal? AmountPaid { get; init; }

    public bool IsTaxInclusive { get; init; }

    public string? Memo { get; init; }

    public List<MyobBankTxnLine>? Lines { get; init; }
}

internal sealed record MyobBankTxnLine
{
    public MyobLink? Account { get; init; }

    public MyobLink? TaxCode { get; init; }

    public decimal Amount { get; init; }

    public string? Memo { get; init; }
}
