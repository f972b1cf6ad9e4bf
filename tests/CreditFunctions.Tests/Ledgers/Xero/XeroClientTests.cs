using System.Net;
using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.Xero;

namespace CreditFunctions.Tests.Ledgers.Xero;

public sealed class XeroClientTests
{
    private const string Created = """{"CreditNotes":[{"CreditNoteID":"cn-1","CreditNoteNumber":"CN-1001","Status":"AUTHORISED","Total":110,"RemainingCredit":110}]}""";

    [Fact]
    public async Task A_write_carries_bearer_tenant_idempotency_and_accept_headers()
    {
        var stack = await XeroTestStack.CreateAsync(_ => ScriptedHttpHandler.Json(HttpStatusCode.OK, Created));

        await stack.Client.CreateCreditNotesAsync(XeroTestStack.Connection, [new XeroCreditNote { CreditNoteNumber = "CN-1001" }], "key-1", CancellationToken.None);

        var request = Assert.Single(stack.ApiRequests);
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Equal("/api.xro/2.0/CreditNotes?summarizeErrors=false", request.PathAndQuery);
        Assert.Equal("Bearer access-1", request.Header("Authorization"));
        Assert.Equal("tenant-1", request.Header("xero-tenant-id"));
        Assert.Equal("key-1", request.Header("Idempotency-Key"));
        Assert.Equal("application/json", request.Header("Accept"));
    }

    [Fact]
    public async Task A_read_back_filters_by_number_and_type()
    {
        var stack = await XeroTestStack.CreateAsync(_ => ScriptedHttpHandler.Json(HttpStatusCode.OK, """{"CreditNotes":[]}"""));

        await stack.Client.FindCreditNotesAsync(XeroTestStack.Connection, "CN-1001", "ACCRECCREDIT", CancellationToken.None);

        var request = Assert.Single(stack.ApiRequests);
        Assert.Equal("where=CreditNoteNumber==\"CN-1001\" AND Type==\"ACCRECCREDIT\"", Uri.UnescapeDataString(request.Uri.Query.TrimStart('?')));
        Assert.Null(request.Header("Idempotency-Key"));
    }

    [Fact]
    public async Task A_401_renews_the_token_and_retries_once()
    {
        var stack = await XeroTestStack.CreateAsync(r => r.Header("Authorization") == "Bearer access-1"
            ? new HttpResponseMessage(HttpStatusCode.Unauthorized)
            : ScriptedHttpHandler.Json(HttpStatusCode.OK, Created));

        var result = await stack.Client.CreateCreditNotesAsync(XeroTestStack.Connection, [new XeroCreditNote()], "key-1", CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(2, stack.TokensIssued);
        Assert.Equal(["key-1", "key-1"], stack.ApiRequests.Select(r => r.Header("Idempotency-Key")));
    }

    [Fact]
    public async Task A_second_401_is_AuthorisationLost()
    {
        var stack = await XeroTestStack.CreateAsync(_ => new HttpResponseMessage(HttpStatusCode.Unauthorized));

        var result = await stack.Client.GetOrganisationAsync(XeroTestStack.Connection, CancellationToken.None);

        Assert.Equal(LedgerFailureKind.AuthorisationLost, result.Failure!.Kind);
        Assert.Equal(2, stack.ApiRequests.Count());
    }

    [Fact]
    public async Task A_write_whose_answer_never_comes_is_Ambiguous_after_the_request_timeout()
    {
        var never = new TaskCompletionSource<HttpResponseMessage>();
        var sent = new TaskCompletionSource();
        var stack = await XeroTestStack.CreateAsync(_ =>
        {
            sent.TrySetResult();
            return never.Task;
        });

        var pending = stack.Client.CreateCreditNotesAsync(XeroTestStack.Connection, [new XeroCreditNote()], "key-1", CancellationToken.None);
        await sent.Task.WaitAsync(TimeSpan.FromSeconds(10));
        stack.Time.Advance(stack.Options.Value.RequestTimeout);

        Assert.Equal(LedgerFailureKind.Ambiguous, (await pending.WaitAsync(TimeSpan.FromSeconds(10))).Failure!.Kind);
    }

    [Fact]
    public async Task A_read_whose_answer_never_comes_is_Transient()
    {
        var never = new TaskCompletionSource<HttpResponseMessage>();
        var sent = new TaskCompletionSource();
        var stack = await XeroTestStack.CreateAsync(_ =>
        {
            sent.TrySetResult();
            return never.Task;
        });

        var pending = stack.Client.GetOrganisationAsync(XeroTestStack.Connection, CancellationToken.None);
        await sent.Task.WaitAsync(TimeSpan.FromSeconds(10));
        stack.Time.Advance(stack.Options.Value.RequestTimeout);

        Assert.Equal(LedgerFailureKind.Transient, (await pending.WaitAsync(TimeSpan.FromSeconds(10))).Failure!.Kind);
    }

    [Fact]
    public async Task A_refused_connection_is_Transient_even_for_a_write()
    {
        var stack = await XeroTestStack.CreateAsync(_ => Task.FromException<HttpResponseMessage>(new HttpRequestException(HttpRequestError.ConnectionError, "refused")));

        var result = await stack.Client.CreateCreditNotesAsync(XeroTestStack.Connection, [new XeroCreditNote()], "key-1", CancellationToken.None);

        Assert.Equal(LedgerFailureKind.Transient, result.Failure!.Kind);
    }

    [Fact]
    public async Task A_connection_that_breaks_after_a_write_was_sent_is_Ambiguous()
    {
        var stack = await XeroTestStack.CreateAsync(_ => Task.FromException<HttpResponseMessage>(new HttpRequestException(HttpRequestError.ResponseEnded, "ended")));

        var result = await stack.Client.CreateCreditNotesAsync(XeroTestStack.Connection, [new XeroCreditNote()], "key-1", CancellationToken.None);

        Assert.Equal(LedgerFailureKind.Ambiguous, result.Failure!.Kind);
    }

    [Fact]
    public async Task A_429_blocks_the_tenant_in_the_pacer_for_Retry_After()
    {
        var stack = await XeroTestStack.CreateAsync(_ =>
        {
            var response = new HttpResponseMessage((HttpStatusCode)429);
            response.Headers.Add("X-Rate-Limit-Problem", "minute");
            response.Headers.Add("Retry-After", "20");
            return response;
        });

        var result = await stack.Client.GetOrganisationAsync(XeroTestStack.Connection, CancellationToken.None);
        var next = stack.Gate.AcquireAsync("tenant-1", CancellationToken.None);

        Assert.Equal((LedgerFailureKind.Throttled, TimeSpan.FromSeconds(20)), (result.Failure!.Kind, result.Failure.RetryAfter));
        Assert.False(next.IsCompleted);
        stack.Time.Advance(TimeSpan.FromSeconds(20));
        (await next.WaitAsync(TimeSpan.FromSeconds(10))).Value!.Dispose();
    }
}
