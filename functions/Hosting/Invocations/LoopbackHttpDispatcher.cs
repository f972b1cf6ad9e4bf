using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CreditFunctions.App.Hosting.Invocations;

/// <summary>
/// Serves an HTTP invocation that the host did NOT forward (<c>Data.req</c>, azure-platform.md §1.2 a) by
/// replaying it over loopback into this app's own Kestrel, so it meets exactly the endpoints, middleware and
/// auth a forwarded request meets. Chosen over invoking the RequestDelegate in-process because it needs no
/// hand-built HttpContext and cannot diverge from the real pipeline; the extra local hop only costs on this
/// path, which our HTTP-in/out-only functions never take while forwarding is on.
/// </summary>
internal sealed class LoopbackHttpDispatcher(IHttpClientFactory httpClientFactory, IServer server, FunctionManifest manifest)
{
    public const string HttpClientName = "CreditFunctions.Hosting.Loopback";

    // Hop-by-hop and framing headers are the transport's business, never replayed (RFC 9110 §7.6.1).
    private static readonly HashSet<string> s_skippedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade", "TE", "Trailer", "Proxy-Connection",
    };

    public async Task<JsonObject> DispatchAsync(JsonElement? req, string? invocationId, CancellationToken cancellationToken)
    {
        var url = InvocationPayload.String(req, "Url") ?? throw new InvalidDataException("Data.req.Url is missing.");
        var pathAndQuery = Uri.TryCreate(url, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : url;
        var prefix = "/" + manifest.HttpRoutePrefix.Trim('/') + "/";

        // Only the app's own API is reachable this way; never the invocation endpoints themselves.
        if (!pathAndQuery.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"Data.req.Url must be under {prefix}.");
        }

        using var request = new HttpRequestMessage(
            new HttpMethod(InvocationPayload.String(req, "Method") ?? "GET"),
            new Uri(OwnAddress(), pathAndQuery));
        var body = InvocationPayload.String(req, "Body");
        if (!string.IsNullOrEmpty(body))
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        }

        CopyHeaders(InvocationPayload.Get(req, "Headers"), request);
        if (invocationId is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Azure-Functions-InvocationId", invocationId);
        }

        using var client = httpClientFactory.CreateClient(HttpClientName);
        using var response = await client.SendAsync(request, cancellationToken);
        return await ToHttpOutputAsync(response, cancellationToken);
    }

    private Uri OwnAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The server has no listening address yet.");

        // Kestrel reports wildcard bindings as http://[::]:port or http://+:port; loopback reaches them all.
        var uri = new Uri(address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal));
        return uri;
    }

    private static void CopyHeaders(JsonElement? headers, HttpRequestMessage request)
    {
        if (headers is not { ValueKind: JsonValueKind.Object } obj)
        {
            return;
        }

        foreach (var header in obj.EnumerateObject())
        {
            if (s_skippedHeaders.Contains(header.Name))
            {
                continue;
            }

            // Documented as {name: [values]}; a bare string is accepted too.
            var values = header.Value.ValueKind == JsonValueKind.Array
                ? header.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : v.GetRawText()).ToList()
                : [header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString() ?? "" : header.Value.GetRawText()];
            if (!request.Headers.TryAddWithoutValidation(header.Name, values) && request.Content is not null)
            {
                request.Content.Headers.TryAddWithoutValidation(header.Name, values);
            }
        }
    }

    /// <summary>The <c>res</c> output: statusCode as a string, body as JSON when it is JSON (§1.3).</summary>
    private static async Task<JsonObject> ToHttpOutputAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var headers = new JsonObject();
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!s_skippedHeaders.Contains(name))
            {
                headers[name] = string.Join(", ", values);
            }
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return new JsonObject
        {
            ["statusCode"] = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["headers"] = headers,
            ["body"] = BodyNode(text, response.Content.Headers.ContentType),
        };
    }

    private static JsonNode? BodyNode(string text, MediaTypeHeaderValue? contentType)
    {
        if (text.Length == 0)
        {
            return null;
        }

        var isJson = contentType?.MediaType is { } mediaType
            && (mediaType.EndsWith("/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        if (isJson)
        {
            try
            {
                return JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                // Declared JSON but is not: pass the text through.
            }
        }

        return JsonValue.Create(text);
    }
}
