using System.Text.Json.Nodes;

namespace CreditFunctions.IntegrationTests.LedgerSimulators.QuickBooks;

/// <summary>Closing date (Q8), Preferences (contract §9), CDC (Q10) and customers (contract §8).</summary>
public sealed class QuickBooksBooksTests
{
    [Fact]
    public async Task Writes_dated_on_or_before_the_closing_date_are_refused_with_Account_Period_Closed()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        var close = harness.Today.AddDays(-10);
        var invoiceId = harness.SeedInvoice("INV-1", 500m);
        var memo = await harness.CreateCreditMemoAsync("CN-0");
        harness.Simulator.Control.SetBookCloseDate(harness.RealmId, close);

        var onClose = await harness.PostAsync("creditmemo", harness.CreditMemo("CN-1", date: close));
        var after = await harness.PostAsync("creditmemo", harness.CreditMemo("CN-2", date: close.AddDays(1)));
        var payment = await harness.PostAsync("payment", QuickBooksHarness.ZeroPayment(harness.CustomerId, invoiceId, (string)memo["Id"]!, 10m, close.AddDays(-1)));
        var preferences = await harness.CallAsync(HttpMethod.Get, QuickBooksHarness.Path("preferences"));

        Assert.Equal((400, "Account Period Closed"), (onClose.Status, QuickBooksHarness.Message(onClose.Body)));
        Assert.Equal(200, after.Status);
        Assert.Equal("Account Period Closed", QuickBooksHarness.Message(payment.Body));
        Assert.Equal(close.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), (string?)preferences.Body["Preferences"]!["AccountingInfoPrefs"]!["BookCloseDate"]);
    }

    [Fact]
    public async Task Without_a_closing_date_Preferences_has_no_BookCloseDate()
    {
        await using var harness = await QuickBooksHarness.StartAsync();

        var (_, body, _) = await harness.QueryAsync("select * from Preferences");

        Assert.Null(body["QueryResponse"]!["Preferences"]![0]!["AccountingInfoPrefs"]!["BookCloseDate"]);
    }

    [Fact]
    public async Task CDC_returns_changes_since_a_time_with_deleted_ones_marked_and_refuses_more_than_30_days_back()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        var since = harness.Time.GetUtcNow();
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var kept = await harness.CreateCreditMemoAsync("CN-3");
        var gone = await harness.CreateCreditMemoAsync("CN-4");
        await harness.PostAsync("creditmemo", new JsonObject { ["Id"] = (string?)gone["Id"], ["SyncToken"] = "0" }, "operation=delete");
        string Query(DateTimeOffset at) => "entities=CreditMemo,Payment&changedSince=" + Uri.EscapeDataString(at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));

        var (status, body, _) = await harness.CallAsync(HttpMethod.Get, QuickBooksHarness.Path("cdc", Query(since)));
        var tooOld = await harness.CallAsync(HttpMethod.Get, QuickBooksHarness.Path("cdc", Query(since.AddDays(-31))));

        Assert.Equal(200, status);
        var memos = body["CDCResponse"]![0]!["QueryResponse"]![0]!["CreditMemo"]!.AsArray();
        Assert.Equal((string?)kept["Id"], (string?)memos[0]!["Id"]);
        Assert.Equal(((string?)gone["Id"], "Deleted"), ((string?)memos[1]!["Id"], (string?)memos[1]!["status"]));
        Assert.Equal(400, tooOld.Status);
    }

    [Fact]
    public async Task CDC_answers_at_most_1000_objects()
    {
        await using var harness = await QuickBooksHarness.StartAsync(o => o.RateLimits = new(10, 100_000, 100_000, 40));
        var since = harness.Time.GetUtcNow();
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 1001; i++)
        {
            harness.Simulator.Seed.Invoice(harness.RealmId, $"INV-{i}", harness.CustomerId, 10m);
        }

        var (_, body, _) = await harness.CallAsync(HttpMethod.Get, QuickBooksHarness.Path("cdc", "entities=Invoice&changedSince=" + Uri.EscapeDataString(since.ToString("O", System.Globalization.CultureInfo.InvariantCulture))));

        Assert.Equal(1000, body["CDCResponse"]![0]!["QueryResponse"]![0]!["Invoice"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_customer_display_name_is_unique()
    {
        await using var harness = await QuickBooksHarness.StartAsync();

        var (status, body, _) = await harness.PostAsync("customer", new JsonObject { ["DisplayName"] = "cafe bean" });
        var (_, found, _) = await harness.QueryAsync("select * from Customer where DisplayName = 'Cafe Bean'");

        Assert.Equal((400, "6240"), (status, QuickBooksHarness.Code(body)));
        Assert.Equal(harness.CustomerId, (string?)found["QueryResponse"]!["Customer"]![0]!["Id"]);
    }

    [Fact]
    public async Task A_token_for_another_company_is_refused_with_403()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        var other = harness.Simulator.Seed.Company("Other");

        var (status, body, _) = await harness.CallAsync(HttpMethod.Get, QuickBooksHarness.Path("preferences"), realmId: other);

        Assert.Equal((403, "3100"), (status, QuickBooksHarness.Code(body)));
    }
}
