using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace CreditFunctions.Storage;

/// <summary>Sends through the pipeline and turns failures into <see cref="StorageRequestFailedException"/>.</summary>
internal static partial class StorageResponses
{
    private const int MaxServiceMessageLength = 300;

    /// <summary>Sends; a network failure or timeout that outlived the retries becomes a status-0 exception.</summary>
    public static async ValueTask<Response> SendAsync(HttpPipeline pipeline, HttpMessage message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await pipeline.SendAsync(message, cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            throw new StorageRequestFailedException(0, ex.ErrorCode, null, $"Storage request failed without a response: {Redact(ex.Message)}", ex);
        }
        catch (AggregateException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Azure.Core's RetryPolicy throws every attempt's exception together once it gives up.
            var last = ex.InnerExceptions.Count > 0 ? ex.InnerExceptions[^1] : ex;
            var reason = last is OperationCanceledException ? "timed out" : Redact(last.Message);
            throw new StorageRequestFailedException(
                0, null, null, $"Storage request failed without a response after {ex.InnerExceptions.Count} attempts: {reason}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Azure.Core reports its network timeout as a cancellation (azure-platform.md §7.4 pitfall 1).
            throw new StorageRequestFailedException(0, "ClientTimeout", null, "Storage request timed out after the pipeline's retries.", ex);
        }

        return message.Response;
    }

    /// <summary>The service's error code from x-ms-error-code, else from the XML or JSON body.</summary>
    public static string? ErrorCode(Response response)
    {
        if (response.Headers.TryGetValue("x-ms-error-code", out var code) && !string.IsNullOrEmpty(code))
        {
            return code;
        }

        return ParseBody(response).Code;
    }

    public static StorageRequestFailedException Failure(Response response, string operation)
    {
        var (bodyCode, bodyMessage) = ParseBody(response);
        var code = response.Headers.TryGetValue("x-ms-error-code", out var headerCode) && !string.IsNullOrEmpty(headerCode) ? headerCode : bodyCode;
        var requestId = response.Headers.RequestId;

        // Azure's AuthenticationFailed message echoes the string it signed and can echo the signature: withhold it.
        var detail = code is "AuthenticationFailed" or "AuthorizationFailure" or "AuthorizationPermissionMismatch"
            ? "details withheld (authentication failure)"
            : Redact(Shorten(bodyMessage ?? response.ReasonPhrase));
        var message = $"{operation} failed: {response.Status} {code ?? "(no error code)"} (request id {requestId ?? "none"}): {detail}";
        return new StorageRequestFailedException(response.Status, code, requestId, message);
    }

    /// <summary>Removes anything that looks like a signature, SAS signature or token from text meant for people.</summary>
    public static string Redact(string text) =>
        BearerPattern().Replace(SharedKeyPattern().Replace(SasPattern().Replace(text, "sig=REDACTED"), "$1 REDACTED"), "Bearer REDACTED");

    internal static (string? Code, string? Message) ParseBody(Response response)
    {
        var content = response.Content;
        if (content is null || content.ToMemory().IsEmpty)
        {
            return (null, null);
        }

        var text = content.ToString().TrimStart('\uFEFF', ' ', '\r', '\n', '\t');
        try
        {
            if (text.StartsWith('<'))
            {
                var root = XDocument.Parse(text).Root;
                return (root?.Element("Code")?.Value ?? root?.Element("code")?.Value, root?.Element("Message")?.Value ?? root?.Element("message")?.Value);
            }

            if (text.StartsWith('{'))
            {
                using var doc = JsonDocument.Parse(text);
                if (doc.RootElement.TryGetProperty("odata.error", out var error))
                {
                    var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
                    string? message = null;
                    if (error.TryGetProperty("message", out var m))
                    {
                        message = m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out var v) ? v.GetString() : m.ToString();
                    }

                    return (code, message);
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or System.Xml.XmlException)
        {
            // An unparseable error body still leaves the status and the header code.
        }

        return (null, null);
    }

    private static string Shorten(string text)
    {
        var firstLine = text.Split('\n', 2)[0].Trim();
        return firstLine.Length <= MaxServiceMessageLength ? firstLine : firstLine[..MaxServiceMessageLength] + "…";
    }

    [GeneratedRegex("sig=[^&\\s'\"]+", RegexOptions.IgnoreCase)]
    private static partial Regex SasPattern();

    [GeneratedRegex("(SharedKey(?:Lite)?)\\s+[^:\\s]+:[A-Za-z0-9+/=]+")]
    private static partial Regex SharedKeyPattern();

    [GeneratedRegex("Bearer\\s+[A-Za-z0-9._~+/=-]+")]
    private static partial Regex BearerPattern();
}
