using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CreditFunctions.Functions.Http;

/// <summary>
/// Function <c>GetOperatorPage</c>: the operator page (docs/operator-page.md) at <c>GET /api/operator</c>, and its
/// stylesheet and script at <c>/api/operator/operator.css</c> and <c>/api/operator/operator.js</c>. Static files embedded
/// in this assembly (Http/Operator/), no external resources, so it works offline. Public, like any sign-in page: the
/// data comes from the API, which the script calls with the tenant's key.
/// </summary>
public sealed class GetOperatorPage
{
    public const string Route = "operator/{asset?}";

    // The script and stylesheet come from this origin only; the page calls only this origin's API and cannot be framed.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, (byte[] Body, string MediaType)> Assets = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal)
    {
        [""] = (Load("index.html"), "text/html; charset=utf-8"),
        ["operator.css"] = (Load("operator.css"), "text/css; charset=utf-8"),
        ["operator.js"] = (Load("operator.js"), "text/javascript; charset=utf-8"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    [Function(nameof(GetOperatorPage))]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request, string? asset)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = asset ?? "";
        if (name.Length == 0 && request.Path.Value?.EndsWith('/') == true)
        {
            // The page's links are relative to /api/operator: served at /api/operator/ they would miss.
            return Results.Redirect(request.PathBase + request.Path.Value.TrimEnd('/'));
        }

        if (!Assets.TryGetValue(name, out var file))
        {
            return Problems.NotFound($"No operator page file '{name}'.");
        }

        var headers = request.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        return Results.Bytes(file.Body, file.MediaType);
    }

    private static byte[] Load(string name)
    {
        using var stream = typeof(GetOperatorPage).Assembly.GetManifestResourceStream("operator/" + name)
            ?? throw new InvalidOperationException($"The operator page's {name} is not embedded in {typeof(GetOperatorPage).Assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
