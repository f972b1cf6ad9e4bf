using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CreditFunctions.LocalHost.Hosting;

/// <summary>
/// Finds drift between the Functions app's functions.metadata and the local host: a function without a handler (for
/// HTTP, without an endpoint at <c>/{routePrefix}/{route}</c> for each of its methods; for an orchestrator or activity,
/// without a registration on the local engine), or a handler, endpoint or task the Functions app does not declare.
/// </summary>
public static partial class FunctionsConsistency
{
    /// <summary>Checks a built app (after its endpoints are mapped). Empty when consistent.</summary>
    public static IReadOnlyList<string> Check(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var catalog = app.Services.GetRequiredService<FunctionHandlerCatalog>();
        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints);
        return Check(app.Services.GetRequiredService<FunctionManifest>(), catalog.QueueHandlers, catalog.TimerHandlers, endpoints, Durable.LocalSyncTasks.Names);
    }

    public static IReadOnlyList<string> Check(
        FunctionManifest manifest,
        IReadOnlyCollection<string> queueHandlers,
        IReadOnlyCollection<string> timerHandlers,
        IEnumerable<Endpoint> endpoints,
        IReadOnlyCollection<string>? durableTasks = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var problems = new List<string>();
        CheckHandlers(manifest.QueueFunctions.Select(f => f.Name), queueHandlers, "queue", problems);
        CheckHandlers(manifest.TimerFunctions.Select(f => f.Name), timerHandlers, "timer", problems);
        CheckHandlers(manifest.DurableFunctions.Select(f => f.Name), durableTasks ?? [], "durable", problems);

        var prefix = manifest.HttpRoutePrefix.Trim('/');
        var api = endpoints.OfType<RouteEndpoint>()
            .Select(e => (Route: Normalize(e.RoutePattern.RawText ?? ""), Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []))
            .Where(e => prefix.Length == 0 || e.Route.StartsWith(prefix.ToUpperInvariant() + "/", StringComparison.Ordinal))
            .ToList();

        var declared = new HashSet<(string Route, string Method)>();
        foreach (var function in manifest.HttpFunctions)
        {
            var route = Normalize(prefix.Length == 0 ? function.Route : prefix + "/" + function.Route);
            foreach (var method in function.Methods)
            {
                declared.Add((route, method));
                if (!api.Any(e => e.Route == route && (e.Methods.Count == 0 || e.Methods.Contains(method, StringComparer.OrdinalIgnoreCase))))
                {
                    problems.Add($"HTTP function {function.Name} has no endpoint for {method} /{prefix}/{function.Route}.");
                }
            }
        }

        foreach (var (route, methods) in api)
        {
            foreach (var method in methods.Where(m => !declared.Contains((route, m.ToUpperInvariant()))))
            {
                problems.Add($"Endpoint {method} /{route.ToLowerInvariant()} is no function of the Functions app: the Functions host would never route to it.");
            }
        }

        return problems;
    }

    private static void CheckHandlers(IEnumerable<string> functions, IReadOnlyCollection<string> handlers, string kind, List<string> problems)
    {
        var declared = functions.ToHashSet(StringComparer.Ordinal);
        problems.AddRange(declared.Where(f => !handlers.Contains(f)).Select(f => $"{kind} function {f} has no handler registered."));
        problems.AddRange(handlers.Where(h => !declared.Contains(h)).Select(h => $"{kind} handler {h} is no function of the Functions app."));
    }

    /// <summary>Route templates compared without slashes, case, constraints or defaults: <c>{id:guid}</c> = <c>{id}</c>.</summary>
    private static string Normalize(string route) =>
        ParameterPattern().Replace(route.Trim('/'), m => "{" + m.Groups[1].Value + "}").ToUpperInvariant();

    [GeneratedRegex(@"\{\**([^}:=?]+)[^}]*\}")]
    private static partial Regex ParameterPattern();
}
