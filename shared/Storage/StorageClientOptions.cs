using Azure.Core;

namespace CreditFunctions.Storage;

/// <summary>
/// Options shared by <see cref="Tables.TableClient"/> and <see cref="Queues.QueueClient"/>; stands in for
/// TableClientOptions and QueueClientOptions. Defaults (each set in the constructor):
/// <list type="bullet">
/// <item>Retry: exponential with Azure.Core's jitter, 5 retries, 0.2 s first delay, 10 s max delay, 30 s network timeout.
/// Azure.Core retries 408, 429, 500, 502, 503, 504 and network errors; storage throttling shows up as 503/500
/// (azure-platform.md §3.5).</item>
/// <item><see cref="ServiceVersion"/>: 2025-11-05, accepted by Azure and Azurite 3.36/3.37 (azure-platform.md §3.1).</item>
/// <item><see cref="TimeProvider"/>: <see cref="TimeProvider.System"/>; it dates every signed attempt.</item>
/// <item><see cref="MessageEncoding"/>: Base64, what the Functions queue trigger expects by default (azure-platform.md §1.4).</item>
/// </list>
/// Logging goes through Azure.Core's event source with its default redaction: Authorization and every header or
/// query parameter not allow-listed is written as REDACTED.
/// </summary>
public sealed class StorageClientOptions : ClientOptions
{
    /// <summary>The pinned REST version.</summary>
    public const string DefaultServiceVersion = "2025-11-05";

    public StorageClientOptions()
    {
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = 5;
        Retry.Delay = TimeSpan.FromMilliseconds(200);
        Retry.MaxDelay = TimeSpan.FromSeconds(10);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(30);

        // Safe to log: none of these carries a key, signature, token or SAS.
        foreach (var header in new[] { "x-ms-version", "x-ms-error-code", "x-ms-approximate-messages-count", "x-ms-continuation-NextPartitionKey", "DataServiceVersion", "Prefer" })
        {
            Diagnostics.LoggedHeaderNames.Add(header);
        }

        foreach (var query in new[] { "comp", "restype", "numofmessages", "visibilitytimeout", "messagettl", "$top", "$select" })
        {
            Diagnostics.LoggedQueryParameters.Add(query);
        }
    }

    /// <summary>The <c>x-ms-version</c> header on every request. Default <see cref="DefaultServiceVersion"/>.</summary>
    public string ServiceVersion { get; set; } = DefaultServiceVersion;

    /// <summary>The clock that dates each signed attempt. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How queue message bodies are put on the wire. Default <see cref="QueueMessageEncoding.Base64"/>.</summary>
    public QueueMessageEncoding MessageEncoding { get; set; } = QueueMessageEncoding.Base64;
}

/// <summary>Wire encoding of queue messages, as Azure.Storage.Queues' QueueMessageEncoding.</summary>
public enum QueueMessageEncoding
{
    /// <summary>Base64 of the body bytes: the Azure Functions queue trigger default (host.json messageEncoding base64).</summary>
    Base64,

    /// <summary>The body as UTF-8 text, XML-escaped (host.json messageEncoding none).</summary>
    None,
}
