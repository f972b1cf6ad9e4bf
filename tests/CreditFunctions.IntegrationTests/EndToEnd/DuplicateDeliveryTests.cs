using System.Net;
using System.Text.Json.Nodes;
using CreditFunctions.IntegrationTests.Infrastructure;

namespace CreditFunctions.IntegrationTests.EndToEnd;

/// <summary>At-least-once delivery from the order system (contracts/order-events.md "Delivery"): redeliveries are acknowledged, never re-posted.</summary>
public sealed class DuplicateDeliveryTests
{
    [Fact]
    public async Task The_same_event_delivered_twice_is_acknowledged_twice_and_posted_once()
    {
        await using var app = await TestApp.StartAsync();
        var orderEvent = TestEvents.CreditNote("cn_dup");

        using var first = await app.SendAsync(orderEvent);
        await app.WaitForStatusAsync("cn_dup", s => TestApp.IsState(s, "synced"));
        using var second = await app.SendAsync(orderEvent);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        var status = await app.WaitForStatusAsync("cn_dup", s => TestApp.IsState(s, "synced"));
        Assert.Equal(1, (int?)status["ledgers"]![0]!["attempts"]);
        Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_dup"));
        Assert.Equal(1, PutCreditNotes(app));
    }

    [Fact]
    public async Task Eight_concurrent_deliveries_of_one_event_all_get_the_same_202_and_one_credit_note_exists()
    {
        await using var app = await TestApp.StartAsync();
        var orderEvent = TestEvents.CreditNote("cn_dup8");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => app.SendAsync(orderEvent)));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        Assert.Single(bodies.Distinct());
        Assert.Equal(orderEvent.Id, (string?)JsonNode.Parse(bodies[0])!["eventId"]);
        await app.WaitForStatusAsync("cn_dup8", s => TestApp.IsState(s, "synced"));
        Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_dup8"));
        Assert.Equal(1, PutCreditNotes(app));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    internal static long PutCreditNotes(TestApp app) =>
        app.Xero.Counters.Snapshot().Operations.GetValueOrDefault("PUT /CreditNotes");
}
