namespace CreditFunctions.IntegrationTests.Storage;

/// <summary>Unique table and queue names per test, so tests never see each other's rows or messages.</summary>
internal static class StorageNames
{
    public static string Table(string prefix) => (prefix + Guid.NewGuid().ToString("N"))[..Math.Min(63, prefix.Length + 32)];

    public static string Queue(string prefix) => (prefix + "-" + Guid.NewGuid().ToString("N"))[..Math.Min(56, prefix.Length + 33)];
}
