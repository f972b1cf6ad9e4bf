using Azure.Core;
using Azure.Core.Pipeline;

namespace CreditFunctions.Storage;

/// <summary>Builds the Azure.Core pipeline both clients share: retries, per-attempt headers, auth, request counting (<see cref="StorageRequestCounter"/>), logging.</summary>
internal static class StoragePipeline
{
    /// <summary>Entra ID scope for Storage (azure-platform.md §3.1).</summary>
    public const string StorageScope = "https://storage.azure.com/.default";

    public static HttpPipeline Create(StorageAccount account, StorageClientOptions options, SharedKeyScheme scheme, string service)
    {
        HttpPipelinePolicy auth = account.SharedKey is { } key
            ? new SharedKeyPolicy(key, scheme)
            : new BearerTokenAuthenticationPolicy(account.TokenCredential!, StorageScope);

        // Per retry, in order: fresh date, then the signature over it, then the count (every attempt is a billed request).
        return HttpPipelineBuilder.Build(
            options,
            [],
            [new StorageHeadersPolicy(options.ServiceVersion, options.TimeProvider), auth, new StorageRequestCounter(service)],
            new ResponseClassifier());
    }
}
