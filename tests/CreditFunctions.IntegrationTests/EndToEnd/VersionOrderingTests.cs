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

    /// <summary>
    /// KNOWN GAP (reported): docs/workflow.md says a new version of an allocated Xero credit note is voided and
    /// recreated, but Xero refuses to void a document with allocations (ledger-apis.md X7) and the Xero adapter does
    /// not delete them first (X8), so the branch fails. This pins what must hold meanwhile: the failure is visible
    /// with Xero's words and alerted, and nothing is duplicated or half-changed. When the adapter removes the
    /// allocations, assert the replacement instead (one VOIDED, one new document with the new total, allocated).
    /// </summary>
    [Fact]
    public async Task A_newer_version_of_an_allocated_credit_note_that_Xero_refuses_to_void_fails_visibly_without_duplicates()
    {
        await using var app = await TestApp.StartAsync();
        app.Xero.Seed.Invoice(app.XeroTenantId, new XeroInvoiceSeed("INV-VR", app.CustomerId, 1000m));
        var allocation = new AllocationRequest("INV-VR", 100m, new DateOnly(2026, 11, 20));
        await app.SendAsync(TestEvents.CreditNote("cn_vr", version: 1, net: 200m, allocations: [allocation]));
        var synced1 = await app.WaitForStatusAsync("cn_vr", s => TestApp.IsState(s, "synced"));
        Assert.Equal("allocated", (string?)synced1["ledgers"]![0]!["allocations"]![0]!["state"]);
        var firstId = (string?)synced1["ledgers"]![0]!["ledgerDocumentId"];

        await app.SendAsync(TestEvents.CreditNote("cn_vr", version: 2, type: OrderEventType.CreditNoteUpdated, net: 400m, allocations: [allocation]));

        var failed = await app.WaitForStatusAsync("cn_vr", s => (long?)s["version"] == 2 && TestApp.IsState(s, "failed"));
        Assert.Contains("cannot be edited as it has a payment or credit note allocated", (string?)failed["ledgers"]![0]!["lastError"], StringComparison.Ordinal);
        var stored = Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_vr"));
        Assert.Equal(firstId, (string?)stored["CreditNoteID"]);
        Assert.Equal("AUTHORISED", (string?)stored["Status"]);
        Assert.Equal(220.00m, (decimal)stored["Total"]!);
        Assert.Equal(900m, (decimal)app.Xero.Store.Invoice(app.XeroTenantId, "INV-VR")!["AmountDue"]!);
        await Eventually.HoldsAsync(() => app.Alerts.All.Any(a => a.Kind == Alerts.AlertKind.LedgerRejected), "a LedgerRejected alert");
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
