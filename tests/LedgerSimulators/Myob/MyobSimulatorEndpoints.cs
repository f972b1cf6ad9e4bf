using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CreditFunctions.LedgerSimulators.Myob;

/// <summary>
/// The simulator's HTTP surface: <c>/accountright/{cf_guid}/…</c> (the API, contract §8), <c>/accountright/</c> (the
/// company files a token reaches), <c>POST /oauth2/v1/authorize</c> (token exchange, §12), <c>GET /oauth2/account/authorize</c>
/// (the browser consent, served at secure.myob.com) and <c>/_sim/…</c> (control, not MYOB).
/// </summary>
public static class MyobSimulatorEndpoints
{
    public static IEndpointRouteBuilder MapMyobSimulator(this IEndpointRouteBuilder endpoints, MyobSimulator simulator)
    {
        endpoints.MapMethods("/accountright/{fileId:guid}/{**rest}", ["GET", "POST", "PUT", "DELETE"], http => ApiAsync(http, simulator));
        endpoints.MapGet("/accountright", http => CompanyFilesAsync(http, simulator));
        endpoints.MapPost("/oauth2/v1/authorize", http => TokenAsync(http, simulator));
        endpoints.MapGet("/oauth2/account/authorize", http => AuthorizeAsync(http, simulator));
        MyobControlEndpoints.Map(endpoints, simulator);
        return endpoints;
    }

    private static async Task ApiAsync(HttpContext http, MyobSimulator simulator)
    {
        var options = simulator.Options;
        var method = http.Request.Method.ToUpperInvariant();
        var fileId = Guid.Parse((string)http.Request.RouteValues["fileId"]!);
        var segments = ((string?)http.Request.RouteValues["rest"] ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
        Guid? uid = segments.Count > 0 && Guid.TryParse(segments[^1], out var parsed) ? parsed : null;
        if (uid is not null)
        {
            segments.RemoveAt(segments.Count - 1);
        }

        var route = string.Join('/', segments);
        var operation = MyobApiRouter.OperationName(method, route, uid is not null);

        // Every answer carries a request id to quote to MYOB support (contract §9; the SDK keeps it on its exception).
        http.Response.Headers["x-myobapi-requestid"] = Guid.NewGuid().ToString();

        // M1: the API key identifies the developer; missing or unknown is 403 DeveloperInactive (contract §10).
        var apiKey = http.Request.Headers["x-myobapi-key"].ToString();
        if (apiKey.Length == 0 || !simulator.OAuth.IsKnownKey(apiKey))
        {
            simulator.Counters.ApiCall(null, operation);
            await WriteAsync(http, MyobResponse.Error(403, "DeveloperInactive", "API key is missing or inactive", "Header: x-myobapi-key"));
            return;
        }

        // M4, contract §11: limits per key across every company file; both breaches are 403 RateLimitError, told apart by Message.
        var decision = simulator.Limiter.TryAcquire(apiKey);
        simulator.Counters.ApiCall(fileId, operation);
        if (decision != MyobRateDecision.Admitted)
        {
            var daily = decision == MyobRateDecision.Daily;
            simulator.Counters.RateLimited(daily);
            await WriteAsync(http, MyobResponse.Error(
                403, "RateLimitError", daily ? "API key has exceeded the daily rate limit" : "API key has exceeded the per-second rate limit", "Header: x-myobapi-key"));
            return;
        }

        // Contract §10: 401 for a bad or expired token, or a key the token was not issued to.
        var caller = simulator.OAuth.Authenticate(http.Request.Headers.Authorization.ToString() is { Length: > 0 } header ? header : null);
        if (caller is not { } authenticated || authenticated.ApiKey != apiKey)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await WriteAsync(http, MyobResponse.Error(401, "OAuthTokenIsInvalid", "The access token is missing, invalid or expired, or was not issued to this API key."));
            return;
        }

        MyobCompanyFile? file;
        lock (simulator.State.Gate)
        {
            file = simulator.State.File(fileId);
        }

        if (file is null || !authenticated.Files.Contains(fileId))
        {
            // Contract §10: 403 when the token has no access to the company file.
            await WriteAsync(http, MyobResponse.Error(403, "AccessDenied", "You do not have access to this company file.", "Header: x-myobapi-cftoken"));
            return;
        }

        if (file.Credentials is { } credentials && http.Request.Headers["x-myobapi-cftoken"].ToString() != Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)))
        {
            // M1: x-myobapi-cftoken = Base64(user:password); wrong company-file credentials are 401 (contract §10).
            await WriteAsync(http, MyobResponse.Error(401, "InvalidCompanyFileCredentials", "The company file username or password (x-myobapi-cftoken) is incorrect."));
            return;
        }

        // M1: without x-myobapi-version: v2 the API answers with v1 semantics, which have no GUIDs.
        var version2 = string.Equals(http.Request.Headers["x-myobapi-version"].ToString(), "v2", StringComparison.OrdinalIgnoreCase);
        using var held = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, simulator.Stopping);
        var fault = simulator.Faults.Take(method, "/" + route);
        try
        {
            if (fault is not null)
            {
                simulator.Counters.Fault();
                switch (fault.Kind)
                {
                    case MyobFaultKind.ServerError:
                        simulator.Faults.OnApplied(fault);
                        await WriteAsync(http, MyobResponse.Error(fault.StatusCode, "GatewayTimeout", "Connection to the API has timed out (simulated fault)."));
                        return;
                    case MyobFaultKind.Latency:
                        var delay = Task.Delay(fault.Delay ?? TimeSpan.FromSeconds(1), options.TimeProvider, held.Token);
                        simulator.Faults.OnApplied(fault);
                        await delay;
                        break;
                    case MyobFaultKind.Hang:
                        var hang = Task.Delay(Timeout.InfiniteTimeSpan, held.Token);
                        simulator.Faults.OnApplied(fault);
                        await hang;
                        return;
                }
            }

            if (options.BaseLatency > TimeSpan.Zero)
            {
                await Task.Delay(options.BaseLatency, options.TimeProvider, held.Token);
            }
        }
        catch (OperationCanceledException) when (held.IsCancellationRequested)
        {
            http.Abort();
            return;
        }

        JsonObject? body = null;
        if (method is "POST" or "PUT")
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var text = await reader.ReadToEndAsync(http.RequestAborted);
            try
            {
                body = JsonNode.Parse(text) as JsonObject;
            }
            catch (JsonException)
            {
                body = null;
            }

            if (body is null)
            {
                await WriteAsync(http, MyobResponse.Error(400, "SerializationError", "The request body is not a JSON object of the expected type.", null, 50));
                return;
            }
        }

        MyobResponse response;
        lock (simulator.State.Gate)
        {
            var request = new MyobApiRequest
            {
                Store = simulator.State,
                File = file,
                Method = method,
                Route = segments,
                Uid = uid,
                Query = http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                Body = body,
                Now = options.TimeProvider.GetUtcNow(),
                FileUri = simulator.FileUri(http.Request, fileId),
                Version2 = version2,
                DefaultPageSize = options.DefaultPageSize,
            };
            // v1 has no GUIDs (M1): nothing can be addressed by UID.
            response = !version2 && uid is not null ? MyobResponse.NotFound() : MyobApiRouter.Dispatch(request);
        }

        if (fault?.Kind == MyobFaultKind.CommitThenDrop)
        {
            // Applied; the client never hears of it.
            simulator.Faults.OnApplied(fault);
            http.Abort();
            return;
        }

        if (method == "GET" && response.Status == 200 && response.Body is not null)
        {
            // M5, contract §8: a GET carries an ETag; If-None-Match with it answers 304 while nothing changed.
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(response.Body.ToJsonString())))[..32] + "\"";
            http.Response.Headers.ETag = etag;
            if (http.Request.Headers.IfNoneMatch.ToString() == etag)
            {
                simulator.Counters.NotModified();
                http.Response.StatusCode = 304;
                return;
            }
        }

        await WriteAsync(http, response);
    }

    private static async Task CompanyFilesAsync(HttpContext http, MyobSimulator simulator)
    {
        var caller = simulator.OAuth.Authenticate(http.Request.Headers.Authorization.ToString() is { Length: > 0 } header ? header : null);
        if (caller is null)
        {
            await WriteAsync(http, MyobResponse.Error(401, "OAuthTokenIsInvalid", "The access token is missing, invalid or expired."));
            return;
        }

        var list = new JsonArray();
        lock (simulator.State.Gate)
        {
            foreach (var file in simulator.State.Files.Values.Where(f => caller.Value.Files.Contains(f.Id)))
            {
                list.Add(new JsonObject { ["Id"] = file.Id.ToString(), ["Name"] = file.Name, ["Uri"] = simulator.FileUri(http.Request, file.Id).AbsoluteUri });
            }
        }

        await WriteAsync(http, MyobResponse.Ok(list));
    }

    private static async Task TokenAsync(HttpContext http, MyobSimulator simulator)
    {
        simulator.Counters.TokenRequest();
        var form = http.Request.HasFormContentType
            ? (await http.Request.ReadFormAsync(http.RequestAborted)).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal)
            : [];
        var (status, body) = simulator.OAuth.Token(form);
        await WriteAsync(http, new MyobResponse(status, body));
    }

    private static async Task AuthorizeAsync(HttpContext http, MyobSimulator simulator)
    {
        var query = http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        var (status, location, problem) = simulator.OAuth.Authorize(query, id =>
        {
            lock (simulator.State.Gate)
            {
                return simulator.State.File(id)?.Name;
            }
        });
        if (location is not null)
        {
            http.Response.Redirect(location);
            return;
        }

        http.Response.StatusCode = status;
        await http.Response.WriteAsync(problem ?? "", http.RequestAborted);
    }

    private static async Task WriteAsync(HttpContext http, MyobResponse response)
    {
        http.Response.StatusCode = response.Status;
        if (response.Location is not null)
        {
            http.Response.Headers.Location = response.Location;
        }

        if (response.Body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(response.Body.ToJsonString());
            http.Response.ContentType = "application/json; charset=utf-8";
            http.Response.ContentLength = bytes.Length;
            await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
        }
        else
        {
            http.Response.ContentLength = 0;
        }
    }

    internal static string Format(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
