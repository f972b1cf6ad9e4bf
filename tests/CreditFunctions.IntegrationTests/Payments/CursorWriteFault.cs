using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace CreditFunctions.IntegrationTests.Payments;

/// <summary>
/// A crash between the outbox and the cursor, as storage sees it: while <see cref="Failing"/>, every write of a pull
/// cursor row (table <c>…PulledPayments</c>, row <c>cursor|…</c>) fails before it is sent, so the outbox rows of the run
/// are stored and the cursor is not. Placed per call, ahead of the SDK's retries, so the write is not retried.
/// </summary>
internal sealed class CursorWriteFault : HttpPipelinePolicy
{
    private int _failed;

    public bool Failing { get; set; }

    public int Failed => Volatile.Read(ref _failed);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Check(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Check(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Check(HttpMessage message)
    {
        if (!Failing || message.Request.Method == RequestMethod.Get)
        {
            return;
        }

        var uri = message.Request.Uri.ToString();
        if (!uri.Contains("PulledPayments", StringComparison.Ordinal))
        {
            return;
        }

        if (uri.Contains("cursor", StringComparison.Ordinal) || BodyOf(message.Request.Content).Contains("\"RowKey\":\"cursor", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _failed);
            throw new RequestFailedException(503, "Injected: the cursor write is lost (a crash between the outbox and the cursor).");
        }
    }

    private static string BodyOf(RequestContent? content)
    {
        if (content is null)
        {
            return "";
        }

        using var buffer = new MemoryStream();
        content.WriteTo(buffer, CancellationToken.None);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
