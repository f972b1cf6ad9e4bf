using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CreditFunctions.IntegrationTests.LedgerSimulators.Xero;

/// <summary>The chart of accounts: Xero refuses unknown or archived account codes on documents and payments to accounts that take none.</summary>
public sealed class XeroChartTests
{
    [Fact]
    public async Task The_default_chart_lists_the_bank_sales_holding_and_write_off_accounts()
    {
        await using var xero = await XeroHarness.StartAsync();

        var (response, body) = await xero.CallAsync(HttpMethod.Get, "Accounts");
        var codes = body.GetProperty("Accounts").EnumerateArray().ToDictionary(a => a.GetProperty("Code").GetString()!, a => a);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("BANK", codes["090"].GetProperty("Type").GetString());
        Assert.Equal("REVENUE", codes["200"].GetProperty("Type").GetString());
        Assert.True(codes["835"].GetProperty("EnablePaymentsToAccount").GetBoolean());
        Assert.True(codes["620"].GetProperty("EnablePaymentsToAccount").GetBoolean());
        Assert.Equal("EXPENSE", codes["684"].GetProperty("Type").GetString());
    }

    [Fact]
    public async Task A_credit_note_line_with_an_unknown_account_code_is_refused_in_Xeros_words()
    {
        await using var xero = await XeroHarness.StartAsync();
        var note = new
        {
            Type = "ACCRECCREDIT",
            Status = "AUTHORISED",
            Contact = new { ContactID = xero.ContactId.ToString() },
            LineItems = new[] { new { Description = "x", Quantity = 1m, UnitAmount = 10m, AccountCode = "4999", TaxType = "OUTPUT" } },
        };

        var (response, body) = await xero.CallAsync(HttpMethod.Put, "CreditNotes", new { CreditNotes = new[] { note } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Account code '4999' is not a valid code for this document.", XeroAllocationsTests.Message(body));
        Assert.Empty(xero.Simulator.Store.CreditNotes(xero.TenantId));
    }

    [Fact]
    public async Task An_archived_account_is_refused_on_invoices_and_bank_transactions_until_restored()
    {
        await using var xero = await XeroHarness.StartAsync();
        xero.Simulator.Control.ArchiveAccount(xero.TenantId, "200");
        var invoice = new
        {
            Type = "ACCREC",
            Status = "AUTHORISED",
            Contact = new { ContactID = xero.ContactId.ToString() },
            LineItems = new[] { new { Description = "x", Quantity = 1m, UnitAmount = 10m, AccountCode = "200", TaxType = "OUTPUT" } },
        };
        var receive = new
        {
            Type = "RECEIVE",
            Contact = new { ContactID = xero.ContactId.ToString() },
            BankAccount = new { Code = "090" },
            LineAmountTypes = "NoTax",
            LineItems = new[] { new { Description = "x", Quantity = 1m, UnitAmount = 10m, AccountCode = "200" } },
        };

        var (refusedInvoice, invoiceBody) = await xero.CallAsync(HttpMethod.Put, "Invoices", new { Invoices = new[] { invoice } });
        var (refusedReceive, receiveBody) = await xero.CallAsync(HttpMethod.Put, "BankTransactions", new { BankTransactions = new[] { receive } });
        xero.Simulator.Control.ArchiveAccount(xero.TenantId, "200", archived: false);
        var (created, createdBody) = await xero.CallAsync(HttpMethod.Put, "Invoices", new { Invoices = new[] { invoice } });

        Assert.Equal(HttpStatusCode.BadRequest, refusedInvoice.StatusCode);
        Assert.Contains("has been archived", XeroAllocationsTests.Message(invoiceBody)!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, refusedReceive.StatusCode);
        Assert.Contains("has been archived", XeroAllocationsTests.Message(receiveBody)!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(11m, createdBody.GetProperty("Invoices")[0].GetProperty("AmountDue").GetDecimal());
        Assert.StartsWith("INV-", createdBody.GetProperty("Invoices")[0].GetProperty("InvoiceNumber").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_payment_from_an_account_that_is_neither_a_bank_nor_enabled_for_payments_is_refused()
    {
        await using var xero = await XeroHarness.StartAsync();
        var invoiceId = xero.SeedInvoice("INV-1", 100m);

        var (fromSales, salesBody) = await xero.CallAsync(HttpMethod.Put, "Payments", new { Payments = new[] { Pay(invoiceId, "200", 10m, xero.Today) } });
        var (fromUnknown, unknownBody) = await xero.CallAsync(HttpMethod.Put, "Payments", new { Payments = new[] { Pay(invoiceId, "999", 10m, xero.Today) } });
        var (fromCredits, _) = await xero.CallAsync(HttpMethod.Put, "Payments", new { Payments = new[] { Pay(invoiceId, "835", 10m, xero.Today) } });

        Assert.Equal(HttpStatusCode.BadRequest, fromSales.StatusCode);
        Assert.Contains("EnablePaymentsToAccount", XeroAllocationsTests.Message(salesBody)!, StringComparison.Ordinal);
        Assert.Equal("Account must be valid.", XeroAllocationsTests.Message(unknownBody));
        Assert.Equal(HttpStatusCode.OK, fromCredits.StatusCode);
    }

    [Fact]
    public async Task A_receive_or_spend_line_without_an_account_code_is_refused()
    {
        await using var xero = await XeroHarness.StartAsync();
        var spend = new
        {
            Type = "SPEND",
            Contact = new { ContactID = xero.ContactId.ToString() },
            BankAccount = new { Code = "090" },
            LineAmountTypes = "NoTax",
            LineItems = new[] { new { Description = "x", Quantity = 1m, UnitAmount = 10m } },
        };

        var (response, body) = await xero.CallAsync(HttpMethod.Put, "BankTransactions", new { BankTransactions = new[] { spend } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Account code must be specified", XeroAllocationsTests.Message(body));
    }

    [Fact]
    public async Task The_control_API_adds_and_archives_accounts_and_enters_a_payment_by_bank_reconciliation()
    {
        await using var xero = await XeroHarness.StartAsync();
        xero.SeedInvoice("INV-7", 300m);

        var added = await xero.Http.PostAsJsonAsync($"_sim/tenants/{xero.TenantId}/accounts", new { code = "836", name = "Gift cards", type = "CURRLIAB", enablePaymentsToAccount = true });
        var reconciled = await xero.Http.PostAsJsonAsync($"_sim/tenants/{xero.TenantId}/bank-reconciliation-payments", new { invoiceNumber = "INV-7", amount = 120m, date = xero.Today, accountCode = "836" });
        var tooMuch = await xero.Http.PostAsJsonAsync($"_sim/tenants/{xero.TenantId}/bank-reconciliation-payments", new { invoiceNumber = "INV-7", amount = 181m });
        var archived = await xero.Http.PostAsync($"_sim/tenants/{xero.TenantId}/accounts/836/archive", null);
        var (_, accounts) = await xero.CallAsync(HttpMethod.Get, "Accounts?where=" + Uri.EscapeDataString("Code==\"836\""));
        var invoice = await xero.Http.GetFromJsonAsync<JsonElement>($"_sim/tenants/{xero.TenantId}/invoices?number=INV-7");
        var payments = await xero.Http.GetFromJsonAsync<JsonElement>($"_sim/tenants/{xero.TenantId}/payments");

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reconciled.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooMuch.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, archived.StatusCode);
        Assert.Equal("ARCHIVED", accounts.GetProperty("Accounts")[0].GetProperty("Status").GetString());
        Assert.Equal(180m, invoice.GetProperty("AmountDue").GetDecimal());
        Assert.Equal(120m, payments[0].GetProperty("Amount").GetDecimal());
        Assert.Equal(0, xero.Simulator.Counters.Snapshot().Operations.GetValueOrDefault("PUT /Payments"));
    }

    private static object Pay(Guid invoiceId, string accountCode, decimal amount, DateOnly date) => new
    {
        Invoice = new { InvoiceID = invoiceId.ToString() },
        Account = new { Code = accountCode },
        Amount = amount,
        Date = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };
}
