using Azure.Storage.Queues;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.Storage;

namespace CreditFunctions.IntegrationTests.Storage;

/// <summary>Unique table and queue names per test, so tests never see each other's rows or messages.</summary>
internal static class StorageNames
{
    public static string Table(string prefix) => (prefix + Guid.NewGuid().ToString("N"))[..Math.Min(63, prefix.Length + 32)];

    public static string Queue(string prefix) => (prefix + "-" + Guid.NewGuid().ToString("N"))[..Math.Min(56, prefix.Length + 33)];
}

/// <summary>Clients on the shared Azurite, built as the app builds them (base64 queue messages, the request counter).</summary>
internal static class TestStorage
{
    public static StorageClients Clients { get; } = StorageClients.FromConnectionString(SharedAzurite.ConnectionString);

    /// <summary>x-ms-approximate-messages-count: exact enough on an idle test queue.</summary>
    public static async Task<int> ApproximateCountAsync(this QueueClient queue) =>
        (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
}
