using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CreditFunctions.LedgerSimulators.Xero;

/// <summary>
/// The simulator's HTTP surface: <c>/api.xro/2.0/…</c> (Accounting), <c>/connect/token</c> (OAuth 2.0),
/// <c>/identity/connect/authorize</c> (Xero's login and consent screen, served at login.xero.com),
/// <c>/connections</c> (identity) and <c>/_sim/…</c> (control, not Xero).
/// </summary>
public static partial class XeroSimulatorEndpoints
{
    private const string BodyKey = "xero-sim.body";
    private const string DropKey = "xero-sim.drop";

    public static IEndpointRouteBuilder MapXeroSimulator(this IEndpointRouteBuilder endpoints, XeroSimulator simulator)
    {
        endpoints.MapMethods("/api.xro/2.0/{**rest}", ["GET", "PUT", "POST", "DELETE"], http => ObserveAsync(http, simulator, AccountingAsync));
        endpoints.MapPost("/connect/token", http => ObserveAsync(http, simulator, TokenAsync));
        endpoints.MapGet("/identity/connect/authorize", http => ObserveAsync(http, simulator, AuthorizeAsync));
        endpoints.MapGet("/connections", http => ObserveAsync(http, simulator, ConnectionsAsync));
        endpoints.MapDelete("/connections/{id}", http => ObserveAsync(http, simulator, ConnectionsAsync));
        XeroControlEndpoints.Map(endpoints, simulator);
        return endpoints;
    }

    /// <summary>Buffers request and response so every exchange reaches the observers; drops the connection when a fault says so.</summary>
    private static async Task ObserveAsync(HttpContext http, XeroSimulator simulator, Func<HttpContext, XeroSimulator, Task> handler)
    {
        http.Request.EnableBuffering();
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8, leaveOpen: true);
        var requestBody = await reader.ReadToEndAsync(http.RequestAborted);
        http.Request.Body.Position = 0;
        http.Items[BodyKey] = requestBody;

        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await handler(http, simulator);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A simulator bug: answer like Xero's 500 but say what broke, so the failing test shows it.
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
        var exchange = new XeroExchange(
            http.Request.Method,
            http.Request.Path.Value ?? string.Empty,
            Redact(http.Request.QueryString.Value ?? string.Empty, http.Request.Path),
            http.Request.Headers.Where(h => !h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)).ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            Redact(requestBody, http.Request.Path),
            http.Response.StatusCode,
            http.Response.Headers.ToDictionary(h => h.Key, h => Redact(h.Value.ToString(), http.Request.Path), StringComparer.OrdinalIgnoreCase),
            http.Response.ContentType,
            Redact(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), http.Request.Path),
            dropped);
        foreach (var observer in simulator.Observers)
        {
            observer.OnExchange(exchange);
        }

        if (dropped)
        {
            // The write is applied (and cached for its Idempotency-Key); the client never hears of it.
            http.Abort();
            return;
        }

        http.Response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(original, http.RequestAborted);
    }

    // Observers may log what they see: token-endpoint secrets, and the authorize redirect's code and state, never reach
    // them (STYLE.md: never log tokens or secrets).
    private static string Redact(string text, PathString path) =>
        path.StartsWithSegments("/connect/token", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/identity/connect/authorize", StringComparison.OrdinalIgnoreCase)
            ? SecretPattern().Replace(text, m => m.Groups["name"].Value + m.Groups["sep"].Value + "***")
            : text;

    [GeneratedRegex(@"(?<name>client_secret|refresh_token|access_token|code|id_token|state)(?<sep>=|""\s*:\s*"")[^&""]*")]
    private static partial Regex SecretPattern();

    private static async Task AccountingAsync(HttpContext http, XeroSimulator simulator)
    {
        var options = simulator.Options;
        var method = http.Request.Method.ToUpperInvariant();

        // Xero tags every response with a correlation id that support asks for; clients keep it as the request id.
        http.Response.Headers["Xero-Correlation-Id"] = Guid.NewGuid().ToString();
        var rest = (string?)http.Request.RouteValues["rest"] ?? string.Empty;
        var segments = rest.Split('/', StringSplitOptions.RemoveEmptyEntries);

        // X21: every call needs a valid Bearer token…
        var authentication = simulator.OAuth.Authenticate(http.Request.Headers.Authorization.ToString() is { Length: > 0 } header ? header : null);
        if (!authentication.Succeeded)
        {
            simulator.Counters.ApiCall(null, XeroAccountingRouter.OperationName(method, segments));
            http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            await WriteAsync(http, XeroResponse.Problem(401, "Unauthorized", authentication.Problem!));
            return;
        }

        // …and the xero-tenant-id of an organisation the token's connection reaches (Spec requiredHeader).
        var tenantHeader = http.Request.Headers["xero-tenant-id"].ToString();
        Guid tenantId;
        bool known;
        lock (simulator.State.Gate)
        {
            known = Guid.TryParse(tenantHeader, out tenantId) && authentication.TenantIds.Contains(tenantId) && simulator.State.Book(tenantId) is not null;
        }

        simulator.Counters.ApiCall(known ? tenantId : null, XeroAccountingRouter.OperationName(method, segments));
        if (!known)
        {
            await WriteAsync(http, XeroResponse.Problem(403, "Forbidden", "AuthenticationUnsuccessful"));
            return;
        }

        // X14/X15: limits are checked first, so idempotent replays count too (X13).
        var decision = simulator.Limiter.TryAcquire(tenantId);
        http.Response.Headers["X-DayLimit-Remaining"] = decision.DayRemaining.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers["X-MinLimit-Remaining"] = decision.MinuteRemaining.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers["X-AppMinLimit-Remaining"] = decision.AppMinuteRemaining.ToString(CultureInfo.InvariantCulture);
        if (!decision.Admitted)
        {
            simulator.Counters.Throttled(tenantId);
            http.Response.Headers.RetryAfter = decision.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers["X-Rate-Limit-Problem"] = decision.Problem;
            // X15: the 429 body is the old OAuth problem text.
            await WriteAsync(http, new XeroResponse(429, "oauth_problem=rate limit exceeded&oauth_problem_advice=please wait before retrying the xero api", "text/plain; charset=utf-8"));
            return;
        }

        using var held = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, simulator.Stopping);
        try
        {
            var fault = simulator.Faults.Take(method, "/" + rest);
            if (fault is not null)
            {
                simulator.Counters.Fault();
                if (!await ApplyFaultBeforeAsync(http, simulator, fault, held.Token))
                {
                    return;
                }
            }

            if (options.BaseLatency > TimeSpan.Zero)
            {
                await Task.Delay(options.BaseLatency, options.TimeProvider, held.Token);
            }

            var request = (string)http.Items[BodyKey]!;
            XeroResponse Execute()
            {
                lock (simulator.State.Gate)
                {
                    return XeroAccountingRouter.Dispatch(new XeroApiRequest
                    {
                        Book = simulator.State.Book(tenantId)!,
                        Method = method,
                        Segments = segments,
                        Query = http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                        Body = request,
                        IfModifiedSince = http.Request.Headers.IfModifiedSince.ToString() is { Length: > 0 } since ? since : null,
                        Now = options.TimeProvider.GetUtcNow(),
                        PageSize = options.PageSize,
                    });
                }
            }

            XeroResponse response;
            var key = http.Request.Headers["Idempotency-Key"].ToString();
            if (key.Length > 0 && method is "PUT" or "POST")
            {
                if (key.Length > XeroIdempotencyCache.MaxKeyLength)
                {
                    // X13 / Spec idempotencyKey: "128 character max."
                    response = XeroResponse.Validation("The Idempotency-Key header must be 128 characters or fewer.");
                }
                else
                {
                    var fingerprint = method + " " + http.Request.Path + http.Request.QueryString + "\n" + request;
                    (response, var replayed) = await simulator.Idempotency.RunAsync(tenantId, key, fingerprint, Execute, held.Token);
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
            if (fault?.Kind == XeroFaultKind.CommitThenDrop)
            {
                http.Items[DropKey] = true;
                simulator.Faults.OnApplied(fault);
            }
        }
        catch (OperationCanceledException) when (held.IsCancellationRequested)
        {
            // The client gave up (or the simulator stopped) while the call was held: no answer goes out.
            http.Items[DropKey] = true;
        }
        finally
        {
            simulator.Limiter.Release(tenantId);
        }
    }

    // False when the fault answered (or held) the call instead of letting it through.
    private static async Task<bool> ApplyFaultBeforeAsync(HttpContext http, XeroSimulator simulator, XeroFaultRule fault, CancellationToken cancellationToken)
    {
        switch (fault.Kind)
        {
            case XeroFaultKind.ServerError:
                simulator.Faults.OnApplied(fault);
                await WriteAsync(http, new XeroResponse(fault.StatusCode, "The Xero API is temporarily unavailable (simulated fault).", "text/plain; charset=utf-8"));
                return false;
            case XeroFaultKind.Latency:
                var delay = Task.Delay(fault.Delay ?? TimeSpan.FromSeconds(1), simulator.Options.TimeProvider, cancellationToken);
                simulator.Faults.OnApplied(fault);
                await delay;
                return true;
            case XeroFaultKind.Hang:
                var hold = Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
                simulator.Faults.OnApplied(fault);
                await hold;
                return false;
            default:
                return true;
        }
    }

    private static async Task TokenAsync(HttpContext http, XeroSimulator simulator)
    {
        simulator.Counters.TokenRequest();
        var form = http.Request.HasFormContentType
            ? (await http.Request.ReadFormAsync(http.RequestAborted)).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal)
            : [];
        var (status, body) = simulator.OAuth.Token(form, http.Request.Headers.Authorization.ToString() is { Length: > 0 } header ? header : null);
        http.Response.Headers.CacheControl = "no-store";
        await WriteAsync(http, XeroResponse.Json(status, body));
    }

    /// <summary>The user's browser at the consent screen: redirected back to the app at once (no login page to click through).</summary>
    private static async Task AuthorizeAsync(HttpContext http, XeroSimulator simulator)
    {
        var query = http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        Guid[] organisations;
        lock (simulator.State.Gate)
        {
            organisations = [.. simulator.State.Books.Select(b => b.TenantId)];
        }

        var result = simulator.OAuth.Authorize(query, organisations);
        http.Response.Headers.CacheControl = "no-store";
        if (result.Location is { } location)
        {
            http.Response.StatusCode = result.Status;
            http.Response.Headers.Location = location.AbsoluteUri;
            return;
        }

        await WriteAsync(http, new XeroResponse(result.Status, result.Message!, "text/plain; charset=utf-8"));
    }

    /// <summary>Identity API (X21, xero-identity.yaml /Connections): the tenants a token's consent reaches.</summary>
    private static async Task ConnectionsAsync(HttpContext http, XeroSimulator simulator)
    {
        var authentication = simulator.OAuth.Authenticate(http.Request.Headers.Authorization.ToString() is { Length: > 0 } header ? header : null);
        if (!authentication.Succeeded)
        {
            await WriteAsync(http, XeroResponse.Problem(401, "Unauthorized", authentication.Problem!));
            return;
        }

        if (HttpMethods.IsDelete(http.Request.Method))
        {
            var deleted = Guid.TryParse((string?)http.Request.RouteValues["id"], out var connectionId) && simulator.OAuth.DeleteConnection(authentication.GrantId, connectionId);
            http.Response.StatusCode = deleted ? 204 : 404;
            return;
        }

        var connections = new JsonArray();
        foreach (var connection in simulator.OAuth.Connections(authentication.GrantId))
        {
            string name;
            lock (simulator.State.Gate)
            {
                name = simulator.State.Book(connection.TenantId)?.Name ?? string.Empty;
            }

            connections.Add(new JsonObject
            {
                ["id"] = connection.ConnectionId.ToString(),
                ["authEventId"] = connection.AuthEventId.ToString(),
                ["tenantId"] = connection.TenantId.ToString(),
                ["tenantType"] = "ORGANISATION",
                ["tenantName"] = name,
                ["createdDateUtc"] = connection.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                ["updatedDateUtc"] = connection.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            });
        }

        await WriteAsync(http, XeroResponse.Json(200, connections));
    }

    private static async Task WriteAsync(HttpContext http, XeroResponse response)
    {
        http.Response.StatusCode = response.Status;
        http.Response.ContentType = response.ContentType;
        await http.Response.WriteAsync(response.Body, http.RequestAborted);
    }
}
