using CreditFunctions.LocalHost.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace CreditFunctions.Tests.Hosting;

public sealed class FunctionsConsistencyTests
{
    private static readonly FunctionManifest Manifest = new(
        "/root",
        "api",
        QueueSettings.Default,
        [
            new QueueFunction("RunSyncStep", "message", "sync-steps", "AzureWebJobsStorage"),
            new TimerFunction("SweepSyncs", "timer", "0 */1 * * * *", false, true),
            new HttpFunction("ReceiveOrderEvent", "req", ["POST"], "tenants/{tenantId}/events", "res"),
        ]);

    [Fact]
    public void Matching_handlers_and_endpoints_are_consistent()
    {
        var problems = FunctionsConsistency.Check(Manifest, ["RunSyncStep"], ["SweepSyncs"], [Endpoint("/api/tenants/{tenantId:minlength(1)}/events", "POST")]);

        Assert.Empty(problems);
    }

    [Fact]
    public void A_queue_or_timer_function_without_a_handler_is_reported()
    {
        var problems = FunctionsConsistency.Check(Manifest, [], [], [Endpoint("/api/tenants/{tenantId}/events", "POST")]);

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("RunSyncStep", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("SweepSyncs", StringComparison.Ordinal));
    }

    [Fact]
    public void A_handler_without_a_function_json_is_reported()
    {
        var problems = FunctionsConsistency.Check(Manifest, ["RunSyncStep", "RunOldStep"], ["SweepSyncs"], [Endpoint("/api/tenants/{tenantId}/events", "POST")]);

        Assert.Contains("RunOldStep", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void An_http_function_without_its_endpoint_or_method_is_reported()
    {
        var problems = FunctionsConsistency.Check(Manifest, ["RunSyncStep"], ["SweepSyncs"], [Endpoint("/api/tenants/{tenantId}/events", "GET")]);

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("ReceiveOrderEvent has no endpoint for POST", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("GET /api/tenants/{tenantid}/events is no function of the Functions app", StringComparison.Ordinal));
    }

    [Fact]
    public void Endpoints_outside_the_route_prefix_are_not_functions()
    {
        var problems = FunctionsConsistency.Check(
            Manifest, ["RunSyncStep"], ["SweepSyncs"], [Endpoint("/api/tenants/{tenantId}/events", "POST"), Endpoint("/", "GET"), Endpoint("/RunSyncStep", "POST")]);

        Assert.Empty(problems);
    }

    private static RouteEndpoint Endpoint(string pattern, string method) =>
        new(_ => Task.CompletedTask, RoutePatternFactory.Parse(pattern), 0, new EndpointMetadataCollection(new HttpMethodMetadata([method])), pattern);
}
