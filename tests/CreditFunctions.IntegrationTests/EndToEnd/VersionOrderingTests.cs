using System.Net;
using CreditFunctions.Documents;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.LedgerSimulators.Xero;

namespace CreditFunctions.IntegrationTests.EndToEnd;

/// <summary>Versions decide, not arrival order: stale versions are acknowledged and ignored, newer ones update, voids are final (docs/workflow.md "Versions").</summary>
public sealed class VersionOrderingTests
{
    [Fact]
    public async Task An_older_version_arriving_after_a_newer_one_is_acknowledged_and_ignored()
    {
        await using var app = await TestApp.StartAsync();

        using var v2 = await app.SendAsync(TestEvents.CreditNote("cn_ooo", version: 2, type: OrderEventType.CreditNoteUpdated, net: 300m));
        using var v1 = await app.SendAsync(TestEvents.CreditNote("cn_ooo", version: 1, net: 200m));

        Assert.Equal(HttpStatusCode.Accepted, v2.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, v1.StatusCode);
        var status = await app.WaitForStatusAsync("cn_ooo", s => TestApp.IsState(s, "synced"));
        Assert.Equal(2, (long?)status["version"]);
        var stored = Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_ooo"));
        Assert.Equal(330.00m, (decimal)stored["Total"]!);
        Assert.Equal(1, DuplicateDeliveryTests.PutCreditNotes(app));
    }

    [Fact]
    public async Task A_newer_version_updates_the_same_Xero_credit_note()
    {
        await using var app = await TestApp.StartAsync();
        await app.SendAsync(TestEvents.CreditNote("cn_upd", version: 1, net: 200m));
        var synced1 = await app.WaitForStatusAsync("cn_upd", s => TestApp.IsState(s, "synced"));
        var documentId = (string?)synced1["ledgers"]![0]!["ledgerDocumentId"];

        await app.SendAsync(TestEvents.CreditNote("cn_upd", version: 2, type: OrderEventType.CreditNoteUpdated, net: 500m));

        var synced2 = await app.WaitForStatusAsync("cn_upd", s => (long?)s["version"] == 2 && TestApp.IsState(s, "synced"));
        Assert.Equal(documentId, (string?)synced2["ledgers"]![0]!["ledgerDocumentId"]);
        var stored = Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_upd"));
        Assert.Equal(documentId, (string?)stored["CreditNoteID"]);
        Assert.Equal(550.00m, (decimal)stored["Total"]!);
        Assert.Equal("AUTHORISED", (string?)stored["Status"]);
        app.Conformance.AssertNoViolations();
    }

    [Fact]
    public async Task A_newer_version_of_an_allocated_credit_note_voids_it_and_creates_a_replacement()
    {
        await using var app = await TestApp.StartAsync();
        app.Xero.Seed.Invoice(app.XeroTenantId, new XeroInvoiceSeed("INV-VR", app.CustomerId, 1000m));
        var allocation = new AllocationRequest("INV-VR", 100m, new DateOnly(2026, 11, 20));
        await app.SendAsync(TestEvents.CreditNote("cn_vr", version: 1, net: 200m, allocations: [allocation]));
        var synced1 = await app.WaitForStatusAsync("cn_vr", s => TestApp.IsState(s, "synced"));
        var firstId = (string?)synced1["ledgers"]![0]!["ledgerDocumentId"];

        await app.SendAsync(TestEvents.CreditNote("cn_vr", version: 2, type: OrderEventType.CreditNoteUpdated, net: 400m, allocations: [allocation]));

        var synced2 = await app.WaitForStatusAsync("cn_vr", s => (long?)s["version"] == 2 && TestApp.IsState(s, "synced"));
        var secondId = (string?)synced2["ledgers"]![0]!["ledgerDocumentId"];
        Assert.NotEqual(firstId, secondId);
        var inXero = app.Xero.Store.CreditNotesByNumber("CN-cn_vr");
        Assert.Equal(2, inXero.Count);
        var voided = Assert.Single(inXero, c => (string?)c["CreditNoteID"] == firstId);
        Assert.Equal("VOIDED", (string?)voided["Status"]);
        var replacement = Assert.Single(inXero, c => (string?)c["CreditNoteID"] == secondId);
        Assert.Equal(440.00m, (decimal)replacement["Total"]!);
        Assert.NotEqual("VOIDED", (string?)replacement["Status"]);
        Assert.Equal("allocated", (string?)synced2["ledgers"]![0]!["allocations"]![0]!["state"]);
        // The invoice carries only the replacement's allocation: the voided credit note's was removed with it.
        Assert.Equal(900m, (decimal)app.Xero.Store.Invoice(app.XeroTenantId, "INV-VR")!["AmountDue"]!);
        app.Conformance.AssertNoViolations();
    }

    [Fact]
    public async Task A_void_voids_the_Xero_credit_note_and_the_status_shows_voided()
    {
        await using var app = await TestApp.StartAsync();
        await app.SendAsync(TestEvents.CreditNote("cn_void", version: 1));
        var synced = await app.WaitForStatusAsync("cn_void", s => TestApp.IsState(s, "synced"));

        using var voidResponse = await app.SendAsync(TestEvents.CreditNote("cn_void", version: 2, type: OrderEventType.CreditNoteVoided));

        Assert.Equal(HttpStatusCode.Accepted, voidResponse.StatusCode);
        var voided = await app.WaitForStatusAsync("cn_void", s => TestApp.IsState(s, "voided"));
        Assert.Equal("voided", (string?)voided["ledgers"]![0]!["state"]);
        var stored = Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_void"));
        Assert.Equal((string?)synced["ledgers"]![0]!["ledgerDocumentId"], (string?)stored["CreditNoteID"]);
        Assert.Equal("VOIDED", (string?)stored["Status"]);

        // A void is final: a later version is acknowledged and ignored.
        using var later = await app.SendAsync(TestEvents.CreditNote("cn_void", version: 3, type: OrderEventType.CreditNoteUpdated, net: 999m));
        Assert.Equal(HttpStatusCode.Accepted, later.StatusCode);
        var (_, after) = await app.StatusAsync("cn_void");
        Assert.Equal("voided", (string?)after!["state"]);
        Assert.Equal(2, (long?)after["version"]);
    }
}
