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
    /// Xero will not edit a credit note with an allocation (ledger-apis.md X7): the allocation is deleted (X8), the same
    /// document is updated, and the new version's allocation is made. The invoice ends owing exactly the new amount less.
    /// </summary>
    [Fact]
    public async Task A_newer_version_of_an_allocated_credit_note_is_unallocated_updated_in_place_and_allocated_again()
    {
        await using var app = await TestApp.StartAsync();
        var firstId = await AllocatedAsync(app, "cn_vr", 100m);

        await app.SendAsync(TestEvents.CreditNote("cn_vr", version: 2, type: OrderEventType.CreditNoteUpdated, net: 400m, allocations: [new AllocationRequest("INV-cn_vr", 150m, new DateOnly(2026, 11, 20))]));

        var synced = await app.WaitForStatusAsync("cn_vr", s => (long?)s["version"] == 2 && TestApp.IsState(s, "synced"));
        Assert.Equal(firstId, (string?)synced["ledgers"]![0]!["ledgerDocumentId"]);
        Assert.Equal("allocated", (string?)synced["ledgers"]![0]!["allocations"]![0]!["state"]);
        var stored = Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_vr"));
        Assert.Equal((firstId, "AUTHORISED", 440.00m), ((string?)stored["CreditNoteID"], (string?)stored["Status"], (decimal)stored["Total"]!));
        Assert.Equal(150m, (decimal)Assert.Single(stored["Allocations"]!.AsArray())!["Amount"]!);
        Assert.Equal(850m, (decimal)app.Xero.Store.Invoice(app.XeroTenantId, "INV-cn_vr")!["AmountDue"]!);
        var operations = app.Xero.Counters.Snapshot().Operations;
        Assert.Equal(
            (1L, 1L, 1L, 2L),
            (operations.GetValueOrDefault("PUT /CreditNotes"), operations.GetValueOrDefault("DELETE /CreditNotes/{id}/Allocations/{id}"),
                operations.GetValueOrDefault("POST /CreditNotes/{id}"), operations.GetValueOrDefault("PUT /CreditNotes/{id}/Allocations")));
        app.Conformance.AssertNoViolations();
    }

    [Fact]
    public async Task A_lost_answer_to_deleting_an_allocation_is_read_back_and_not_sent_twice()
    {
        await using var app = await TestApp.StartAsync();
        var firstId = await AllocatedAsync(app, "cn_vl", 100m);
        app.Xero.Faults.CommitThenDropNext(1, "DELETE", "Allocations");

        await app.SendAsync(TestEvents.CreditNote("cn_vl", version: 2, type: OrderEventType.CreditNoteUpdated, net: 400m, allocations: [new AllocationRequest("INV-cn_vl", 100m, new DateOnly(2026, 11, 20))]));

        await app.WaitForStatusAsync("cn_vl", s => (long?)s["version"] == 2 && TestApp.IsState(s, "synced"));
        Assert.Equal(0, app.Xero.Faults.Pending);
        var stored = Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_vl"));
        Assert.Equal((firstId, 440.00m), ((string?)stored["CreditNoteID"], (decimal)stored["Total"]!));
        Assert.Single(stored["Allocations"]!.AsArray());
        Assert.Equal(900m, (decimal)app.Xero.Store.Invoice(app.XeroTenantId, "INV-cn_vl")!["AmountDue"]!);
        Assert.Equal(1, app.Xero.Counters.Snapshot().Operations.GetValueOrDefault("DELETE /CreditNotes/{id}/Allocations/{id}"));
    }

    [Fact]
    public async Task A_void_of_an_allocated_credit_note_deletes_the_allocation_then_voids_it()
    {
        await using var app = await TestApp.StartAsync();
        var firstId = await AllocatedAsync(app, "cn_va", 100m);

        await app.SendAsync(TestEvents.CreditNote("cn_va", version: 2, type: OrderEventType.CreditNoteVoided));

        await app.WaitForStatusAsync("cn_va", s => TestApp.IsState(s, "voided"));
        var stored = Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_va"));
        Assert.Equal((firstId, "VOIDED"), ((string?)stored["CreditNoteID"], (string?)stored["Status"]));
        Assert.Equal(1000m, (decimal)app.Xero.Store.Invoice(app.XeroTenantId, "INV-cn_va")!["AmountDue"]!);
        app.Conformance.AssertNoViolations();
    }

    /// <summary>Version 1 of <paramref name="id"/> synced and allocated <paramref name="amount"/> to a seeded invoice INV-{id} of 1,000; its Xero id.</summary>
    private static async Task<string?> AllocatedAsync(TestApp app, string id, decimal amount)
    {
        app.Xero.Seed.Invoice(app.XeroTenantId, new XeroInvoiceSeed($"INV-{id}", app.CustomerId, 1000m));
        await app.SendAsync(TestEvents.CreditNote(id, version: 1, net: 200m, allocations: [new AllocationRequest($"INV-{id}", amount, new DateOnly(2026, 11, 20))]));
        var synced = await app.WaitForStatusAsync(id, s => TestApp.IsState(s, "synced"));
        Assert.Equal("allocated", (string?)synced["ledgers"]![0]!["allocations"]![0]!["state"]);
        return (string?)synced["ledgers"]![0]!["ledgerDocumentId"];
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
