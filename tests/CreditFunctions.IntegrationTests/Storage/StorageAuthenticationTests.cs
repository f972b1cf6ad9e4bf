using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.Storage;
using CreditFunctions.Storage.Queues;
using CreditFunctions.Storage.Tables;

namespace CreditFunctions.IntegrationTests.Storage;

[Collection("Azurite")]
public sealed class StorageAuthenticationTests
{
    private const string WrongKey = "AAAAvdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static string ConnectionWithKey(string key) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={key};" +
        "QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";

    [Fact]
    public async Task An_explicit_account_key_connection_string_works_for_both_services()
    {
        var connection = ConnectionWithKey(StorageAccount.DevelopmentAccountKey);
        var table = new TableClient(connection, StorageNames.Table("auth"));
        var queue = new QueueClient(connection, StorageNames.Queue("auth"));

        try
        {
            Assert.True(await table.CreateIfNotExistsAsync());
            Assert.True(await queue.CreateIfNotExistsAsync());
        }
        finally
        {
            await table.DeleteIfExistsAsync();
            await queue.DeleteIfExistsAsync();
        }
    }

    [Fact]
    public async Task A_wrong_key_gets_403_with_the_error_code_and_no_signature_in_the_message()
    {
        var table = new TableClient(ConnectionWithKey(WrongKey), StorageNames.Table("auth"));
        var queue = new QueueClient(ConnectionWithKey(WrongKey), StorageNames.Queue("auth"));

        var tableError = await Assert.ThrowsAsync<StorageRequestFailedException>(() => table.CreateIfNotExistsAsync());
        var queueError = await Assert.ThrowsAsync<StorageRequestFailedException>(() => queue.CreateIfNotExistsAsync());

        Assert.Equal(403, tableError.Status);
        Assert.Equal("AuthorizationFailure", tableError.ErrorCode);
        Assert.Equal(403, queueError.Status);
        Assert.Equal("AuthenticationFailed", queueError.ErrorCode);
        Assert.Contains("withheld", queueError.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongKey, queueError.ToString(), StringComparison.Ordinal);
    }
}
