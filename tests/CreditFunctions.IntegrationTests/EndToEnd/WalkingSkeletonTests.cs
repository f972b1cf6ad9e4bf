using System.Net;
using System.Text.Json.Nodes;
using CreditFunctions.IntegrationTests.Infrastructure;

namespace CreditFunctions.IntegrationTests.EndToEnd;

/// <summary>The thin path through every layer: signed webhook → 202 → workflow row → step message → Xero → synced.</summary>
[Collection("Azurite")]
public sealed class WalkingSkeletonTests
{
    [Fact]
    public async Task A_signed_credit_note_webhook_is_synced_to_Xero_exactly_once()
    {
        await using var app = await TestApp.StartAsync();
        var orderEvent = TestEvents.CreditNote("cn_1001");

        using var response = await app.SendAsync(orderEvent);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(orderEvent.Id, (string?)accepted["eventId"]);
        Assert.Equal("/api/tenants/t1/credit-notes/cn_1001", (string?)accepted["statusUrl"]);

        var status = await app.WaitForStatusAsync("cn_1001", s => TestApp.IsState(s, "synced"));
        var ledger = status["ledgers"]!.AsArray().Single()!.AsObject();
        Assert.Equal("xero", (string?)ledger["ledger"]);
        Assert.Equal(TestApp.ConnectionId, (string?)ledger["connectionId"]);
        Assert.Equal("synced", (string?)ledger["state"]);
        Assert.NotNull((string?)ledger["syncedAt"]);

        var inXero = app.Xero.Store.CreditNotesByNumber("CN-cn_1001");
        var stored = Assert.Single(inXero);
        Assert.Equal((string?)ledger["ledgerDocumentId"], (string?)stored["CreditNoteID"]);
        Assert.Equal("AUTHORISED", (string?)stored["Status"]);
        Assert.Equal(220.00m, (decimal)stored["Total"]!);
        app.Conformance.AssertNoViolations();
    }
}
