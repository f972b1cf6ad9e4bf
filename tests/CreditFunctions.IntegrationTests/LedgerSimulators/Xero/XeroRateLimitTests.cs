using System.Net;

namespace CreditFunctions.IntegrationTests.LedgerSimulators.Xero;

/// <summary>X14, X15, X16: per-tenant minute, day and concurrency limits, the app-wide minute limit, and their headers.</summary>
public sealed class XeroRateLimitTests
{
    [Fact]
    public async Task The_61st_call_in_a_minute_gets_429_with_minute_problem_and_Retry_After()
    {
        await using var xero = await XeroHarness.StartAsync();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 60; i++)
        {
            last = await xero.SendAsync(HttpMethod.Get, "Organisation");
            Assert.Equal(HttpStatusCode.OK, last.StatusCode);
            xero.Time.Advance(TimeSpan.FromMilliseconds(500));
        }

        var throttled = await xero.SendAsync(HttpMethod.Get, "Organisation");

        Assert.Equal("0", Header(last!, "X-MinLimit-Remaining"));
        Assert.Equal("4940", Header(last!, "X-DayLimit-Remaining"));
        Assert.Equal("9940", Header(last!, "X-AppMinLimit-Remaining"));
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("minute", Header(throttled, "X-Rate-Limit-Problem"));
        Assert.Equal(TimeSpan.FromSeconds(30), throttled.Headers.RetryAfter!.Delta);
        Assert.Contains("oauth_problem=rate limit exceeded", await throttled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, xero.Simulator.Counters.Snapshot().PerTenant[xero.TenantId].Throttled);

        xero.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await xero.SendAsync(HttpMethod.Get, "Organisation")).StatusCode);
    }

    [Fact]
    public async Task The_daily_budget_gives_429_with_day_problem_until_the_oldest_call_is_a_day_old()
    {
        await using var xero = await XeroHarness.StartAsync(o => o.RateLimits = o.RateLimits with { PerTenantPerDay = 3 });
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await xero.SendAsync(HttpMethod.Get, "Organisation")).StatusCode);
            xero.Time.Advance(TimeSpan.FromMinutes(5));
        }

        var throttled = await xero.SendAsync(HttpMethod.Get, "Organisation");

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("day", Header(throttled, "X-Rate-Limit-Problem"));
        Assert.Equal("0", Header(throttled, "X-DayLimit-Remaining"));
        Assert.Equal(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(15), throttled.Headers.RetryAfter!.Delta);
    }

    [Fact]
    public async Task A_sixth_call_in_flight_gets_429_with_concurrent_problem()
    {
        await using var xero = await XeroHarness.StartAsync();
        var held = 0;
        var allHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        xero.Simulator.Faults.Applied += _ =>
        {
            if (Interlocked.Increment(ref held) == 5)
            {
                allHeld.TrySetResult();
            }
        };
        xero.Simulator.Faults.HangNext(5);
        using var cancel = new CancellationTokenSource();
        var hanging = Enumerable.Range(0, 5).Select(_ => xero.Http.SendAsync(xero.Request(HttpMethod.Get, "Organisation"), cancel.Token)).ToList();
        await allHeld.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var throttled = await xero.SendAsync(HttpMethod.Get, "Organisation");
        await cancel.CancelAsync();
        foreach (var call in hanging)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("concurrent", Header(throttled, "X-Rate-Limit-Problem"));
        Assert.NotNull(throttled.Headers.RetryAfter);
    }

    [Fact]
    public async Task The_app_wide_minute_limit_spans_tenants()
    {
        await using var xero = await XeroHarness.StartAsync(o => o.RateLimits = o.RateLimits with { AppPerMinute = 2 });
        var second = xero.Simulator.Seed.Tenant("Second Org");
        xero.AccessToken = xero.Simulator.Seed.Tokens(xero.Connection.ClientId, xero.TenantId, second).AccessToken;

        var first = await xero.SendAsync(HttpMethod.Get, "Organisation");
        var other = await xero.Http.SendAsync(xero.Request(HttpMethod.Get, "Organisation", tenantId: second));
        var throttled = await xero.SendAsync(HttpMethod.Get, "Organisation");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal("0", Header(other, "X-AppMinLimit-Remaining"));
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("appminute", Header(throttled, "X-Rate-Limit-Problem"));
    }

    [Fact]
    public async Task TimeScale_shrinks_the_minute_window_for_benchmarks()
    {
        await using var xero = await XeroHarness.StartAsync(o =>
        {
            o.RateLimits = o.RateLimits with { PerTenantPerMinute = 1 };
            o.TimeScale = 10;
        });

        var first = await xero.SendAsync(HttpMethod.Get, "Organisation");
        var throttled = await xero.SendAsync(HttpMethod.Get, "Organisation");
        xero.Time.Advance(TimeSpan.FromSeconds(6));
        var again = await xero.SendAsync(HttpMethod.Get, "Organisation");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(6), throttled.Headers.RetryAfter!.Delta);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : throw new Xunit.Sdk.XunitException($"missing header {name}");
}
