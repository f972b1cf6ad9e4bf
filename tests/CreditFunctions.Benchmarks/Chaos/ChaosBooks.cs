using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CreditFunctions.LedgerSimulators.Myob;
using CreditFunctions.LedgerSimulators.QuickBooks;
using CreditFunctions.LedgerSimulators.Xero;

namespace CreditFunctions.Benchmarks.Chaos;

/// <summary>
/// The chaos run's view of the ledger simulator's books through its control API (another process): seeds the invoices
/// the payments settle and reads what is left on an invoice or a credit, the same way for each ledger's wire format.
/// </summary>
internal sealed class ChaosBooks(string ledgerName, Uri ledger)
{
    private static readonly DateOnly InvoiceDate = new(2026, 11, 1);

    private readonly HttpClient _http = new() { BaseAddress = ledger, Timeout = TimeSpan.FromSeconds(30) };

    public async Task SeedInvoicesAsync(IReadOnlyList<string> numbers, decimal total)
    {
        var customer = ledgerName switch
        {
            "myob" => MyobDemo.ExampleCustomerId.ToString(),
            "quickbooks" => (string)(await GetJsonAsync($"_sim/companies/{QuickBooksDemo.RealmId}/invoices?number=INV-0001"))!["CustomerRef"]!["value"]!,
            _ => XeroDemo.ExampleCustomerId.ToString(),
        };
        foreach (var number in numbers)
        {
            var (path, body) = ledgerName switch
            {
                "myob" => ($"_sim/tenants/{MyobDemo.CompanyFileId}/invoices", (object)new { invoiceNumber = number, contactId = customer, total, date = InvoiceDate }),
                "quickbooks" => ($"_sim/companies/{QuickBooksDemo.RealmId}/invoices", new { docNumber = number, customerId = customer, total, txnDate = InvoiceDate }),
                _ => ($"_sim/tenants/{XeroDemo.TenantId}/invoices", new { invoiceNumber = number, contactId = customer, total, date = InvoiceDate }),
            };
            using var response = await _http.PostAsJsonAsync(path, body);
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>What is still due on invoice <paramref name="number"/>.</summary>
    public async Task<decimal?> AmountDueAsync(string number) => ledgerName switch
    {
        "myob" => Amount(await GetJsonAsync($"_sim/tenants/{MyobDemo.CompanyFileId}/invoices?number={number}"), "BalanceDueAmount"),
        "quickbooks" => Amount(await GetJsonAsync($"_sim/companies/{QuickBooksDemo.RealmId}/invoices/{number}/amount-due"), "amountDue"),
        _ => Amount(await GetJsonAsync($"_sim/tenants/{XeroDemo.TenantId}/invoices?number={number}"), "AmountDue"),
    };

    /// <summary>What is left of credit note <paramref name="number"/>'s credit (MYOB states it as a negative balance due).</summary>
    public async Task<decimal?> RemainingCreditAsync(string number)
    {
        var documents = ledgerName == "quickbooks" ? "credit-memos" : "credit-notes";
        var found = await GetJsonAsync($"_sim/{documents}?number={number}") as JsonArray;
        var note = found is [var only] ? only : null;
        var left = Amount(note, ledgerName == "myob" ? "BalanceDueAmount" : "RemainingCredit");
        return left is { } value ? Math.Abs(value) : null;
    }

    /// <summary>
    /// Reads each item until every one shows <paramref name="expected"/> or <paramref name="timeout"/> passes (every 2 s:
    /// the ledger is another process). Less than expected left means posted more than once; more (or none), not at all.
    /// </summary>
    public async Task<(int Duplicates, int Lost)> SettleAsync(IReadOnlyList<string> numbers, Func<string, Task<decimal?>> read, decimal expected, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        using var poll = new PeriodicTimer(TimeSpan.FromSeconds(2));
        int duplicates, lost;
        do
        {
            duplicates = 0;
            lost = 0;
            foreach (var number in numbers)
            {
                var left = await read(number);
                duplicates += left < expected ? 1 : 0;
                lost += left is null || left > expected ? 1 : 0;
            }

            if (lost == 0)
            {
                break;
            }
        }
        while (clock.Elapsed < timeout && await poll.WaitForNextTickAsync());

        return (duplicates, lost);
    }

    private static decimal? Amount(JsonNode? node, string field) =>
        node?[field] is JsonValue value ? decimal.Parse(value.ToJsonString().Trim('"'), NumberStyles.Number, CultureInfo.InvariantCulture) : null;

    private async Task<JsonNode?> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
    }
}
