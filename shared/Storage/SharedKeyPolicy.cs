using Azure.Core;
using Azure.Core.Pipeline;

namespace CreditFunctions.Storage;

/// <summary>Which Shared Key flavour a service is signed with (azure-platform.md §3.1).</summary>
internal enum SharedKeyScheme
{
    /// <summary>Queue: full SharedKey, as Azure.Storage.Queues.</summary>
    SharedKey,

    /// <summary>Table: SharedKeyLite, as Azure.Data.Tables.</summary>
    SharedKeyLite,
}

/// <summary>
/// Signs each attempt. Runs per retry, after <see cref="StorageHeadersPolicy"/> stamped a fresh x-ms-date, so a
/// retried request is re-signed with its new date (azure-platform.md §7.4 pitfall 1).
/// </summary>
internal sealed class SharedKeyPolicy(StorageSharedKeyCredential credential, SharedKeyScheme scheme) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        var uri = request.Uri.ToUri();
        string stringToSign;
        if (scheme == SharedKeyScheme.SharedKeyLite)
        {
            request.Headers.TryGetValue("x-ms-date", out var date);
            stringToSign = SharedKeyStrings.ForTableLite(date ?? string.Empty, credential.AccountName, uri);
        }
        else
        {
            long length = 0;
            if (request.Content is not null && request.Content.TryComputeLength(out var computed))
            {
                length = computed;
            }

            stringToSign = SharedKeyStrings.ForQueue(
                request.Method.Method,
                length,
                name => request.Headers.TryGetValue(name, out var value) ? value : null,
                request.Headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)),
                credential.AccountName,
                uri);
        }

        var schemeName = scheme == SharedKeyScheme.SharedKeyLite ? "SharedKeyLite" : "SharedKey";
        request.Headers.SetValue("Authorization", $"{schemeName} {credential.AccountName}:{credential.ComputeSignature(stringToSign)}");
    }
}
