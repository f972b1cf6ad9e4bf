using Azure.Core;

namespace CreditFunctions.Storage;

/// <summary>
/// Endpoints and credential of one storage account, parsed from a connection string or given directly
/// (Entra ID). Stands in for the connection-string parsing inside Azure.Storage.Common and Azure.Data.Tables.
/// </summary>
public sealed class StorageAccount
{
    /// <summary>Azurite's well-known development account (Azure/Azurite README "Default Storage Account"; azure-platform.md §4).</summary>
    internal const string DevelopmentAccountName = "devstoreaccount1";

    // Public, documented development key, not a secret (azure-platform.md §4).
    internal const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private StorageAccount(Uri tableEndpoint, Uri queueEndpoint, StorageSharedKeyCredential? sharedKey, TokenCredential? token)
    {
        TableEndpoint = tableEndpoint;
        QueueEndpoint = queueEndpoint;
        SharedKey = sharedKey;
        TokenCredential = token;
    }

    public Uri TableEndpoint { get; }

    public Uri QueueEndpoint { get; }

    /// <summary>Set when the account authenticates with Shared Key (connection strings, Azurite).</summary>
    public StorageSharedKeyCredential? SharedKey { get; }

    /// <summary>Set when the account authenticates with Microsoft Entra ID.</summary>
    public TokenCredential? TokenCredential { get; }

    public string AccountName => SharedKey?.AccountName ?? AccountNameFromEndpoint(TableEndpoint);

    /// <summary>An account reached with Microsoft Entra ID tokens (scope https://storage.azure.com/.default, azure-platform.md §3.1).</summary>
    public static StorageAccount WithTokenCredential(Uri tableEndpoint, Uri queueEndpoint, TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(tableEndpoint);
        ArgumentNullException.ThrowIfNull(queueEndpoint);
        ArgumentNullException.ThrowIfNull(credential);
        return new StorageAccount(tableEndpoint, queueEndpoint, null, credential);
    }

    /// <summary>An account reached with Shared Key.</summary>
    public static StorageAccount WithSharedKey(Uri tableEndpoint, Uri queueEndpoint, StorageSharedKeyCredential credential)
    {
        ArgumentNullException.ThrowIfNull(tableEndpoint);
        ArgumentNullException.ThrowIfNull(queueEndpoint);
        ArgumentNullException.ThrowIfNull(credential);
        return new StorageAccount(tableEndpoint, queueEndpoint, credential, null);
    }

    /// <summary>
    /// Parses <c>UseDevelopmentStorage=true</c> (Azurite at 127.0.0.1:10001/10002) or an account-key connection string
    /// with explicit <c>TableEndpoint</c>/<c>QueueEndpoint</c> or <c>DefaultEndpointsProtocol</c>+<c>AccountName</c>+<c>EndpointSuffix</c>
    /// (default suffix core.windows.net). SAS connection strings are refused. Error messages never contain the key.
    /// </summary>
    public static StorageAccount Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var settings = ParseSettings(connectionString);

        if (settings.TryGetValue("UseDevelopmentStorage", out var dev) && string.Equals(dev, "true", StringComparison.OrdinalIgnoreCase))
        {
            return new StorageAccount(
                new Uri($"http://127.0.0.1:10002/{DevelopmentAccountName}"),
                new Uri($"http://127.0.0.1:10001/{DevelopmentAccountName}"),
                new StorageSharedKeyCredential(DevelopmentAccountName, DevelopmentAccountKey),
                null);
        }

        if (settings.ContainsKey("SharedAccessSignature"))
        {
            throw new FormatException("SAS connection strings are not supported; use an account key or Entra ID.");
        }

        if (!settings.TryGetValue("AccountName", out var accountName) || string.IsNullOrWhiteSpace(accountName))
        {
            throw new FormatException("The storage connection string has no AccountName.");
        }

        if (!settings.TryGetValue("AccountKey", out var accountKey) || string.IsNullOrWhiteSpace(accountKey))
        {
            throw new FormatException("The storage connection string has no AccountKey.");
        }

        var protocol = settings.GetValueOrDefault("DefaultEndpointsProtocol", "https");
        if (protocol is not ("http" or "https"))
        {
            throw new FormatException("DefaultEndpointsProtocol must be http or https.");
        }

        var suffix = settings.GetValueOrDefault("EndpointSuffix", "core.windows.net");
        var table = EndpointOrDefault(settings, "TableEndpoint", $"{protocol}://{accountName}.table.{suffix}");
        var queue = EndpointOrDefault(settings, "QueueEndpoint", $"{protocol}://{accountName}.queue.{suffix}");
        return new StorageAccount(table, queue, new StorageSharedKeyCredential(accountName, accountKey), null);
    }

    public Tables.TableClient GetTableClient(string tableName, StorageClientOptions? options = null) =>
        new(this, tableName, options);

    public Queues.QueueClient GetQueueClient(string queueName, StorageClientOptions? options = null) =>
        new(this, queueName, options);

    private static Dictionary<string, string> ParseSettings(string connectionString)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException("The storage connection string is malformed: every setting must be Name=Value.");
            }

            // Values may contain '=' (base64 keys), so split on the first one only.
            settings[part[..eq].Trim()] = part[(eq + 1)..].Trim();
        }

        return settings;
    }

    private static Uri EndpointOrDefault(Dictionary<string, string> settings, string name, string fallback)
    {
        var value = settings.GetValueOrDefault(name, fallback);
        if (!Uri.TryCreate(value.TrimEnd('/'), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new FormatException($"{name} is not an absolute http(s) URL.");
        }

        return uri;
    }

    private static string AccountNameFromEndpoint(Uri endpoint)
    {
        // Path-style (Azurite, emulators): http://host:port/account. Host-style: https://account.table.core.windows.net.
        var path = endpoint.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            return path.Split('/')[0];
        }

        return endpoint.Host.Split('.')[0];
    }
}
