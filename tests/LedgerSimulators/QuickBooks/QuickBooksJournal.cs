using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.QuickBooks;

/// <summary>
/// JournalEntry (F L12112): "The total of the debits must equal the total of the credits"; every line is a
/// JournalEntryLineDetail with PostingType and AccountRef (F L8339, L8359); a line posting to Accounts Receivable or
/// Payable must name its Entity (Q4). A debit to AR for a customer is what a Payment can apply a credit to (Q2, the
/// Ordway refund pattern).
/// </summary>
internal static class QuickBooksJournal
{
    public static JsonObject? Validate(QuickBooksCompany company, JsonObject entry)
    {
        var lines = QuickBooksBooks.Lines(entry).ToList();
        if (lines.Count < 2)
        {
            return QuickBooksWire.RequiredMissing("Line");
        }

        decimal debits = 0m, credits = 0m;
        var number = 1;
        foreach (var line in lines)
        {
            line["Id"] = (number++).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (line["Amount"] is null)
            {
                return QuickBooksWire.RequiredMissing("Line.Amount");
            }

            if (line["JournalEntryLineDetail"] is not JsonObject detail)
            {
                return QuickBooksWire.RequiredMissing("Line.JournalEntryLineDetail");
            }

            var posting = QuickBooksWire.Text(detail["PostingType"]);
            if (posting is not ("Debit" or "Credit"))
            {
                return QuickBooksWire.RequiredMissing("Line.JournalEntryLineDetail.PostingType");
            }

            var account = QuickBooksWire.RefValue(detail["AccountRef"]);
            if (account is null)
            {
                return QuickBooksWire.RequiredMissing("Line.JournalEntryLineDetail.AccountRef");
            }

            if (!company.Accounts.TryGetValue(account, out var type))
            {
                return QuickBooksWire.InvalidReference("AccountRef", account);
            }

            var entity = QuickBooksWire.RefValue((detail["Entity"] as JsonObject)?["EntityRef"]);
            if (type is "Accounts Receivable" or "Accounts Payable" && entity is null)
            {
                // intuit/QuickBooks-V3-PHP-SDK #78: "entries for Accounts Receivable or Accounts Payable require the optional Entity".
                return QuickBooksWire.Business("When you use Accounts Receivable, you must choose a customer in the Name field. (AR/AP lines require Entity.)");
            }

            if (entity is not null && company.Find("Customer", entity) is null)
            {
                return QuickBooksWire.InvalidReference("Entity.EntityRef", entity);
            }

            var amount = QuickBooksWire.Number(line["Amount"]);
            if (posting == "Debit")
            {
                debits += amount;
            }
            else
            {
                credits += amount;
            }
        }

        if (debits != credits)
        {
            return QuickBooksWire.Business("The total of the debits must equal the total of the credits.");
        }

        entry["TotalAmt"] = debits;
        return null;
    }

    /// <summary>The AR debits of the entry for <paramref name="customerId"/>: what a Payment may apply to it.</summary>
    public static decimal Receivable(JsonObject entry, string customerId) =>
        QuickBooksBooks.Lines(entry)
            .Where(l => l["JournalEntryLineDetail"] is JsonObject d
                && QuickBooksWire.Text(d["PostingType"]) == "Debit"
                && QuickBooksWire.RefValue(d["AccountRef"]) == QuickBooksCompany.ReceivableAccountId
                && QuickBooksWire.RefValue((d["Entity"] as JsonObject)?["EntityRef"]) == customerId)
            .Sum(l => QuickBooksWire.Number(l["Amount"]));
}
