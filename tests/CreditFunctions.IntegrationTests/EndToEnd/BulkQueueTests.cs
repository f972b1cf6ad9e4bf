using Azure.Storage.Queues;
using System.Text.Json.Nodes;
using CreditFunctions.Alerts;
using CreditFunctions.Documents;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.IntegrationTests.Storage;
using CreditFunctions.Storage.Queues;
using CreditFunctions.Workflow.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace CreditFunctions.IntegrationTests.EndToEnd;

/// <summary>
/// The bulk feed (queue <c>order-events</c>, envelope <c>{"tenantId", "event"}</c>): valid events sync like
/// webhooks; invalid ones are recorded as rejected with their reason and an alert, and never retried.
/// </summary>
public sealed class BulkQueueTests
{
    [Fact]
    public async Task An_event_on_the_bulk_queue_is_synced_to_Xero()
    {
        await using var app = await TestApp.StartAsync();
        var queue = OrderEventsQueue(app);

        await queue.SendMessageAsync(Envelope("t1", JsonNode.Parse(OrderEventWriter.ToUtf8Bytes(TestEvents.CreditNote("cn_bulk")))!));

        var status = await app.WaitForStatusAsync("cn_bulk", s => TestApp.IsState(s, "synced"));
        var stored = Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_bulk"));
        Assert.Equal((string?)stored["CreditNoteID"], (string?)status["ledgers"]![0]!["ledgerDocumentId"]);
    }

    [Fact]
    public async Task An_invalid_event_on_the_bulk_queue_is_recorded_as_rejected_with_an_alert_and_not_retried()
    {
        await using var app = await TestApp.StartAsync();
        var queue = OrderEventsQueue(app);
        var orderEvent = JsonNode.Parse(OrderEventWriter.ToUtf8Bytes(TestEvents.CreditNote("cn_badbulk")))!;
        orderEvent["data"]!["creditNote"]!["total"] = 1m;

        var sent = await queue.SendMessageAsync(Envelope("t1", orderEvent));

        var rejectedEvents = app.Services.GetRequiredService<RejectedEvents>();
        Assert.StartsWith(app.Prefix, rejectedEvents.Table.Name, StringComparison.Ordinal);
        var row = await Eventually.HoldsAsync(
            async () => await rejectedEvents.ListAsync("t1", 10, CancellationToken.None) is [var first, ..] ? first : null,
            "the rejected event's row");
        Assert.Equal(sent.Value.MessageId, (string?)row["MessageId"]);
        Assert.Equal("invalid", (string?)row["Reason"]);
        Assert.Contains("event.data.creditNote.total", (string?)row["Errors"], StringComparison.Ordinal);
        await Eventually.HoldsAsync(() => app.Alerts.All.Any(a => a.Kind == AlertKind.EventRejected), "an EventRejected alert");
        var alert = Assert.Single(app.Alerts.All, a => a.Kind == AlertKind.EventRejected);
        Assert.Equal("t1", alert.TenantId);

        await Eventually.HoldsAsync(async () => await queue.ApproximateCountAsync() == 0, "the message to be completed");
        var poison = queue.GetPoisonQueueClient();
        await poison.CreateIfNotExistsAsync();
        Assert.Equal(0, await poison.ApproximateCountAsync());
        Assert.Single(app.Alerts.All, a => a.Kind == AlertKind.EventRejected);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await app.StatusAsync("cn_badbulk")).Status);
        Assert.Empty(app.Xero.Store.CreditNotes(app.XeroTenantId));
    }

    [Fact]
    public async Task A_bulk_message_that_is_not_an_envelope_is_rejected_as_malformed()
    {
        await using var app = await TestApp.StartAsync();
        var queue = OrderEventsQueue(app);

        await queue.SendMessageAsync("this is not json");

        var rejectedEvents = app.Services.GetRequiredService<RejectedEvents>();
        var row = await Eventually.HoldsAsync(
            async () => await rejectedEvents.ListAsync("_unknown", 10, CancellationToken.None) is [var first, ..] ? first : null,
            "the rejected message's row");
        Assert.Equal("malformed", (string?)row["Reason"]);
        await Eventually.HoldsAsync(() => app.Alerts.All.Any(a => a.Kind == AlertKind.EventRejected), "an EventRejected alert");
    }

    private static QueueClient OrderEventsQueue(TestApp app) => TestStorage.Clients.GetQueueClient(app.Prefix + "-order-events");

    private static string Envelope(string tenantId, JsonNode orderEvent) =>
        new JsonObject { ["tenantId"] = tenantId, ["event"] = orderEvent }.ToJsonString();
}
