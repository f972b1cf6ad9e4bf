using System.Net;
using Azure.Core;
using CreditFunctions.Storage.Queues;
using CreditFunctions.Storage.Tables;

namespace CreditFunctions.Tests.Storage;

public sealed class EntraAuthenticationTests
{
    [Fact]
    public async Task Table_and_queue_requests_carry_a_bearer_token_for_the_storage_scope()
    {
        var credential = new RecordingCredential();
        var handler = new FakeStorageHandler();
        handler.Answer(HttpStatusCode.NotFound);
        handler.Answer(HttpStatusCode.OK, headers: ("x-ms-approximate-messages-count", "3"));
        var table = new TableClient(new Uri("https://creditfn.table.core.windows.net"), "workflow", credential, handler.Options());
        var queue = new QueueClient(new Uri("https://creditfn.queue.core.windows.net"), "steps", credential, handler.Options());

        Assert.Null(await table.GetEntityIfExistsAsync("p", "r"));
        Assert.Equal(3, await queue.GetApproximateMessageCountAsync());

        Assert.All(handler.Requests, r => Assert.Equal("Bearer token-1", r.Authorization));
        Assert.All(handler.Requests, r => Assert.Equal("2025-11-05", r.Headers["x-ms-version"]));
        Assert.Equal("https://creditfn.table.core.windows.net/workflow(PartitionKey='p',RowKey='r')", handler.Requests[0].Uri.AbsoluteUri);
        Assert.Equal("https://creditfn.queue.core.windows.net/steps?comp=metadata", handler.Requests[1].Uri.AbsoluteUri);
        Assert.All(credential.Scopes, s => Assert.Equal(["https://storage.azure.com/.default"], s));
    }

    private sealed class RecordingCredential : TokenCredential
    {
        public List<string[]> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.Add(requestContext.Scopes);
            return new AccessToken("token-1", DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }
}
