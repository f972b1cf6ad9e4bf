using System.Text.Json.Nodes;
using CreditFunctions.LedgerSimulators.QuickBooks;

namespace CreditFunctions.IntegrationTests.LedgerSimulators.QuickBooks;

/// <summary>Per-realm limits (Q6): 10 a second, 500 a minute, 10 in flight, batch requests 40 a minute on their own; 429 is a SERVICE 3001 Fault.</summary>
public sealed class QuickBooksLimitsTests
{
    [Fact]
    public async Task The_eleventh_call_in_a_second_gets_429_ThrottleExceeded_with_Retry_After_and_the_next_second_is_open()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(200, (await harness.CallAsync(HttpMethod.Get, QuickBooksHarness.Path("preferences"))).Status);
        }

        var (status, body, response) = await harness.CallAsync(HttpMethod.Get, QuickBooksHarness.Path("preferences"));
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        var later = await harness.CallAsync(HttpMethod.Get, QuickBooksHarness.Path("preferences"));

        Assert.Equal((429, "3001", "SERVICE"), (status, QuickBooksHarness.Code(body), (string?)body["Fault"]!["type"]));
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter!.Delta);
        Assert.Equal(200, later.Status);
        Assert.Equal(1, harness.Simulator.Counters.Snapshot().ThrottledBy["second"]);
    }

    [Fact]
    public async Task The_501st_call_in_a_minute_gets_429_until_the_oldest_call_leaves_the_window()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        for (var i = 0; i < 500; i++)
        {
            if (i > 0 && i % 10 == 0)
            {
                harness.Time.Advance(TimeSpan.FromSeconds(1)); // 10 a second: under the per-second limit
            }

            Assert.Equal(200, (await harness.CallAsync(HttpMethod.Get, QuickBooksHarness.Path("preferences"))).Status);
        }

        harness.Time.Advance(TimeSpan.FromSeconds(1));
        var (status, _, response) = await harness.CallAsync(HttpMethod.Get, QuickBooksHarness.Path("preferences"));
        harness.Time.Advance(response.Headers.RetryAfter!.Delta!.Value);
        var later = await harness.CallAsync(HttpMethod.Get, QuickBooksHarness.Path("preferences"));

        Assert.Equal(429, status);
        Assert.Equal(200, later.Status);
        Assert.Equal(1, harness.Simulator.Counters.Snapshot().ThrottledBy["minute"]);
    }

    [Fact]
    public async Task An_eleventh_call_while_ten_are_in_flight_gets_429()
    {
        await using var harness = await QuickBooksHarness.StartAsync(o => o.RateLimits = QuickBooksRateLimits.Default with { PerSecond = 100 });
        var held = 0;
        using var allHeld = new SemaphoreSlim(0);
        harness.Simulator.Faults.Applied += _ =>
        {
            if (Interlocked.Increment(ref held) == 10)
            {
                allHeld.Release();
            }
        };
        harness.Simulator.Faults.HangNext(10);
        using var cancel = new CancellationTokenSource();
        var hanging = Enumerable.Range(0, 10).Select(_ => harness.Http.SendAsync(Request(harness), cancel.Token)).ToList();
        await allHeld.WaitAsync(TimeSpan.FromSeconds(20));

        var (status, _, _) = await harness.CallAsync(HttpMethod.Get, QuickBooksHarness.Path("preferences"));
        await cancel.CancelAsync();
        await Task.WhenAll(hanging.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));

        Assert.Equal(429, status);
        Assert.Equal(1, harness.Simulator.Counters.Snapshot().ThrottledBy["concurrent"]);
    }

    [Fact]
    public async Task Batch_requests_are_counted_apart_at_40_a_minute_and_carry_item_faults_inside_the_200()
    {
        await using var harness = await QuickBooksHarness.StartAsync(o => o.RateLimits = QuickBooksRateLimits.Default with { PerSecond = 1000 });
        JsonObject Batch(int i)
        {
            var bad = harness.CreditMemo($"CN-B{i}-bad");
            bad.Remove("CustomerRef");
            return new JsonObject
            {
                ["BatchItemRequest"] = new JsonArray(
                    new JsonObject { ["bId"] = "1", ["operation"] = "create", ["CreditMemo"] = harness.CreditMemo($"CN-B{i}") },
                    new JsonObject { ["bId"] = "2", ["operation"] = "create", ["CreditMemo"] = bad },
                    new JsonObject { ["bId"] = "3", ["Query"] = $"select * from CreditMemo where DocNumber = 'CN-B{i}'" }),
            };
        }

        var first = await harness.PostAsync("batch", Batch(0));
        for (var i = 1; i < 40; i++)
        {
            Assert.Equal(200, (await harness.PostAsync("batch", Batch(i))).Status);
        }

        var throttled = await harness.PostAsync("batch", Batch(40));
        var single = await harness.CallAsync(HttpMethod.Get, QuickBooksHarness.Path("preferences"));

        var items = first.Body["BatchItemResponse"]!.AsArray();
        Assert.Equal(200, first.Status);
        Assert.NotNull(items[0]!["CreditMemo"]);
        Assert.Equal("2020", (string?)items[1]!["Fault"]!["Error"]![0]!["code"]);
        Assert.NotNull(items[2]!["QueryResponse"]);
        Assert.Equal((429, 200), (throttled.Status, single.Status));
        Assert.Equal(1, harness.Simulator.Counters.Snapshot().ThrottledBy["batch"]);
    }

    [Fact]
    public async Task A_batch_of_more_than_30_items_is_refused()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        var items = new JsonArray([.. Enumerable.Range(1, 31).Select(i => (JsonNode)new JsonObject { ["bId"] = $"{i}", ["Query"] = "select * from CreditMemo" })]);

        var (status, _, _) = await harness.PostAsync("batch", new JsonObject { ["BatchItemRequest"] = items });

        Assert.Equal(400, status);
        Assert.Empty(harness.Simulator.Store.CreditMemosByNumber("x"));
    }

    private static HttpRequestMessage Request(QuickBooksHarness harness)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"v3/company/{harness.RealmId}/{QuickBooksHarness.Path("preferences")}");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", harness.AccessToken);
        return request;
    }
}
