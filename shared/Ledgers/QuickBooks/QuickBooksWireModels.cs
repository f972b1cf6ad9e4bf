using System.Text.Json.Serialization;

namespace CreditFunctions.Ledgers.QuickBooks;

// QBO v3 wire types: the XSD element names of ../shared/contracts/qbo/README.md (F = Finance.xsd, B = IntuitBaseTypes.xsd,
// R = IntuitRestServiceDef.xsd). Nulls are omitted, so a payload carries only what we set. They never leave the
// QuickBooks folder (STYLE.md).

/// <summary>ReferenceType (B L1813): <c>{"value":"42","name":"…"}</c> in JSON (contract §1).</summary>
internal sealed record QboRef
{
    [JsonPropertyName("value")]
    public string? Value { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    public static QboRef To(string id) => new() { Value = id };
}

internal sealed record QboLinkedTxn
{
    public string? TxnId { get; init; }

    public string? TxnType { get; init; }

    public string? TxnLineId { get; init; }
}

internal sealed record QboSalesItemLineDetail
{
    public QboRef? ItemRef { get; init; }

    public decimal? Qty { get; init; }

    public decimal? UnitPrice { get; init; }

    public QboRef? TaxCodeRef { get; init; }
}

internal sealed record QboLine
{
    public string? Id { get; init; }

    public string? Description { get; init; }

    public decimal? Amount { get; init; }

    public string? DetailType { get; init; }

    public QboSalesItemLineDetail? SalesItemLineDetail { get; init; }

    public QboJournalEntryLineDetail? JournalEntryLineDetail { get; init; }

    public QboAccountLineDetail? AccountBasedExpenseLineDetail { get; init; }

    public QboDepositLineDetail? DepositLineDetail { get; init; }

    public List<QboLinkedTxn>? LinkedTxn { get; init; }
}

/// <summary>AccountBasedExpenseLineDetail of a Bill, VendorCredit or Purchase line: the account the line posts to.</summary>
internal sealed record QboAccountLineDetail
{
    public QboRef? AccountRef { get; init; }
}

/// <summary>DepositLineDetail of a Deposit line: the account the money comes from and who it is received from.</summary>
internal sealed record QboDepositLineDetail
{
    public QboRef? AccountRef { get; init; }

    public QboRef? Entity { get; init; }
}

/// <summary>
/// The payables documents (Bill, VendorCredit, Purchase, Deposit, BillPayment) share these members: DocNumber is where
/// the read-back marker lives (QuickBooksMoneyMarkers); Balance is a Bill's amount due or a VendorCredit's unused credit.
/// </summary>
internal sealed record QboPayable
{
    public string? Id { get; init; }

    public string? SyncToken { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    public string? DocNumber { get; init; }

    public string? TxnDate { get; init; }

    public string? PrivateNote { get; init; }

    public QboRef? CurrencyRef { get; init; }

    /// <summary>Bill, VendorCredit, BillPayment.</summary>
    public QboRef? VendorRef { get; init; }

    /// <summary>Purchase: the bank (or card) account the money leaves.</summary>
    public QboRef? AccountRef { get; init; }

    /// <summary>Purchase: Cash, Check or CreditCard.</summary>
    public string? PaymentType { get; init; }

    /// <summary>Purchase: the payee.</summary>
    public QboRef? EntityRef { get; init; }

    /// <summary>Deposit: the bank account the money arrives in.</summary>
    public QboRef? DepositToAccountRef { get; init; }

    /// <summary>BillPayment: Check or CreditCard.</summary>
    public string? PayType { get; init; }

    /// <summary>BillPayment by cheque: the bank account it is paid from.</summary>
    public QboCheckPayment? CheckPayment { get; init; }

    public List<QboLine>? Line { get; init; }

    public decimal? TotalAmt { get; init; }

    public decimal? Balance { get; init; }

    public List<QboLinkedTxn>? LinkedTxn { get; init; }

    public QboMetaData? MetaData { get; init; }
}

internal sealed record QboCheckPayment
{
    public QboRef? BankAccountRef { get; init; }
}

/// <summary>Vendor: DisplayName is unique across customers and vendors (contract §8).</summary>
internal sealed record QboVendor
{
    public string? Id { get; init; }

    public string? DisplayName { get; init; }

    public string? CompanyName { get; init; }
}

internal sealed record QboTxnTaxDetail
{
    public decimal? TotalTax { get; init; }
}

/// <summary>CreditMemo (F L11477) with the SalesTransaction fields we send or read (contract §1, §3).</summary>
internal sealed record QboCreditMemo
{
    public string? Id { get; init; }

    public string? SyncToken { get; init; }

    [JsonPropertyName("sparse")]
    public bool? Sparse { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    public string? DocNumber { get; init; }

    public string? TxnDate { get; init; }

    public QboRef? CurrencyRef { get; init; }

    public string? PrivateNote { get; init; }

    public QboRef? CustomerRef { get; init; }

    public List<QboLine>? Line { get; init; }

    public QboTxnTaxDetail? TxnTaxDetail { get; init; }

    public string? GlobalTaxCalculation { get; init; }

    public decimal? TotalAmt { get; init; }

    public decimal? Balance { get; init; }

    public decimal? RemainingCredit { get; init; }

    public List<QboLinkedTxn>? LinkedTxn { get; init; }
}

/// <summary>RefundReceipt (F L11517): a standalone cash refund, lines plus the account it is paid from (contract §6).</summary>
internal sealed record QboRefundReceipt
{
    public string? Id { get; init; }

    public string? SyncToken { get; init; }

    public string? DocNumber { get; init; }

    public string? TxnDate { get; init; }

    public string? PrivateNote { get; init; }

    public QboRef? CustomerRef { get; init; }

    public List<QboLine>? Line { get; init; }

    public QboTxnTaxDetail? TxnTaxDetail { get; init; }

    public string? GlobalTaxCalculation { get; init; }

    public QboRef? DepositToAccountRef { get; init; }

    public decimal? TotalAmt { get; init; }
}

/// <summary>JournalEntryLineDetail (F L8330–8360): Debit or Credit to an account; AR and AP lines name their Entity (Q4).</summary>
internal sealed record QboJournalEntryLineDetail
{
    public string? PostingType { get; init; }

    public QboRef? AccountRef { get; init; }

    public QboJournalEntity? Entity { get; init; }
}

/// <summary>EntityTypeRef (F L8350): <c>{"Type":"Customer","EntityRef":{…}}</c>.</summary>
internal sealed record QboJournalEntity
{
    public string? Type { get; init; }

    public QboRef? EntityRef { get; init; }
}

/// <summary>JournalEntry (F L12112): balanced Debit and Credit lines (Q4).</summary>
internal sealed record QboJournalEntry
{
    public string? Id { get; init; }

    public string? SyncToken { get; init; }

    public string? DocNumber { get; init; }

    public string? TxnDate { get; init; }

    public string? PrivateNote { get; init; }

    public List<QboLine>? Line { get; init; }

    public decimal? TotalAmt { get; init; }
}

/// <summary>Invoice (F L5744): Balance is what is still due; LinkedTxn lists the Payments applying it (F L4905).</summary>
internal sealed record QboInvoice
{
    public string? Id { get; init; }

    public string? DocNumber { get; init; }

    public string? TxnDate { get; init; }

    public string? PrivateNote { get; init; }

    public QboRef? CustomerRef { get; init; }

    public QboRef? CurrencyRef { get; init; }

    public decimal? TotalAmt { get; init; }

    public decimal? Balance { get; init; }

    public List<QboLinkedTxn>? LinkedTxn { get; init; }
}

/// <summary>ModificationMetaData (B L1103): LastUpdatedTime is what CDC and pull cursors go by (Q10).</summary>
internal sealed record QboMetaData
{
    public DateTimeOffset? CreateTime { get; init; }

    public DateTimeOffset? LastUpdatedTime { get; init; }
}

/// <summary>Payment (F L9772): lines carry LinkedTxn to what they apply (Q2).</summary>
internal sealed record QboPayment
{
    public string? Id { get; init; }

    public string? SyncToken { get; init; }

    [JsonPropertyName("sparse")]
    public bool? Sparse { get; init; }

    public string? TxnDate { get; init; }

    public QboRef? CustomerRef { get; init; }

    public decimal? TotalAmt { get; init; }

    public decimal? UnappliedAmt { get; init; }

    public string? PrivateNote { get; init; }

    /// <summary>The reference number (F L9837); filterable, unlike DocNumber, so the read-back marker lives here (contract §5, D.2).</summary>
    public string? PaymentRefNum { get; init; }

    public QboRef? DepositToAccountRef { get; init; }

    public QboRef? CurrencyRef { get; init; }

    public List<QboLine>? Line { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    public QboMetaData? MetaData { get; init; }
}

internal sealed record QboEmailAddress
{
    public string? Address { get; init; }
}

/// <summary>Customer (N L347): DisplayName is unique across names (contract §8).</summary>
internal sealed record QboCustomer
{
    public string? Id { get; init; }

    public string? DisplayName { get; init; }

    public string? CompanyName { get; init; }

    public QboEmailAddress? PrimaryEmailAddr { get; init; }

    public bool? Active { get; init; }
}

internal sealed record QboAccountingInfoPrefs
{
    public string? BookCloseDate { get; init; }
}

internal sealed record QboCurrencyPrefs
{
    public QboRef? HomeCurrency { get; init; }
}

internal sealed record QboPreferences
{
    public QboAccountingInfoPrefs? AccountingInfoPrefs { get; init; }

    public QboCurrencyPrefs? CurrencyPrefs { get; init; }
}

/// <summary>The delete body: <c>{Id, SyncToken}</c> (contract §10).</summary>
internal sealed record QboEntityStub
{
    public string? Id { get; init; }

    public string? SyncToken { get; init; }
}

internal sealed record QboError
{
    public string? Message { get; init; }

    public string? Detail { get; init; }

    [JsonPropertyName("code")]
    public string? Code { get; init; }

    [JsonPropertyName("element")]
    public string? Element { get; init; }
}

/// <summary>Fault (R L136–184): the error envelope, which may arrive inside an HTTP 200 (Q9).</summary>
internal sealed record QboFault
{
    public List<QboError>? Error { get; init; }

    [JsonPropertyName("type")]
    public string? Type { get; init; }
}

internal sealed record QboQueryResponse
{
    public List<QboCreditMemo>? CreditMemo { get; init; }

    public List<QboInvoice>? Invoice { get; init; }

    public List<QboPayment>? Payment { get; init; }

    public List<QboJournalEntry>? JournalEntry { get; init; }

    public List<QboCustomer>? Customer { get; init; }

    public List<QboVendor>? Vendor { get; init; }

    public List<QboPayable>? Bill { get; init; }

    public List<QboPayable>? BillPayment { get; init; }

    public List<QboPayable>? Purchase { get; init; }

    public List<QboPayable>? VendorCredit { get; init; }

    public List<QboPayable>? Deposit { get; init; }
}

internal sealed record QboBatchItemRequest
{
    [JsonPropertyName("bId")]
    public string? BatchId { get; init; }

    [JsonPropertyName("operation")]
    public string? Operation { get; init; }

    public QboCreditMemo? CreditMemo { get; init; }
}

internal sealed record QboBatchRequest
{
    public List<QboBatchItemRequest> BatchItemRequest { get; init; } = [];
}

internal sealed record QboBatchItemResponse
{
    [JsonPropertyName("bId")]
    public string? BatchId { get; init; }

    public QboCreditMemo? CreditMemo { get; init; }

    public QboFault? Fault { get; init; }
}

/// <summary>IntuitResponse (R L185–266): one entity, a query, a batch answer or a Fault, and the server time.</summary>
internal sealed record QboEnvelope
{
    public QboCreditMemo? CreditMemo { get; init; }

    public QboRefundReceipt? RefundReceipt { get; init; }

    public QboInvoice? Invoice { get; init; }

    public QboPayment? Payment { get; init; }

    public QboJournalEntry? JournalEntry { get; init; }

    public QboCustomer? Customer { get; init; }

    public QboVendor? Vendor { get; init; }

    public QboPayable? Bill { get; init; }

    public QboPayable? BillPayment { get; init; }

    public QboPayable? Purchase { get; init; }

    public QboPayable? VendorCredit { get; init; }

    public QboPayable? Deposit { get; init; }

    public QboPreferences? Preferences { get; init; }

    public QboQueryResponse? QueryResponse { get; init; }

    public List<QboBatchItemResponse>? BatchItemResponse { get; init; }

    public QboFault? Fault { get; init; }

    /// <summary>GET /cdc (Q10): one QueryResponse per entity type asked for.</summary>
    public List<QboCdcResponse>? CDCResponse { get; init; }
}

internal sealed record QboCdcResponse
{
    public List<QboQueryResponse>? QueryResponse { get; init; }
}
