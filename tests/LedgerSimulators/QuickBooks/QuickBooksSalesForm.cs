using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.QuickBooks;

/// <summary>
/// Invoice, CreditMemo and RefundReceipt (SalesTransaction, F L5744, L11477, L11517): a CustomerRef and at least one
/// line; lines are SalesItemLineDetail (only a line with an ItemRef counts toward the total, F L7207), DescriptionOnly
/// or DiscountLineDetail; QBO returns a SubTotalLineDetail line (contract §2) and recalculates TotalAmt (F L5402).
/// </summary>
internal static class QuickBooksSalesForm
{
    public static JsonObject? Apply(QuickBooksCompany company, string entity, JsonObject stored, decimal applied)
    {
        var customerId = QuickBooksWire.RefValue(stored["CustomerRef"]);
        if (customerId is null)
        {
            return QuickBooksWire.RequiredMissing("CustomerRef");
        }

        if (company.Find("Customer", customerId) is not { } customer)
        {
            return QuickBooksWire.InvalidReference("CustomerRef", customerId);
        }

        if (customer["Active"]?.GetValue<bool>() == false)
        {
            return QuickBooksWire.NotFound("Customer", customerId); // contract §8: an inactive reference gives 610
        }

        // F L4785: DocNumber at most 21 characters; too long is 2050 "Min:0 Max:21".
        if (QuickBooksWire.Text(stored["DocNumber"]) is { Length: > 21 })
        {
            return QuickBooksWire.Fault("ValidationFault", "2050", "String length is either shorter or longer than supported by specification", "String length specified does not match the supported length. Min:0 Max:21 supported. Supplied length:" + QuickBooksWire.Text(stored["DocNumber"])!.Length, "DocNumber");
        }

        if (entity == "RefundReceipt" && QuickBooksWire.RefValue(stored["DepositToAccountRef"]) is not { } account)
        {
            // Contract §6: believed required (UNVERIFIED): the account the refund is paid from.
            return QuickBooksWire.RequiredMissing("DepositToAccountRef");
        }
        else if (entity == "RefundReceipt" && !company.Accounts.ContainsKey(QuickBooksWire.RefValue(stored["DepositToAccountRef"])!))
        {
            return QuickBooksWire.InvalidReference("DepositToAccountRef", QuickBooksWire.RefValue(stored["DepositToAccountRef"]));
        }

        var input = QuickBooksBooks.Lines(stored).Where(l => QuickBooksWire.Text(l["DetailType"]) != "SubTotalLineDetail").ToList();
        if (input.Count == 0)
        {
            // F L5744: "An invoice must have at least one line … and an amount".
            return QuickBooksWire.RequiredMissing("Line");
        }

        var lines = new JsonArray();
        var subtotal = 0m;
        var number = 1;
        foreach (var line in input)
        {
            var detailType = QuickBooksWire.Text(line["DetailType"]);
            if (detailType is null)
            {
                return QuickBooksWire.RequiredMissing("Line.DetailType");
            }

            var copy = (JsonObject)line.DeepClone();
            copy["Id"] = (number++).ToString(System.Globalization.CultureInfo.InvariantCulture);
            switch (detailType)
            {
                case "SalesItemLineDetail":
                    var detail = copy["SalesItemLineDetail"] as JsonObject ?? [];
                    var amount = QuickBooksWire.OptionalNumber(copy["Amount"])
                        ?? (QuickBooksWire.OptionalNumber(detail["Qty"]) ?? 1m) * (QuickBooksWire.OptionalNumber(detail["UnitPrice"]) ?? 0m);
                    copy["Amount"] = amount;
                    if (QuickBooksWire.RefValue(detail["ItemRef"]) is not null)
                    {
                        subtotal += amount;
                    }

                    break;
                case "DiscountLineDetail":
                    subtotal -= QuickBooksWire.Number(copy["Amount"]);
                    break;
                case "DescriptionOnly":
                    break;
                default:
                    return QuickBooksWire.Fault("ValidationFault", "2010", "Request has invalid or unsupported property", $"Line.DetailType {detailType} is not supported on {entity}", "Line.DetailType");
            }

            lines.Add(copy);
        }

        lines.Add(new JsonObject { ["Amount"] = subtotal, ["DetailType"] = "SubTotalLineDetail", ["SubTotalLineDetail"] = new JsonObject() });
        stored["Line"] = lines;
        var calculation = QuickBooksWire.Text(stored["GlobalTaxCalculation"]) ?? "TaxExcluded";
        stored["GlobalTaxCalculation"] = calculation;
        var tax = calculation == "NotApplicable" ? 0m : QuickBooksWire.Number((stored["TxnTaxDetail"] as JsonObject)?["TotalTax"]);
        stored["TxnTaxDetail"] = new JsonObject { ["TotalTax"] = tax };
        var total = subtotal + (calculation == "TaxExcluded" ? tax : 0m);
        if (total < 0m)
        {
            return QuickBooksWire.Business($"The {entity} total cannot be negative.");
        }

        if (total < applied)
        {
            return QuickBooksWire.Business($"This {entity} has {applied:0.00} applied by payments; its total cannot fall below that. Unapply it first.");
        }

        stored["TotalAmt"] = total;
        return null;
    }
}
