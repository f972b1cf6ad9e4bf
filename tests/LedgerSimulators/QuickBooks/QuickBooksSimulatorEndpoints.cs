using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CreditFunctions.LedgerSimulators.QuickBooks;

/// <summary>
/// The simulator's HTTP surface: <c>/v3/company/{realmId}/…</c> (Accounting API), <c>/oauth2/v1/tokens/bearer</c> (token
/// endpoint, served at oauth.platform.intuit.com), <c>/connect/oauth2</c> (consent, served at appcenter.intuit.com) and
/// <c>/_sim/…</c> (control, not QBO).
/// </summary>
public static partial class QuickBooksSimulatorEndpoints
{
    private const string DropKey = "qbo-sim.drop";

    public static IEndpointRouteBuilder MapQuickBooksSimulator(this IEndpointRouteBuilder endpoints, QuickBooksSimulator simulator)
    {
        endpoints.MapMethods("/v3/company/{realmId}/{**rest}", ["GET", "POST"], http => ObserveAsync(http, simulator, ApiAsync));
        endpoints.MapPost("/oauth2/v1/tokens/bearer", http => ObserveAsync(http, simulator, TokenAsync));
        endpoints.MapGet("/connect/oauth2", http => ObserveAsync(http, simulator, AuthorizeAsync));
        QuickBooksControlEndpoints.Map(endpoints, simulator);
        return endpoints;
    }

    private static async Task ObserveAsync(HttpContext http, QuickBooksSimulator simulator, Func<HttpContext, QuickBooksSimulator, string, Task> handler)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var requestBody = http.Request.HasFormContentType ? "" : await reader.ReadToEndAsync(http.RequestAborted);
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await handler(http, simulator, requestBody);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            buffer.SetLength(0);
            http.Response.StatusCode = 500;
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync("Simulator error: " + exception, http.RequestAborted);
        }
        finally
        {
            http.Response.Body = original;
        }

        var dropped = http.Items.ContainsKey(DropKey) || http.RequestAborted.IsCancellationRequested;
        var path = http.Request.Path;
        var exchange = new QuickBooksExchange(
            http.Request.Method,
            path.Value ?? "",
            Redact(http.Request.QueryString.Value ?? "", path),
            Redact(requestBody, path),
            http.Response.StatusCode,
            http.Response.Headers.ToDictionary(h => h.Key, h => Redact(h.Value.ToString(), path), StringComparer.OrdinalIgnoreCase),
            Redact(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), path),
            dropped);
        foreach (var observer in simulator.Options.Observers)
        {
            observer.OnExchange(exchange);
        }

        if (dropped)
        {
            http.Abort(); // the write is applied (and remembered under its requestid); the client never hears of it
            return;
        }

        http.Response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(original, http.RequestAborted);
    }

    // Observers may log what they see: token secrets and the consent redirect's code and state never reach them.
    private static string Redact(string text, PathString path) =>
        path.StartsWithSegments("/oauth2", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/connect", StringComparison.OrdinalIgnoreCase)
            ? SecretPattern().Replace(text, m => m.Groups["name"].Value + m.Groups["sep"].Value + "***")
            : text;

    [GeneratedRegex(@"(?<name>refresh_token|access_token|code|state|client_secret)(?<sep>=|""\s*:\s*"")[^&""]*")]
    private static partial Regex SecretPattern();

    private static async Task ApiAsync(HttpContext http, QuickBooksSimulator simulator, string body)
    {
        var options = simulator.Options;
        var now = options.TimeProvider.GetUtcNow();
        var method = http.Request.Method.ToUpperInvariant();
        var realmId = (string?)http.Request.RouteValues["realmId"] ?? "";
        var segments = ((string?)http.Request.RouteValues["rest"] ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var query = http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.OrdinalIgnoreCase);

        // Contract §10: every response carries intuit_tid, the id Intuit support asks for.
        http.Response.Headers["intuit_tid"] = Guid.NewGuid().ToString("N");
        var (tokenRealm, problem) = simulator.OAuth.Authenticate(http.Request.Headers.Authorization.ToString() is { Length: > 0 } header ? header : null);
        bool known;
        lock (simulator.State.Gate)
        {
            known = simulator.State.Company(realmId) is not null;
        }

        simulator.Counters.ApiCall(known ? realmId : null, QuickBooksApi.OperationName(method, segments));
        if (problem is not null)
        {
            await WriteAsync(http, Unauthorized(problem, now));
            return;
        }

        if (!known || tokenRealm != realmId)
        {
            // Contract §11: 403 AuthorizationFailed, SERVICE 3100.
            await WriteAsync(http, QuickBooksWire.FaultResponse(403, QuickBooksWire.Fault("SERVICE", "3100", "message=AuthorizationFailed; errorCode=003100; statusCode=403", "The token does not reach this company."), now));
            return;
        }

        var batch = segments is ["batch"];
        var (limit, retryAfter) = simulator.Limiter.TryAcquire(realmId, batch);
        if (limit is not null)
        {
            simulator.Counters.Throttled(limit);
            if (options.SendRetryAfter)
            {
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            await WriteAsync(http, QuickBooksWire.FaultResponse(429, QuickBooksWire.Throttled(), now));
            return;
        }

        using var held = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, simulator.Stopping);
        try
        {
            // Q13: minor versions 1–74 are discontinued; the simulator requires 75 or later on every call.
            if (!int.TryParse(query.GetValueOrDefault("minorversion"), NumberStyles.None, CultureInfo.InvariantCulture, out var minor) || minor < options.MinimumMinorVersion)
            {
                await WriteAsync(http, QuickBooksWire.Validation(
                    "2040", "Unsupported minor version", $"minorversion {options.MinimumMinorVersion} or later is required (minor versions 1-74 were discontinued on 1 August 2025).", now, "minorversion"));
                return;
            }

            var fault = simulator.Faults.Take(method, http.Request.Path + http.Request.QueryString);
            if (fault is not null)
            {
                simulator.Counters.Fault();
                if (!await ApplyFaultBeforeAsync(http, simulator, fault, now, held.Token))
                {
                    return;
                }
            }

            if (options.BaseLatency > TimeSpan.Zero)
            {
                await Task.Delay(options.BaseLatency, options.TimeProvider, held.Token);
            }

            QuickBooksResponse Execute()
            {
                lock (simulator.State.Gate)
                {
                    return QuickBooksApi.Dispatch(new QuickBooksApiRequest(simulator.State.Company(realmId)!, method, segments, query, body, options.TimeProvider.GetUtcNow(), options));
                }
            }

            QuickBooksResponse response;
            if (method == "POST" && query.GetValueOrDefault("requestid") is { Length: > 0 } requestId)
            {
                if (requestId.Length > QuickBooksRequestIdCache.MaxLength)
                {
                    // Q5: at most 50 characters (QBO's reaction to a longer one is UNVERIFIED; refusing makes the bug visible).
                    response = QuickBooksWire.Validation("2050", "String length is either shorter or longer than supported by specification", "requestid may be at most 50 characters.", now, "requestid");
                }
                else
                {
                    (response, var replayed) = await simulator.RequestIds.RunAsync(realmId, requestId, Execute, held.Token);
                    if (replayed)
                    {
                        simulator.Counters.Replay();
                    }
                }
            }
            else
            {
                response = Execute();
            }

            await WriteAsync(http, response);
            if (fault?.Kind == QuickBooksFaultKind.CommitThenDrop)
            {
                http.Items[DropKey] = true;
                simulator.Faults.OnApplied(fault);
            }
        }
        catch (OperationCanceledException) when (held.IsCancellationRequested)
        {
            http.Items[DropKey] = true;
        }
        finally
        {
            simulator.Limiter.Release(realmId);
        }
    }

    private static async Task<bool> ApplyFaultBeforeAsync(HttpContext http, QuickBooksSimulator simulator, QuickBooksFaultRule fault, DateTimeOffset now, CancellationToken cancellationToken)
    {
        switch (fault.Kind)
        {
            case QuickBooksFaultKind.ServerError:
                simulator.Faults.OnApplied(fault);
                await WriteAsync(http, QuickBooksWire.FaultResponse(fault.StatusCode, QuickBooksWire.Fault(
                    "SERVICE", "3100", $"message=InternalServerError; errorCode=003100; statusCode={fault.StatusCode}", "An internal error occurred (simulated fault)."), now));
                return false;
            case QuickBooksFaultKind.FaultInOk:
                simulator.Faults.OnApplied(fault);
                await WriteAsync(http, QuickBooksWire.FaultResponse(200, QuickBooksWire.Fault(fault.FaultType, fault.FaultCode, fault.FaultMessage, "Simulated fault inside an HTTP 200."), now));
                return false;
            case QuickBooksFaultKind.Latency:
                var delay = Task.Delay(fault.Delay ?? TimeSpan.FromSeconds(1), simulator.Options.TimeProvider, cancellationToken);
                simulator.Faults.OnApplied(fault);
                await delay;
                return true;
            case QuickBooksFaultKind.Hang:
                var hold = Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
                simulator.Faults.OnApplied(fault);
                await hold;
                return false;
            default:
                return true;
        }
    }

    /// <summary>Contract §11: the 401 body uses different casing and epoch-millisecond time.</summary>
    private static QuickBooksResponse Unauthorized(string problem, DateTimeOffset now) => QuickBooksWire.Respond(401, new JsonObject
    {
        ["warnings"] = null,
        ["intuitObject"] = null,
        ["fault"] = new JsonObject
        {
            ["error"] = new JsonArray(new JsonObject
            {
                ["message"] = "message=AuthenticationFailed; errorCode=003200; statusCode=401",
                ["detail"] = problem == "Token expired" ? "Token expired: the access token has expired." : "Token revoked or unknown.",
                ["code"] = "3200",
                ["element"] = null,
            }),
            ["type"] = "AUTHENTICATION",
        },
        ["time"] = now.ToUnixTimeMilliseconds(),
    });

    private static async Task TokenAsync(HttpContext http, QuickBooksSimulator simulator, string body)
    {
        simulator.Counters.TokenRequest();
        var form = http.Request.HasFormContentType
            ? (await http.Request.ReadFormAsync(http.RequestAborted)).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal)
            : [];
        var includeHard = string.Equals(http.Request.Headers["x-include-refresh-token-hard-expires-in"], "true", StringComparison.OrdinalIgnoreCase);
        var (status, answer) = simulator.OAuth.Token(form, http.Request.Headers.Authorization.ToString() is { Length: > 0 } header ? header : null, includeHard);
        http.Response.Headers.CacheControl = "no-store";
        await WriteAsync(http, QuickBooksWire.Respond(status, answer));
    }

    private static async Task AuthorizeAsync(HttpContext http, QuickBooksSimulator simulator, string body)
    {
        var query = http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        List<string> realms;
        lock (simulator.State.Gate)
        {
            realms = [.. simulator.State.Companies.Select(c => c.RealmId)];
        }

        var (status, location, message) = simulator.OAuth.Authorize(query, realms);
        http.Response.Headers.CacheControl = "no-store";
        if (location is not null)
        {
            http.Response.StatusCode = status;
            http.Response.Headers.Location = location.AbsoluteUri;
            return;
        }

        await WriteAsync(http, new QuickBooksResponse(status, message!, "text/plain; charset=utf-8"));
    }

    private static async Task WriteAsync(HttpContext http, QuickBooksResponse response)
    {
        http.Response.StatusCode = response.Status;
        http.Response.ContentType = response.ContentType;
        await http.Response.WriteAsync(response.Body, http.RequestAborted);
    }
}
