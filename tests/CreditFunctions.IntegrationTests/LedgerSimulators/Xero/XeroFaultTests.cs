using System.Net;
using CreditFunctions.LedgerSimulators.Xero;

namespace CreditFunctions.IntegrationTests.LedgerSimulators.Xero;

/// <summary>Fault injection: 5xx, latency, hang until the client gives up, and commit-then-drop.</summary>
public sealed class XeroFaultTests
{
    [Fact]
    public async Task The_next_matching_calls_answer_5xx_and_apply_nothing()
    {
        await using var xero = await XeroHarness.StartAsync();
        xero.Simulator.Faults.FailNext(2, statusCode: 503, method: "PUT", pathContains: "/CreditNotes");
        var body = new { CreditNotes = new[] { xero.CreditNote("CN-1") } };

        var (read, _) = await xero.CallAsync(HttpMethod.Get, "CreditNotes");
        var (first, _) = await xero.CallAsync(HttpMethod.Put, "CreditNotes", body);
        var (second, _) = await xero.CallAsync(HttpMethod.Put, "CreditNotes", body);
        var (third, _) = await xero.CallAsync(HttpMethod.Put, "CreditNotes", body);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Single(xero.Simulator.Store.CreditNotesByNumber("CN-1"));
        Assert.Equal(2, xero.Simulator.Counters.Snapshot().FaultsInjected);
    }

    [Fact]
    public async Task Latency_holds_the_answer_until_the_clock_has_moved()
    {
        await using var xero = await XeroHarness.StartAsync();
        var applied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        xero.Simulator.Faults.Applied += _ => applied.TrySetResult();
        xero.Simulator.Faults.DelayNext(TimeSpan.FromSeconds(5));

        var call = xero.SendAsync(HttpMethod.Get, "Organisation");
        await applied.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var answeredEarly = call.IsCompleted;
        xero.Time.Advance(TimeSpan.FromSeconds(5));
        var response = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(answeredEarly);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_hung_call_never_answers_and_ends_when_the_client_gives_up()
    {
        await using var xero = await XeroHarness.StartAsync();
        var applied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        xero.Simulator.Faults.Applied += _ => applied.TrySetResult();
        xero.Simulator.Faults.HangNext(method: "PUT");
        using var timeout = new CancellationTokenSource();

        var call = xero.Http.SendAsync(xero.Request(HttpMethod.Put, "CreditNotes", new { CreditNotes = new[] { xero.CreditNote("CN-1") } }), timeout.Token);
        await applied.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await timeout.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Empty(xero.Simulator.Store.CreditNotesByNumber("CN-1"));
        var (next, _) = await xero.CallAsync(HttpMethod.Get, "Organisation");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Commit_then_drop_applies_the_write_loses_the_answer_and_a_keyed_retry_gets_the_cached_result()
    {
        await using var xero = await XeroHarness.StartAsync();
        xero.Simulator.Faults.CommitThenDropNext(method: "PUT", pathContains: "CreditNotes");
        var body = new { CreditNotes = new[] { xero.CreditNote("CN-1") } };

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => xero.SendAsync(HttpMethod.Put, "CreditNotes", body, idempotencyKey: "key-1"));
        var stored = Assert.Single(xero.Simulator.Store.CreditNotesByNumber("CN-1"));
        var (retry, retryBody) = await xero.CallAsync(HttpMethod.Put, "CreditNotes", body, idempotencyKey: "key-1");

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(stored["CreditNoteID"]!.GetValue<string>(), retryBody.GetProperty("CreditNotes")[0].GetProperty("CreditNoteID").GetString());
        Assert.Single(xero.Simulator.Store.CreditNotesByNumber("CN-1"));
    }

    [Fact]
    public async Task Faults_can_be_armed_and_cleared_through_the_control_api()
    {
        await using var xero = await XeroHarness.StartAsync();

        var armed = await xero.Http.PostAsync(new Uri("_sim/faults", UriKind.Relative),
            new StringContent("""{"kind":"serverError","count":3,"statusCode":500}""", System.Text.Encoding.UTF8, "application/json"));
        var (failed, _) = await xero.CallAsync(HttpMethod.Get, "Organisation");
        var pendingBeforeClear = xero.Simulator.Faults.Pending;
        var cleared = await xero.Http.DeleteAsync(new Uri("_sim/faults", UriKind.Relative));
        var (ok, _) = await xero.CallAsync(HttpMethod.Get, "Organisation");

        Assert.Equal(HttpStatusCode.NoContent, armed.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(2, pendingBeforeClear);
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(XeroFaultKind.ServerError, new XeroFaultRule(XeroFaultKind.ServerError).Kind);
    }
}
