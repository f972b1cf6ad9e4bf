using System.Text.Json;

namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>
/// Line maths as Xero does it (Spec LineAmountTypes L20661: Exclusive by default, Inclusive, NoTax):
/// LineAmount = Quantity × UnitAmount (Quantity defaults to 1); TaxAmount as sent, else LineAmount × rate
/// (Exclusive) or LineAmount × rate / (1 + rate) (Inclusive); SubTotal, TotalTax and Total from the lines.
/// Tax rates are the Australian demo organisation's (GST 10%); unknown tax types are refused.
/// </summary>
internal static class XeroLineCalculator
{
    private static readonly Dictionary<string, decimal> Rates = new(StringComparer.OrdinalIgnoreCase)
    {
        ["OUTPUT"] = 0.10m,
        ["INPUT"] = 0.10m,
        ["CAPEXINPUT"] = 0.10m,
        ["GSTONIMPORTS"] = 0m,
        ["EXEMPTOUTPUT"] = 0m,
        ["EXEMPTINPUT"] = 0m,
        ["EXEMPTEXPENSES"] = 0m,
        ["EXEMPTCAPITAL"] = 0m,
        ["EXEMPTEXPORT"] = 0m,
        ["INPUTTAXED"] = 0m,
        ["BASEXCLUDED"] = 0m,
        ["NONE"] = 0m,
    };

    public static readonly string[] LineAmountTypeValues = ["Exclusive", "Inclusive", "NoTax"];

    public sealed record Totals(List<XeroLineRecord> Lines, decimal SubTotal, decimal TotalTax, decimal Total);

    public static Totals Compute(IReadOnlyList<JsonElement> lines, string lineAmountTypes, List<string> errors)
    {
        var records = new List<XeroLineRecord>();
        decimal subTotal = 0, totalTax = 0, total = 0;
        foreach (var line in lines)
        {
            var quantity = XeroWire.Decimal(line, "Quantity") ?? 1m;
            var unitAmount = XeroWire.Decimal(line, "UnitAmount") ?? 0m;
            var expected = XeroWire.Money(quantity * unitAmount);
            var lineAmount = XeroWire.Decimal(line, "LineAmount") is { } sent ? XeroWire.Money(sent) : expected;
            if (XeroWire.Decimal(line, "LineAmount") is not null && XeroWire.Decimal(line, "UnitAmount") is not null && lineAmount != expected)
            {
                errors.Add($"The line total {lineAmount:0.00} does not match the expected line total {expected:0.00}");
            }

            var taxType = XeroWire.String(line, "TaxType");
            decimal rate = 0;
            if (lineAmountTypes != "NoTax" && taxType is not null && !Rates.TryGetValue(taxType, out rate))
            {
                errors.Add($"The TaxType code '{taxType}' does not exist or cannot be used with this type of transaction.");
            }

            var tax = lineAmountTypes switch
            {
                "NoTax" => 0m,
                _ when XeroWire.Decimal(line, "TaxAmount") is { } given => XeroWire.Money(given),
                "Inclusive" => XeroWire.Money(lineAmount * rate / (1 + rate)),
                _ => XeroWire.Money(lineAmount * rate),
            };

            var (lineSubTotal, lineTotal) = lineAmountTypes == "Inclusive" ? (lineAmount - tax, lineAmount) : (lineAmount, lineAmount + tax);
            subTotal += lineSubTotal;
            totalTax += tax;
            total += lineTotal;
            records.Add(new XeroLineRecord(
                Guid.NewGuid(),
                XeroWire.String(line, "Description"),
                quantity,
                unitAmount,
                XeroWire.String(line, "AccountCode"),
                taxType ?? (lineAmountTypes == "NoTax" ? "NONE" : null),
                tax,
                lineAmount,
                XeroWire.String(line, "ItemCode")));
        }

        return new Totals(records, subTotal, totalTax, total);
    }
}
