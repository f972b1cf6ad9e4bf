using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;

namespace CreditFunctions.IntegrationTests.Ledgers.KeyVault;

/// <summary>
/// A Key Vault (secrets only) behind Azure.Core's transport seam: the real <see cref="SecretClient"/> and its pipeline
/// (challenge authentication, serialization, error mapping) run unchanged, and this answers its HTTP in memory.
/// Speaks what the client sends: the bearer challenge (401 + WWW-Authenticate) for a request without a token,
/// <c>PUT /secrets/{name}</c> (a new version each time) and <c>GET /secrets/{name}/{version}</c>. Records every
/// request; <see cref="FailNextWith"/> makes the next one fail.
/// </summary>
internal sealed class FakeKeyVaultTransport : HttpPipelineTransport
{
    public static readonly Uri VaultUri = new("https://fake-vault.vault.azure.net/");
    private readonly ConcurrentDictionary<string, List<(string Version, string Value)>> _secrets = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<string> _requests = new();
    private int _failNext;

    /// <summary>"METHOD /path" of every request that carried a token (challenges not included).</summary>
    public IReadOnlyCollection<string> Requests => _requests;

    /// <summary>A client on this vault: no retries, so a failure shows at once; a fixed token.</summary>
    public SecretClient Client() => new(VaultUri, new FakeTokenCredential(), new SecretClientOptions { Transport = this, Retry = { MaxRetries = 0 } });

    /// <summary>Every version written under <paramref name="name"/>, oldest first.</summary>
    public IReadOnlyList<string> Versions(string name) =>
        _secrets.TryGetValue(name, out var versions) ? versions.Select(v => v.Value).ToList() : [];

    public IReadOnlyCollection<string> SecretNames => _secrets.Keys.ToList();

    public void FailNextWith(int status) => _failNext = status;

    public override Request CreateRequest() => new FakeRequest();

    // The store calls the vault only asynchronously; a synchronous call would be a bug worth seeing.
    public override void Process(HttpMessage message) => throw new NotSupportedException("The fake vault answers asynchronous calls only.");

    public override async ValueTask ProcessAsync(HttpMessage message)
    {
        var request = message.Request;
        if (!request.Headers.TryGetValue("Authorization", out var authorization) || authorization != "Bearer " + FakeTokenCredential.Token)
        {
            message.Response = new FakeResponse(401, null, ("WWW-Authenticate", $"Bearer authorization=\"https://login.microsoftonline.com/{FakeTokenCredential.TenantId}\", resource=\"https://vault.azure.net\""));
            return;
        }

        var path = request.Uri.Path.Trim('/');
        _requests.Enqueue($"{request.Method} /{path}");
        if (Interlocked.Exchange(ref _failNext, 0) is var failure and > 0)
        {
            message.Response = new FakeResponse(failure, Error("Throttled", "Injected failure."));
            return;
        }

        var segments = path.Split('/');
        if (segments is not ["secrets", var name, ..])
        {
            message.Response = new FakeResponse(400, Error("BadParameter", "Only secrets are served."));
            return;
        }

        message.Response = request.Method == RequestMethod.Put
            ? Set(name, await BodyAsync(request, message.CancellationToken))
            : Get(name, segments.Length > 2 ? segments[2] : "");
    }

    private FakeResponse Set(string name, JsonNode body)
    {
        var version = Guid.NewGuid().ToString("N");
        var value = (string)body["value"]!;
        var versions = _secrets.GetOrAdd(name, _ => []);
        lock (versions)
        {
            versions.Add((version, value));
        }

        return new FakeResponse(200, Bundle(name, version, value, (string?)body["contentType"]));
    }

    private FakeResponse Get(string name, string version)
    {
        if (_secrets.TryGetValue(name, out var versions))
        {
            lock (versions)
            {
                var found = version.Length == 0 ? versions[^1] : versions.Find(v => v.Version == version);
                if (found.Version is not null)
                {
                    return new FakeResponse(200, Bundle(name, found.Version, found.Value, null));
                }
            }
        }

        return new FakeResponse(404, Error("SecretNotFound", $"A secret with (name/id) {name}/{version} was not found in this key vault."));
    }

    private static string Bundle(string name, string version, string value, string? contentType) => new JsonObject
    {
        ["value"] = value,
        ["contentType"] = contentType,
        ["id"] = $"{VaultUri}secrets/{name}/{version}",
        ["attributes"] = new JsonObject { ["enabled"] = true, ["created"] = 1_764_633_600, ["updated"] = 1_764_633_600, ["recoveryLevel"] = "Recoverable" },
    }.ToJsonString();

    private static string Error(string code, string message) => new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString();

    private static async Task<JsonNode> BodyAsync(Request request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Content!.WriteToAsync(buffer, cancellationToken);
        return JsonNode.Parse(buffer.ToArray())!;
    }

    private sealed class FakeRequest : Request
    {
        private readonly Dictionary<string, List<string>> _headers = new(StringComparer.OrdinalIgnoreCase);

        public override string ClientRequestId { get; set; } = Guid.NewGuid().ToString();

        public override void Dispose() => Content?.Dispose();

        protected override void AddHeader(string name, string value) => (_headers.TryGetValue(name, out var values) ? values : _headers[name] = []).Add(value);

        protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
        {
            value = _headers.TryGetValue(name, out var values) ? string.Join(",", values) : null;
            return value is not null;
        }

        protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
        {
            values = _headers.TryGetValue(name, out var found) ? found : null;
            return values is not null;
        }

        protected override bool ContainsHeader(string name) => _headers.ContainsKey(name);

        protected override bool RemoveHeader(string name) => _headers.Remove(name);

        protected override IEnumerable<HttpHeader> EnumerateHeaders() => _headers.Select(h => new HttpHeader(h.Key, string.Join(",", h.Value)));
    }

    private sealed class FakeResponse(int status, string? body, params (string Name, string Value)[] headers) : Response
    {
        public override int Status => status;

        public override string ReasonPhrase => status.ToString(CultureInfo.InvariantCulture);

        public override Stream? ContentStream { get; set; } = body is null ? null : new MemoryStream(Encoding.UTF8.GetBytes(body));

        public override string ClientRequestId { get; set; } = "";

        public override void Dispose() => ContentStream?.Dispose();

        protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
        {
            value = AllHeaders().FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Value;
            return value is not null;
        }

        protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
        {
            values = TryGetHeader(name, out var value) ? [value] : null;
            return values is not null;
        }

        protected override bool ContainsHeader(string name) => TryGetHeader(name, out _);

        protected override IEnumerable<HttpHeader> EnumerateHeaders() => AllHeaders().Select(h => new HttpHeader(h.Name, h.Value));

        private IEnumerable<(string Name, string Value)> AllHeaders() =>
            body is null ? headers : headers.Append(("Content-Type", "application/json; charset=utf-8"));
    }
}

/// <summary>A fixed bearer token for the fake vault; records the scopes asked for.</summary>
internal sealed class FakeTokenCredential : TokenCredential
{
    public const string Token = "fake-vault-token";
    public const string TenantId = "00000000-0000-0000-0000-000000000001";

    public ConcurrentQueue<string> Scopes { get; } = new();

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        foreach (var scope in requestContext.Scopes)
        {
            Scopes.Enqueue(scope);
        }

        return new AccessToken(Token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
