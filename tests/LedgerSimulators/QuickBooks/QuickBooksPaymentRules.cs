using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.QuickBooks;

/// <summary>
/// Payment (F L9772, contract §5, Q2): CustomerRef and TotalAmt are required on create; each line's LinkedTxn names
/// an Invoice, CreditMemo or JournalEntry of the same customer. Invoice and JournalEntry lines take money, CreditMemo
/// lines give it: TotalAmt must cover the difference and what is left is UnappliedAmt (F L9882). A zero-amount Payment
/// with one Invoice line and one CreditMemo line of equal amounts therefore applies the credit to the invoice (Q2).
/// No line may apply more than the document still has open.
/// </summary>
internal static class QuickBooksPaymentRules
{
    public static JsonObject? Validate(QuickBooksCompany company, JsonObject payment, string? paymentId, Func<string, string?, string?, decimal> applied)
    {
        var customerId = QuickBooksWire.RefValue(payment["CustomerRef"]);
        if (customerId is null)
        {
            return QuickBooksWire.RequiredMissing("CustomerRef");
        }

        if (company.Find("Customer", customerId) is null)
        {
            return QuickBooksWire.InvalidReference("CustomerRef", customerId);
        }

        if (payment["TotalAmt"] is null)
        {
            return QuickBooksWire.RequiredMissing("TotalAmt");
        }

        var total = QuickBooksWire.Number(payment["TotalAmt"]);
        if (total < 0m)
        {
            return QuickBooksWire.Business("A payment amount cannot be negative.");
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
                if (type is not ("Invoice" or "CreditMemo" or "JournalEntry"))
                {
                    return QuickBooksWire.Fault("ValidationFault", "2010", "Request has invalid or unsupported property", $"LinkedTxn.TxnType {type} cannot be paid by a Payment (Invoice, CreditMemo or JournalEntry)", "Line.LinkedTxn.TxnType");
                }

                if (company.Find(type, id) is not { } target)
                {
                    return QuickBooksWire.InvalidReference("Line.LinkedTxn.TxnId", id);
                }

                if (company.Voided.Contains((type, id!)) && amount > 0m)
                {
                    // Contract §4/§5: a voided invoice keeps its number with every amount zeroed; nothing can be applied to it.
                    return QuickBooksWire.Business($"{type} {id} is voided; a payment cannot be applied to it.");
                }

                var open = type == "JournalEntry" ? QuickBooksJournal.Receivable(target, customerId) : QuickBooksWire.Number(target["TotalAmt"]);
                if (type != "JournalEntry" && QuickBooksWire.RefValue(target["CustomerRef"]) != customerId)
                {
                    return QuickBooksWire.Business($"{type} {id} belongs to another customer than the payment's.");
                }

                var left = open - applied(type, id, paymentId);
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
            return QuickBooksWire.Business("The credits applied are more than the charges they are applied to.");
        }

        if (net > total)
        {
            return QuickBooksWire.Business($"The payment amount ({total:0.00}) is less than the amount applied ({net:0.00}).");
        }

        payment["DepositToAccountRef"] ??= QuickBooksWire.Ref(QuickBooksCompany.UndepositedFundsAccountId); // F L5672: defaults to Undeposited Funds
        var deposit = QuickBooksWire.RefValue(payment["DepositToAccountRef"]);
        if (deposit is null || !company.Accounts.ContainsKey(deposit))
        {
            return QuickBooksWire.InvalidReference("DepositToAccountRef", deposit);
        }

        return null;
    }

    /// <summary>Charges paid minus credits used: what the payment's money covers.</summary>
    public static decimal Net(JsonObject payment) =>
        QuickBooksBooks.Lines(payment).Sum(line =>
        {
            var amount = QuickBooksWire.Number(line["Amount"]);
            var types = (line["LinkedTxn"] as JsonArray ?? []).OfType<JsonObject>().Select(t => QuickBooksWire.Text(t["TxnType"])).ToList();
            return types.Contains("CreditMemo") ? -amount : amount;
        });
}
