using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.QuickBooks;

/// <summary>
/// The payables side of the books (docs/quickbooks-simulator.md "Payables"): Bill, VendorCredit and Purchase carry
/// AccountBasedExpenseLineDetail lines to accounts in the chart; a Deposit carries DepositLineDetail lines; a BillPayment
/// pays Bills and uses VendorCredits of its vendor through its lines' LinkedTxn (Intuit API reference "BillPayment":
/// "a BillPayment … Line … LinkedTxn … Bill or VendorCredit"). As for a Payment (Q2), no line may apply more than the
/// Bill's Balance or the VendorCredit's Balance, and credits used may not exceed the bills paid. The wording of QBO's
/// refusals here is UNVERIFIED; the codes follow the receivable side's (6000 business validation, 2500 invalid reference).
/// </summary>
internal static class QuickBooksPayables
{
    public static readonly string[] Applied = ["Bill", "VendorCredit"];

    /// <summary>Bill and VendorCredit: VendorRef required; Purchase: AccountRef (the bank) and PaymentType required, EntityRef optional.</summary>
    public static JsonObject? ValidateExpense(QuickBooksCompany company, string entity, JsonObject stored)
    {
        if (entity == "Purchase")
        {
            if (QuickBooksWire.Text(stored["PaymentType"]) is not ("Cash" or "Check" or "CreditCard"))
            {
                return QuickBooksWire.RequiredMissing("PaymentType");
            }

            var bank = QuickBooksWire.RefValue(stored["AccountRef"]);
            if (bank is null)
            {
                return QuickBooksWire.RequiredMissing("AccountRef");
            }

            if (!company.Accounts.ContainsKey(bank))
            {
                return QuickBooksWire.InvalidReference("AccountRef", bank);
            }

            var payee = QuickBooksWire.RefValue(stored["EntityRef"]);
            if (payee is not null && company.Find("Vendor", payee) is null)
            {
                return QuickBooksWire.InvalidReference("EntityRef", payee);
            }
        }
        else
        {
            var vendor = QuickBooksWire.RefValue(stored["VendorRef"]);
            if (vendor is null)
            {
                return QuickBooksWire.RequiredMissing("VendorRef");
            }

            if (company.Find("Vendor", vendor) is null)
            {
                return QuickBooksWire.InvalidReference("VendorRef", vendor);
            }
        }

        return Lines(company, stored, "AccountBasedExpenseLineDetail");
    }

    /// <summary>Deposit: DepositToAccountRef required and in the chart; each line a DepositLineDetail to an account of the chart.</summary>
    public static JsonObject? ValidateDeposit(QuickBooksCompany company, JsonObject stored)
    {
        var bank = QuickBooksWire.RefValue(stored["DepositToAccountRef"]);
        if (bank is null)
        {
            return QuickBooksWire.RequiredMissing("DepositToAccountRef");
        }

        if (!company.Accounts.ContainsKey(bank))
        {
            return QuickBooksWire.InvalidReference("DepositToAccountRef", bank);
        }

        return Lines(company, stored, "DepositLineDetail");
    }

    /// <summary>
    /// BillPayment: VendorRef, PayType (Check or CreditCard) and TotalAmt required; a Check names its bank account
    /// (CheckPayment.BankAccountRef). Lines link a Bill or VendorCredit of the same vendor, each no more than its Balance;
    /// TotalAmt is the bills paid less the credits used (a zero-amount BillPayment applies a VendorCredit to a Bill).
    /// </summary>
    public static JsonObject? ValidateBillPayment(QuickBooksCompany company, JsonObject payment, string? paymentId, Func<string, string?, string?, decimal> applied)
    {
        var vendor = QuickBooksWire.RefValue(payment["VendorRef"]);
        if (vendor is null)
        {
            return QuickBooksWire.RequiredMissing("VendorRef");
        }

        if (company.Find("Vendor", vendor) is null)
        {
            return QuickBooksWire.InvalidReference("VendorRef", vendor);
        }

        var payType = QuickBooksWire.Text(payment["PayType"]);
        if (payType is not ("Check" or "CreditCard"))
        {
            return QuickBooksWire.RequiredMissing("PayType");
        }

        if (payType == "Check")
        {
            var bank = QuickBooksWire.RefValue((payment["CheckPayment"] as JsonObject)?["BankAccountRef"]);
            if (bank is null)
            {
                return QuickBooksWire.RequiredMissing("CheckPayment.BankAccountRef");
            }

            if (!company.Accounts.ContainsKey(bank))
            {
                return QuickBooksWire.InvalidReference("CheckPayment.BankAccountRef", bank);
            }
        }

        if (payment["TotalAmt"] is null)
        {
            return QuickBooksWire.RequiredMissing("TotalAmt");
        }

        var total = QuickBooksWire.Number(payment["TotalAmt"]);
        if (total < 0m)
        {
            return QuickBooksWire.Business("A bill payment amount cannot be negative.");
        }

        var lines = new JsonArray();
        foreach (var line in QuickBooksBooks.Lines(payment))
        {
            if (line["Amount"] is null)
            {
                return QuickBooksWire.RequiredMissing("Line.Amount");
            }

            var amount = QuickBooksWire.Number(line["Amount"]);
            var links = (line["LinkedTxn"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            if (links.Count == 0)
            {
                return QuickBooksWire.RequiredMissing("Line.LinkedTxn");
            }

            foreach (var link in links)
            {
                var type = QuickBooksWire.Text(link["TxnType"]);
                var id = QuickBooksWire.Text(link["TxnId"]);
                if (type is not ("Bill" or "VendorCredit"))
                {
                    return QuickBooksWire.Fault("ValidationFault", "2010", "Request has invalid or unsupported property", $"LinkedTxn.TxnType {type} cannot be paid by a BillPayment (Bill or VendorCredit)", "Line.LinkedTxn.TxnType");
                }

                if (company.Find(type, id) is not { } target)
                {
                    return QuickBooksWire.InvalidReference("Line.LinkedTxn.TxnId", id);
                }

                if (QuickBooksWire.RefValue(target["VendorRef"]) != vendor)
                {
                    return QuickBooksWire.Business($"{type} {id} belongs to another vendor than the bill payment's.");
                }

                var left = QuickBooksWire.Number(target["TotalAmt"]) - applied(type, id, paymentId);
                if (amount < 0m || amount > left)
                {
                    return QuickBooksWire.Business($"The amount applied to {type} {id} ({amount:0.00}) is more than its open balance ({left:0.00}).");
                }
            }

            var copy = (JsonObject)line.DeepClone();
            copy.Remove("Id");
            lines.Add(copy);
        }

        payment["Line"] = lines;
        var net = Net(payment);
        if (net < 0m)
        {
            return QuickBooksWire.Business("The vendor credits applied are more than the bills they are applied to.");
        }

        if (net != total)
        {
            return QuickBooksWire.Business($"The bill payment amount ({total:0.00}) is not the amount applied ({net:0.00}).");
        }

        return null;
    }

    /// <summary>Bills paid minus vendor credits used: what the bill payment's money covers.</summary>
    public static decimal Net(JsonObject payment) =>
        QuickBooksBooks.Lines(payment).Sum(line =>
        {
            var amount = QuickBooksWire.Number(line["Amount"]);
            var types = (line["LinkedTxn"] as JsonArray ?? []).OfType<JsonObject>().Select(t => QuickBooksWire.Text(t["TxnType"])).ToList();
            return types.Contains("VendorCredit") ? -amount : amount;
        });

    /// <summary>Every line is <paramref name="detailType"/> with an AccountRef in the chart; TotalAmt is their sum.</summary>
    private static JsonObject? Lines(QuickBooksCompany company, JsonObject stored, string detailType)
    {
        var lines = QuickBooksBooks.Lines(stored).ToList();
        if (lines.Count == 0)
        {
            return QuickBooksWire.RequiredMissing("Line");
        }

        var total = 0m;
        var number = 1;
        foreach (var line in lines)
        {
            line["Id"] = (number++).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (line["Amount"] is null)
            {
                return QuickBooksWire.RequiredMissing("Line.Amount");
            }

            if (line[detailType] is not JsonObject detail)
            {
                return QuickBooksWire.RequiredMissing("Line." + detailType);
            }

            line["DetailType"] = detailType;
            var account = QuickBooksWire.RefValue(detail["AccountRef"]);
            if (account is null)
            {
                return QuickBooksWire.RequiredMissing($"Line.{detailType}.AccountRef");
            }

            if (!company.Accounts.ContainsKey(account))
            {
                return QuickBooksWire.InvalidReference("AccountRef", account);
            }

            var amount = QuickBooksWire.Number(line["Amount"]);
            if (amount < 0m)
            {
                return QuickBooksWire.Business("A line amount cannot be negative.");
            }

            total += amount;
        }

        stored["TotalAmt"] = total;
        return null;
    }
}
