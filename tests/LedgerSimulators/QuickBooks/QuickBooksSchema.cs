namespace CreditFunctions.LedgerSimulators.QuickBooks;

/// <summary>
/// The XSD element names the simulator accepts in request bodies, per entity (contracts/qbo §1–§9; F = Finance.xsd,
/// N = IntuitNamesTypes.xsd, B = IntuitBaseTypes.xsd). Anything else is refused with 2010 "Request has invalid or
/// unsupported property" (the error's wording is UNVERIFIED); read-only names a client echoes back are accepted and
/// ignored. Because the simulator stores only these names, its responses carry only schema names as well
/// (contract §12: the .NET SDK's deserialiser fails on unknown members).
/// </summary>
internal static class QuickBooksSchema
{
    public static readonly IReadOnlyDictionary<string, string> EntityNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["customer"] = "Customer",
        ["invoice"] = "Invoice",
        ["creditmemo"] = "CreditMemo",
        ["payment"] = "Payment",
        ["refundreceipt"] = "RefundReceipt",
        ["journalentry"] = "JournalEntry",
        ["vendor"] = "Vendor",
        ["bill"] = "Bill",
        ["billpayment"] = "BillPayment",
        ["purchase"] = "Purchase",
        ["vendorcredit"] = "VendorCredit",
        ["deposit"] = "Deposit",
    };

    /// <summary>Read-only or attribute names a client may send back unchanged (B L20–81, F L5402–5584, F L11486, F L9882).</summary>
    public static readonly IReadOnlySet<string> ReadOnly = new HashSet<string>(StringComparer.Ordinal)
    {
        "domain", "status", "MetaData", "TotalAmt", "HomeTotalAmt", "Balance", "HomeBalance", "RemainingCredit", "UnappliedAmt", "FullyQualifiedName", "BalanceWithJobs",
    };

    private static readonly string[] Base = ["Id", "SyncToken", "sparse"];

    // §1 Transaction / SalesTransaction fields.
    private static readonly string[] Transaction = [.. Base, "DocNumber", "TxnDate", "CurrencyRef", "ExchangeRate", "PrivateNote", "LinkedTxn", "Line", "TxnTaxDetail"];
    private static readonly string[] Sales = [.. Transaction, "CustomerRef", "CustomerMemo", "GlobalTaxCalculation", "ApplyTaxAfterDiscount", "ARAccountRef", "PaymentMethodRef", "PaymentRefNum", "DepositToAccountRef"];

    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> Writable = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
    {
        ["Customer"] = Set([.. Base, "DisplayName", "GivenName", "FamilyName", "CompanyName", "PrimaryEmailAddr", "BillAddr", "Active", "CurrencyRef", "ParentRef", "Job"]),
        ["Invoice"] = Set([.. Sales, "DueDate", "Deposit"]),
        ["CreditMemo"] = Set(Sales),
        ["RefundReceipt"] = Set([.. Sales, "CheckPayment", "CreditCardPayment"]),
        ["Payment"] = Set([.. Base, "TxnDate", "CurrencyRef", "ExchangeRate", "PrivateNote", "Line", "CustomerRef", "TotalAmt", "ARAccountRef", "DepositToAccountRef", "PaymentMethodRef", "PaymentRefNum", "PaymentType", "ProcessPayment", "PaymentExtendedType"]),
        ["JournalEntry"] = Set([.. Transaction, "Adjustment"]),

        // Payables (F: Vendor, Bill, BillPayment, Purchase, VendorCredit, Deposit; Intuit API reference, docs/quickbooks-simulator.md "Payables").
        ["Vendor"] = Set([.. Base, "DisplayName", "GivenName", "FamilyName", "CompanyName", "PrimaryEmailAddr", "BillAddr", "Active", "CurrencyRef"]),
        ["Bill"] = Set([.. Transaction, "VendorRef", "APAccountRef", "DueDate", "SalesTermRef"]),
        ["VendorCredit"] = Set([.. Transaction, "VendorRef", "APAccountRef"]),
        ["BillPayment"] = Set([.. Base, "DocNumber", "TxnDate", "CurrencyRef", "ExchangeRate", "PrivateNote", "Line", "VendorRef", "APAccountRef", "PayType", "CheckPayment", "CreditCardPayment", "TotalAmt"]),
        ["Purchase"] = Set([.. Transaction, "AccountRef", "PaymentType", "EntityRef", "PaymentMethodRef", "Credit"]),
        ["Deposit"] = Set([.. Transaction, "DepositToAccountRef", "CashBack"]),
    };

    /// <summary>Line members (§2) and the detail objects used here.</summary>
    public static readonly IReadOnlySet<string> LineNames = Set(
        "Id", "Description", "Amount", "DetailType", "LinkedTxn", "SalesItemLineDetail", "SubTotalLineDetail", "DiscountLineDetail", "DescriptionOnly", "JournalEntryLineDetail", "PaymentLineDetail",
        "AccountBasedExpenseLineDetail", "DepositLineDetail");

    private static HashSet<string> Set(params string[] names) => new(names, StringComparer.Ordinal);
}
