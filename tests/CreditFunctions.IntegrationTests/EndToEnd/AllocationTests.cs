using System.Text.Json.Nodes;
using CreditFunctions.Documents;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.LedgerSimulators.Xero;

namespace CreditFunctions.IntegrationTests.EndToEnd;

/// <summary>Allocating credit notes to invoices in Xero, per the tenant's allocation policy (docs/workflow.md "Outcome classes").</summary>
public sealed class AllocationTests
{
    private static readonly DateOnly AllocationDate = new(2026, 11, 20);

    [Fact]
    public async Task An_allocation_to_an_invoice_in_Xero_is_made_and_reduces_what_the_customer_owes()
    {
        await using var app = await TestApp.StartAsync();
        app.Xero.Seed.Invoice(app.XeroTenantId, new XeroInvoiceSeed("INV-1", app.CustomerId, 1000m));

        await app.SendAsync(TestEvents.CreditNote("cn_alloc", allocations: [new AllocationRequest("INV-1", 150m, AllocationDate)]));

        var status = await app.WaitForStatusAsync("cn_alloc", s => TestApp.IsState(s, "synced"));
        var allocation = Allocation(status, 0);
        Assert.Equal("allocated", (string?)allocation["state"]);
        Assert.Equal("INV-1", (string?)allocation["invoiceNumber"]);
        Assert.Equal(850m, (decimal)app.Xero.Store.Invoice(app.XeroTenantId, "INV-1")!["AmountDue"]!);
        var stored = Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_alloc"));
        Assert.Equal(70m, (decimal)stored["RemainingCredit"]!);
        app.Conformance.AssertNoViolations();
    }

    [Fact]
    public async Task Allocation_waits_until_the_invoice_is_in_the_ledger()
    {
        await using var app = await TestApp.StartAsync(a => a.UseJitter(0.05));

        await app.SendAsync(TestEvents.CreditNote("cn_wait", allocations: [new AllocationRequest("INV-LATER", 100m, AllocationDate)]));

        var waiting = await app.WaitForStatusAsync("cn_wait", s => (string?)Allocation(s, 0)["state"] == "waiting");
        Assert.Equal("syncing", (string?)waiting["state"]);
        Assert.NotNull((string?)waiting["ledgers"]![0]!["ledgerDocumentId"]);
        Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_wait"));

        app.Xero.Seed.Invoice(app.XeroTenantId, new XeroInvoiceSeed("INV-LATER", app.CustomerId, 500m));

        var synced = await app.WaitForStatusAsync("cn_wait", s => TestApp.IsState(s, "synced"));
        Assert.Equal("allocated", (string?)Allocation(synced, 0)["state"]);
        Assert.Equal(400m, (decimal)app.Xero.Store.Invoice(app.XeroTenantId, "INV-LATER")!["AmountDue"]!);
        Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_wait"));
    }

    [Fact]
    public async Task A_tenant_that_only_exports_gets_no_allocation_and_sees_it_skipped()
    {
        await using var app = await TestApp.StartAsync(a => a.Settings["Tenants:t1:Allocation"] = "ExportOnly");
        app.Xero.Seed.Invoice(app.XeroTenantId, new XeroInvoiceSeed("INV-EXP", app.CustomerId, 1000m));

        await app.SendAsync(TestEvents.CreditNote("cn_export", allocations: [new AllocationRequest("INV-EXP", 150m, AllocationDate)]));

        var status = await app.WaitForStatusAsync("cn_export", s => TestApp.IsState(s, "synced"));
        Assert.Equal("skipped", (string?)Allocation(status, 0)["state"]);
        Assert.Equal(1000m, (decimal)app.Xero.Store.Invoice(app.XeroTenantId, "INV-EXP")!["AmountDue"]!);
        Assert.Equal(0, app.Xero.Counters.Snapshot().Operations.GetValueOrDefault("PUT /CreditNotes/{id}/Allocations"));
        Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_export"));
    }

    private static JsonObject Allocation(JsonObject status, int index) =>
        status["ledgers"]![0]!["allocations"]![index]!.AsObject();
}
