using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>One account of an organisation's chart (Spec Account: Code, Name, Type, Status, EnablePaymentsToAccount).</summary>
internal sealed class XeroAccountRecord
{
    public Guid AccountId { get; init; } = Guid.NewGuid();

    public required string Code { get; init; }

    public required string Name { get; init; }

    /// <summary>BANK, REVENUE, EXPENSE, CURRENT, CURRLIAB, … (Spec AccountType).</summary>
    public required string Type { get; init; }

    public string Status { get; set; } = "ACTIVE";

    public string? TaxType { get; init; }

    /// <summary>Payments may be made to or from it though it is not a bank account (Spec Account.EnablePaymentsToAccount).</summary>
    public bool EnablePaymentsToAccount { get; init; }

    /// <summary>DEBTORS, CREDITORS, … for Xero's system accounts (Spec Account.SystemAccount).</summary>
    public string? SystemAccount { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// The chart of accounts and tax types an organisation's documents are checked against. Xero refuses a line whose
/// account code is unknown ("Account code '200' is not a valid code for this document.", XeroAPI/Xero-NetStandard
/// #364) or whose tax type is unknown (XeroLineCalculator; XeroAPI/Xero-Java #336). The wording for an archived account
/// and for a payment to an account that takes no payments is the simulator's (assumed; docs/xero-simulator.md).
/// </summary>
internal static class XeroChart
{
    /// <summary>The default chart every organisation starts with (an Australian demo company's codes plus the money-flow accounts).</summary>
    public static List<XeroAccountRecord> Default() =>
    [
        new() { Code = "090", Name = "Business Bank Account", Type = "BANK", TaxType = "BASEXCLUDED" },
        new() { Code = "091", Name = "Business Savings Account", Type = "BANK", TaxType = "BASEXCLUDED" },
        new() { Code = "200", Name = "Sales", Type = "REVENUE", TaxType = "OUTPUT" },
        new() { Code = "260", Name = "Other Revenue", Type = "REVENUE", TaxType = "OUTPUT" },
        new() { Code = "310", Name = "Cost of Goods Sold", Type = "DIRECTCOSTS", TaxType = "INPUT" },
        new() { Code = "400", Name = "Advertising", Type = "EXPENSE", TaxType = "INPUT" },
        new() { Code = "610", Name = "Accounts Receivable", Type = "CURRENT", TaxType = "BASEXCLUDED", SystemAccount = "DEBTORS" },
        new() { Code = "620", Name = "Supplier Deposits", Type = "CURRENT", TaxType = "BASEXCLUDED", EnablePaymentsToAccount = true },
        new() { Code = "630", Name = "Inventory", Type = "INVENTORY", TaxType = "BASEXCLUDED" },
        new() { Code = "684", Name = "Bad Debts Written Off", Type = "EXPENSE", TaxType = "BASEXCLUDED" },
        new() { Code = "710", Name = "Office Equipment", Type = "FIXED", TaxType = "INPUT" },
        new() { Code = "800", Name = "Accounts Payable", Type = "CURRLIAB", TaxType = "BASEXCLUDED", SystemAccount = "CREDITORS" },
        new() { Code = "835", Name = "Customer Credits", Type = "CURRLIAB", TaxType = "BASEXCLUDED", EnablePaymentsToAccount = true },
    ];

    public static XeroAccountRecord? Find(XeroTenantBook book, string? code, Guid? id) =>
        id is { } accountId ? book.Accounts.Find(a => a.AccountId == accountId)
        : code is null ? null
        : book.Accounts.Find(a => string.Equals(a.Code, code, StringComparison.OrdinalIgnoreCase));

    /// <summary>Checks every line's AccountCode against the chart (lines without one are left to the document's own rules).</summary>
    public static void CheckLines(XeroTenantBook book, IReadOnlyList<JsonElement> lines, List<string> errors)
    {
        foreach (var line in lines)
        {
            if (XeroWire.String(line, "AccountCode") is { } code && LineAccountError(book, code) is { } error && !errors.Contains(error))
            {
                errors.Add(error);
            }
        }
    }

    public static string? LineAccountError(XeroTenantBook book, string code) =>
        Find(book, code, null) switch
        {
            null => $"Account code '{code}' is not a valid code for this document.",
            { Status: "ARCHIVED" } => $"Account code '{code}' has been archived, or has been deleted. Each line item must reference a valid account.",
            _ => null,
        };

    /// <summary>A payment's Account must be a live bank account or one with EnablePaymentsToAccount (Spec Payment.Account).</summary>
    public static string? PaymentAccountError(XeroTenantBook book, string? code, Guid? id) =>
        Find(book, code, id) switch
        {
            null => "Account must be valid.",
            { Status: "ARCHIVED" } account => $"Account code '{account.Code}' has been archived, or has been deleted.",
            { Type: not "BANK", EnablePaymentsToAccount: false } account => $"Payments cannot be made to or from account '{account.Code}': it is not a bank account and does not have EnablePaymentsToAccount set.",
            _ => null,
        };

    /// <summary>A bank transaction's BankAccount must be a live account of Type BANK.</summary>
    public static string? BankAccountError(XeroTenantBook book, string? code, Guid? id) =>
        Find(book, code, id) switch
        {
            null => "Account must be valid.",
            { Status: "ARCHIVED" } account => $"Account code '{account.Code}' has been archived, or has been deleted.",
            { Type: not "BANK" } account => $"The account '{account.Code}' is not a bank account.",
            _ => null,
        };

    public static JsonObject Wire(XeroAccountRecord account)
    {
        var node = new JsonObject
        {
            ["AccountID"] = account.AccountId.ToString(),
            ["Code"] = account.Code,
            ["Name"] = account.Name,
            ["Type"] = account.Type,
            ["Status"] = account.Status,
            ["EnablePaymentsToAccount"] = account.EnablePaymentsToAccount,
            ["UpdatedDateUTC"] = XeroWire.MsDate(account.UpdatedAt),
        };
        if (account.TaxType is not null)
        {
            node["TaxType"] = account.TaxType;
        }

        if (account.SystemAccount is not null)
        {
            node["SystemAccount"] = account.SystemAccount;
        }

        return node;
    }
}
