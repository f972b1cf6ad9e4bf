using Azure.Core;
using Azure.Core.Pipeline;

namespace CreditFunctions.Storage;

/// <summary>Stamps x-ms-version and a fresh RFC 1123 x-ms-date on every attempt (never a Date header: §7.4 pitfall 3).</summary>
internal sealed class StorageHeadersPolicy(string serviceVersion, TimeProvider timeProvider) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        message.Request.Headers.SetValue("x-ms-version", serviceVersion);
        message.Request.Headers.SetValue("x-ms-date", SharedKeyStrings.FormatDate(timeProvider.GetUtcNow()));
    }
}
