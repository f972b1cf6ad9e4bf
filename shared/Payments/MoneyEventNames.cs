namespace CreditFunctions.Payments;

/// <summary>
/// The wire spellings of the money events (docs/payments.md "Contract"), shared by the reader, the writer, the schema
/// and the status URLs.
/// </summary>
internal static class MoneyEventNames
{
    public const string PaymentCreated = "payment.created";
    public const string PaymentDeleted = "payment.deleted";
    public const string RefundCreated = "refund.created";
    public const string OverpaymentCreated = "overpayment.created";
    public const string CustomerCreditCreated = "customer_credit.created";
    public const string CustomerCreditApplied = "customer_credit.applied";
    public const string SupplierDepositCreated = "supplier_deposit.created";
    public const string SupplierDepositApplied = "supplier_deposit.applied";

    /// <summary>Every money event type, in the order the contract lists them.</summary>
    public static IReadOnlyList<string> Types { get; } =
    [
        PaymentCreated, PaymentDeleted, RefundCreated, OverpaymentCreated,
        CustomerCreditCreated, CustomerCreditApplied, SupplierDepositCreated, SupplierDepositApplied,
    ];

    public static string Of(MoneyEventType type) => type switch
    {
        MoneyEventType.PaymentCreated => PaymentCreated,
        MoneyEventType.PaymentDeleted => PaymentDeleted,
        MoneyEventType.RefundCreated => RefundCreated,
        MoneyEventType.OverpaymentCreated => OverpaymentCreated,
        MoneyEventType.CustomerCreditCreated => CustomerCreditCreated,
        MoneyEventType.CustomerCreditApplied => CustomerCreditApplied,
        MoneyEventType.SupplierDepositCreated => SupplierDepositCreated,
        MoneyEventType.SupplierDepositApplied => SupplierDepositApplied,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown money event type."),
    };

    public static MoneyEventType? ParseType(string value) => value switch
    {
        PaymentCreated => MoneyEventType.PaymentCreated,
        PaymentDeleted => MoneyEventType.PaymentDeleted,
        RefundCreated => MoneyEventType.RefundCreated,
        OverpaymentCreated => MoneyEventType.OverpaymentCreated,
        CustomerCreditCreated => MoneyEventType.CustomerCreditCreated,
        CustomerCreditApplied => MoneyEventType.CustomerCreditApplied,
        SupplierDepositCreated => MoneyEventType.SupplierDepositCreated,
        SupplierDepositApplied => MoneyEventType.SupplierDepositApplied,
        _ => null,
    };

    /// <summary>The property under <c>data</c> that carries the event's document.</summary>
    public static string DataProperty(MoneyEventType type) => type switch
    {
        MoneyEventType.PaymentCreated or MoneyEventType.PaymentDeleted => "payment",
        MoneyEventType.RefundCreated => "refund",
        MoneyEventType.OverpaymentCreated => "overpayment",
        MoneyEventType.CustomerCreditCreated => "customerCredit",
        MoneyEventType.SupplierDepositCreated => "supplierDeposit",
        MoneyEventType.CustomerCreditApplied or MoneyEventType.SupplierDepositApplied => "application",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown money event type."),
    };

    /// <summary>The <c>creditType</c> spelling of a credit an application draws on.</summary>
    public static string CreditType(MoneyDocumentKind kind) => kind switch
    {
        MoneyDocumentKind.CustomerCredit => "customer_credit",
        MoneyDocumentKind.SupplierDeposit => "supplier_deposit",
        MoneyDocumentKind.Overpayment => "overpayment",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a credit an application draws on."),
    };

    public static MoneyDocumentKind? ParseCreditType(string value) => value switch
    {
        "customer_credit" => MoneyDocumentKind.CustomerCredit,
        "supplier_deposit" => MoneyDocumentKind.SupplierDeposit,
        "overpayment" => MoneyDocumentKind.Overpayment,
        _ => null,
    };

    /// <summary>
    /// The document kind's segment in status URLs (<c>/api/tenants/{tenantId}/{segment}/{id}</c>): <c>payments</c>,
    /// <c>refunds</c>, <c>overpayments</c>, <c>customer-credits</c>, <c>supplier-deposits</c>.
    /// </summary>
    public static string PathSegment(MoneyDocumentKind kind) => kind switch
    {
        MoneyDocumentKind.Payment => "payments",
        MoneyDocumentKind.Refund => "refunds",
        MoneyDocumentKind.Overpayment => "overpayments",
        MoneyDocumentKind.CustomerCredit => "customer-credits",
        MoneyDocumentKind.SupplierDeposit => "supplier-deposits",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown money document kind."),
    };

    /// <summary>
    /// The status URL the intake answers for <paramref name="money"/>: the document's own, and for an <c>*.applied</c>
    /// event the credit's (<see cref="MoneyEvent.Kind"/> and <see cref="MoneyEvent.DocumentId"/>), escaped as the
    /// credit-note status URL is.
    /// </summary>
    public static string StatusPath(string tenantId, MoneyEvent money) =>
        $"/api/tenants/{Uri.EscapeDataString(tenantId)}/{PathSegment(money.Kind)}/{Uri.EscapeDataString(money.DocumentId)}";
}
