using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CreditFunctions.LedgerSimulators.QuickBooks;

namespace CreditFunctions.IntegrationTests.LedgerSimulators.QuickBooks;

/// <summary>
/// Checks that every JSON body the simulator answers on <c>/v3/company/…</c> uses only names from Intuit's schema: the
/// XSD element and attribute names of ../shared/contracts/qbo (§1–§9 entities, §11 envelopes), because the .NET SDK's
/// deserialiser fails on an unknown member (contract §12). Object names under Line, LinkedTxn, references and
/// preferences are included. The 401 body is exempt: QBO itself sends it in another casing (contract §11).
/// </summary>
internal sealed class QuickBooksSchemaNames : IQuickBooksTrafficObserver
{
    /// <summary>
    /// Sources: B L20–81 (Id, SyncToken, MetaData, domain, status, sparse); F L4785–5672 (Transaction/SalesTransaction);
    /// F L6472–6714 (Line); F L3995–4018 (LinkedTxn); F L7207–7349 (SalesItemLineDetail); F L8339–8419 (JournalEntryLineDetail);
    /// F L9772–9903 (Payment); F L11486 (RemainingCredit); F L12121–12169 (JournalEntry); N L132–570 (Customer); F L12769–13868
    /// (Preferences); R L97–305 (IntuitResponse, Fault, QueryResponse), R L306–432 (CDCResponse, BatchItemResponse).
    /// </summary>
    public static readonly IReadOnlySet<string> Allowed = new HashSet<string>(StringComparer.Ordinal)
    {
        // Envelopes
        "time", "requestId", "status", "Fault", "Error", "Message", "Detail", "code", "element", "type", "QueryResponse", "startPosition", "maxResults", "totalCount",
        "BatchItemResponse", "bId", "CDCResponse", "Warnings",
        // Entities
        "Customer", "Invoice", "CreditMemo", "Payment", "RefundReceipt", "JournalEntry", "Preferences",
        // Base
        "Id", "SyncToken", "MetaData", "CreateTime", "LastUpdatedTime", "domain", "sparse",
        // Transaction / SalesTransaction
        "DocNumber", "TxnDate", "CurrencyRef", "ExchangeRate", "PrivateNote", "LinkedTxn", "Line", "TxnTaxDetail", "TotalTax", "CustomerRef", "CustomerMemo",
        "GlobalTaxCalculation", "TotalAmt", "HomeTotalAmt", "ApplyTaxAfterDiscount", "ARAccountRef", "Balance", "HomeBalance", "PaymentMethodRef", "PaymentRefNum",
        "DepositToAccountRef", "DueDate", "Deposit", "RemainingCredit", "UnappliedAmt", "PaymentType", "ProcessPayment", "Adjustment",
        // Line, LinkedTxn and details
        "Description", "Amount", "DetailType", "SalesItemLineDetail", "SubTotalLineDetail", "DiscountLineDetail", "DescriptionOnly", "JournalEntryLineDetail",
        "ItemRef", "Qty", "UnitPrice", "TaxCodeRef", "TxnId", "TxnType", "TxnLineId", "PostingType", "AccountRef", "Entity", "EntityRef", "Type",
        // ReferenceType
        "value", "name",
        // Customer
        "DisplayName", "GivenName", "FamilyName", "CompanyName", "PrimaryEmailAddr", "Address", "Active", "FullyQualifiedName",
        // Payables, outside the contract's XSD extract: Intuit's API reference (developer.intuit.com/app/developer/qbo/docs/api/accounting/all-entities/
        // billpayment, bill, vendorcredit, purchase, deposit, vendor) and quickbooks-ruby's BillPayment ("CheckPayment: Required if PayType is Check").
        "Vendor", "Bill", "BillPayment", "Purchase", "VendorCredit", "VendorRef", "APAccountRef", "SalesTermRef", "PayType", "CheckPayment", "CreditCardPayment",
        "BankAccountRef", "CCAccountRef", "AccountBasedExpenseLineDetail", "DepositLineDetail", "Credit", "CashBack",
        // Preferences
        "AccountingInfoPrefs", "BookCloseDate", "DefaultARAccount", "FirstMonthOfFiscalYear", "SalesFormsPrefs", "AutoApplyCredit", "AutoApplyPayments",
        "CustomTxnNumbers", "CurrencyPrefs", "MultiCurrencyEnabled", "HomeCurrency",
    };

    private readonly ConcurrentQueue<string> _violations = new();
    private int _checked;

    public int Checked => _checked;

    public IReadOnlyList<string> Violations => [.. _violations];

    public void OnExchange(QuickBooksExchange exchange)
    {
        if (!exchange.Path.StartsWith("/v3/company/", StringComparison.Ordinal) || exchange.StatusCode == 401 || exchange.ResponseBody.Length == 0 || exchange.ResponseBody[0] != '{')
        {
            return;
        }

        Interlocked.Increment(ref _checked);
        foreach (var name in Names(JsonNode.Parse(exchange.ResponseBody)).Where(n => !Allowed.Contains(n)).Distinct(StringComparer.Ordinal))
        {
            _violations.Enqueue($"{exchange.Method} {exchange.Path}: '{name}'");
        }
    }

    public void AssertClean() => Assert.True(_violations.IsEmpty, "Non-schema names in responses: " + string.Join("; ", _violations));

    public static IEnumerable<string> Names(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Names(p.Value).Prepend(p.Key)),
        JsonArray a => a.SelectMany(Names),
        _ => [],
    };
}
