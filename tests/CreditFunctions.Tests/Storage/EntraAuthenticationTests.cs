using System.Net;
using Azure.Core;
using CreditFunctions.Storage;
using CreditFunctions.Storage.Tables;
using Microsoft.Extensions.Configuration;

namespace CreditFunctions.Tests.Storage;

public sealed class EntraAuthenticationTests
{
    [Fact]
    public async Task An_identity_based_connection_sends_a_bearer_token_for_the_storage_scope_to_both_services()
    {
        var credential = new RecordingCredential();
        var handler = new FakeStorageHandler();
        handler.Answer(HttpStatusCode.NotFound, headers: ("x-ms-error-code", "ResourceNotFound"));
        handler.Answer(HttpStatusCode.OK, headers: ("x-ms-approximate-messages-count", "3"));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage:accountName"] = "creditfn" })
            .Build();
        var clients = StorageConnection.Open(configuration, credentialFactory: _ => credential, configure: handler.Configure);

        Assert.Null(await clients.GetTableClient("workflow").FindEntityAsync("p", "r"));
        Assert.Equal(3, (await clients.GetQueueClient("steps").GetPropertiesAsync()).Value.ApproximateMessagesCount);

        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal("Bearer token-1", r.Authorization));
        Assert.Equal("https://creditfn.table.core.windows.net/workflow(PartitionKey='p',RowKey='r')", handler.Requests[0].Uri.GetLeftPart(UriPartial.Path));
        Assert.Equal("https://creditfn.queue.core.windows.net/steps?comp=metadata", handler.Requests[1].Uri.AbsoluteUri);

        // Pinned: Azurite 3.37 started without --skipApiVersionCheck refuses the package's newer default (400 InvalidHeaderValue).
        Assert.Equal("2025-11-05", handler.Requests[1].Headers["x-ms-version"]);
        Assert.NotEmpty(credential.Scopes);
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
