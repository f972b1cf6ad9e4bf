using Azure;
using Azure.Data.Tables;
using CreditFunctions.Storage;
using CreditFunctions.Storage.Tables;

namespace CreditFunctions.IntegrationTests.Storage;

[Collection("Azurite")]
public sealed class StorageAuthenticationTests
{
    // Azurite's published development key (Azure/Azurite README); letter O, not zero, in "…K1SZFPTOtr…".
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private const string WrongKey = "AAAAvdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static StorageClients WithKey(string key) => StorageClients.FromConnectionString(
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={key};" +
        "QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;");

    [Fact]
    public async Task An_explicit_account_key_connection_string_works_for_both_services()
    {
        var clients = WithKey(DevelopmentKey);
        var table = clients.GetTableClient(StorageNames.Table("auth"));
        var queue = clients.GetQueueClient(StorageNames.Queue("auth"));

        try
        {
            await table.CreateIfNotExistsAsync();
            await queue.CreateIfNotExistsAsync();
            Assert.True((await table.TryAddEntityAsync(new TableEntity("p", "r"))).Succeeded);
            Assert.Equal("{}", Assert.Single((await queue.SendMessageAsync("{}"), await queue.ReceiveMessagesAsync()).Item2.Value).Body.ToString());
        }
        finally
        {
            await table.DeleteAsync();
            await queue.DeleteIfExistsAsync();
        }
    }

    [Fact]
    public async Task A_wrong_key_gets_403_with_the_error_code_and_neither_key_nor_signature_in_the_exception()
    {
        var clients = WithKey(WrongKey);

        var tableError = await Assert.ThrowsAsync<RequestFailedException>(() => clients.GetTableClient(StorageNames.Table("auth")).CreateIfNotExistsAsync());
        var queueError = await Assert.ThrowsAsync<RequestFailedException>(() => clients.GetQueueClient(StorageNames.Queue("auth")).CreateIfNotExistsAsync());

        // Azure.Data.Tables reads error codes from JSON bodies only; a 403 comes as XML, so the code is in the header.
        Assert.Equal((403, "AuthorizationFailure"), (tableError.Status, StorageErrors.ErrorCode(tableError)));
        Assert.Equal((403, "AuthenticationFailed"), (queueError.Status, queueError.ErrorCode));
        Assert.Contains("withheld", queueError.Message, StringComparison.Ordinal);
        Assert.All(new[] { tableError, queueError }, e => Assert.DoesNotContain(WrongKey, e.ToString(), StringComparison.Ordinal));
        Assert.All(new[] { tableError, queueError }, e => Assert.DoesNotContain("signature found", e.ToString(), StringComparison.OrdinalIgnoreCase));
    }
}
