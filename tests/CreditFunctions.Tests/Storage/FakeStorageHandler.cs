using System.Net;
using Azure.Core;
using Azure.Core.Pipeline;

namespace CreditFunctions.Tests.Storage;

/// <summary>
/// An in-memory HttpMessageHandler under Azure.Core's real HttpClientTransport: records what would go on the wire
/// and answers from a script. No sockets.
/// </summary>
internal sealed class FakeStorageHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _script = new();

    public List<CapturedRequest> Requests { get; } = [];

    public void Answer(HttpStatusCode status, string? body = null, params (string Name, string Value)[] headers) =>
        _script.Enqueue(_ =>
        {
            // As the services label them, so the SDKs parse error bodies as they would on the wire.
            var mediaType = body switch
            {
                ['<', ..] => "application/xml",
                ['{', ..] => "application/json",
                _ => "text/plain",
            };
            var response = new HttpResponseMessage(status) { Content = new StringContent(body ?? string.Empty, System.Text.Encoding.UTF8, mediaType) };
            foreach (var (name, value) in headers)
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }

            return response;
        });

    /// <summary>For <c>StorageClients.From…(…, configure)</c>: every client sends here, and retries wait about nothing.</summary>
    public void Configure(ClientOptions options)
    {
        options.Transport = new HttpClientTransport(new HttpClient(this));
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(2);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = string.Join(",", values);
        }

        var body = Array.Empty<byte>();
        if (request.Content is not null)
        {
            foreach (var (name, values) in request.Content.Headers)
            {
                headers[name] = string.Join(",", values);
            }

            body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
        }

        Requests.Add(new CapturedRequest(request.Method.Method, request.RequestUri!, headers, body));
        return _script.TryDequeue(out var answer) ? answer(request) : new HttpResponseMessage(HttpStatusCode.NoContent);
    }
}

internal sealed record CapturedRequest(string Method, Uri Uri, Dictionary<string, string> Headers, byte[] Body)
{
    public string Authorization => Headers.GetValueOrDefault("Authorization") ?? string.Empty;
}
