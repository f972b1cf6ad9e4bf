using CreditFunctions.LedgerSimulators.QuickBooks;

namespace CreditFunctions.IntegrationTests.LedgerSimulators.QuickBooks;

/// <summary>Fault envelopes (R L136–184, Q9), including a Fault inside an HTTP 200, and the injected faults.</summary>
public sealed class QuickBooksFaultTests
{
    [Fact]
    public async Task A_fault_inside_an_HTTP_200_carries_the_Fault_envelope_and_applies_nothing()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        harness.Simulator.Faults.FaultInOkNext("ValidationFault", "6000", "A business validation error has occurred while processing your request");

        var (status, body, _) = await harness.PostAsync("creditmemo", harness.CreditMemo("CN-1"));

        Assert.Equal(200, status);
        Assert.Equal(("6000", "ValidationFault"), (QuickBooksHarness.Code(body), (string?)body["Fault"]!["type"]));
        Assert.Null(body["CreditMemo"]);
        Assert.Empty(harness.Simulator.Store.CreditMemosByNumber("CN-1"));
    }

    [Fact]
    public async Task A_server_error_is_a_SERVICE_fault_and_applies_nothing()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        harness.Simulator.Faults.FailNext(statusCode: 503);

        var (status, body, _) = await harness.PostAsync("creditmemo", harness.CreditMemo("CN-2"));

        Assert.Equal((503, "SERVICE"), (status, (string?)body["Fault"]!["type"]));
        Assert.Empty(harness.Simulator.Store.CreditMemosByNumber("CN-2"));
        Assert.Equal(1, harness.Simulator.Counters.Snapshot().FaultsInjected);
    }

    [Fact]
    public async Task Every_answer_carries_an_intuit_tid()
    {
        await using var harness = await QuickBooksHarness.StartAsync();

        var (_, _, response) = await harness.CallAsync(HttpMethod.Get, QuickBooksHarness.Path("preferences"));

        Assert.True(response.Headers.Contains("intuit_tid"));
    }

    [Fact]
    public async Task The_schema_name_check_catches_a_name_outside_the_schema()
    {
        var names = new QuickBooksSchemaNames();

        names.OnExchange(new QuickBooksExchange("GET", "/v3/company/1/creditmemo/1", "", "", 200, new Dictionary<string, string>(), """{"CreditMemo":{"Id":"1","CreditNoteID":"x"},"time":"t"}""", false));

        Assert.Equal(["GET /v3/company/1/creditmemo/1: 'CreditNoteID'"], names.Violations);
    }
}
