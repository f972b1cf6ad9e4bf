using System.Net;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.TestSupport;
using CreditFunctions.Workflow;
using CreditFunctions.Workflow.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace CreditFunctions.IntegrationTests.Workflow.Runtime;

/// <summary>
/// Intake writes the active-index row together with the atomic batch rather than before it (SyncIntake.AcceptAsync), so
/// either can land alone. These pin the two facts that make that safe: a row without an instance is harmless, and an
/// instance without a row is indexed again by the next delivery of its event.
/// </summary>
[Collection("Azurite")]
public sealed class SyncIntakeIndexTests
{
    [Fact]
    public async Task A_redelivered_event_puts_its_unfinished_instance_back_in_the_index()
    {
        await using var app = await TestApp.StartAsync();
        app.Xero.Faults.FailNext(1_000, 503, "PUT", "CreditNotes"); // keeps the instance unfinished (retrying) throughout
        var active = app.Services.GetRequiredService<ActiveInstances>();
        var key = new SyncInstanceKey(TestApp.TenantId, "cn_index_1");
        var created = TestEvents.CreditNote("cn_index_1");

        using (var first = await app.SendAsync(created))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }

        Assert.Contains(key, await ListAsync(active));

        // As if the process had died after the batch landed and before its index row did: no 202 went out, so the
        // order system delivers the same event again.
        await active.RemoveAsync(key, CancellationToken.None);
        using (var again = await app.SendAsync(created))
        {
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        }

        Assert.Contains(key, await ListAsync(active));
    }

    [Fact]
    public async Task An_index_row_whose_batch_never_landed_is_kept_while_the_batch_may_still_land_then_removed_by_the_sweep()
    {
        var clock = new OffsetTimeProvider();
        await using var app = await TestApp.StartAsync(time: clock);
        var active = app.Services.GetRequiredService<ActiveInstances>();
        var sweeper = app.Services.GetRequiredService<SyncSweeper>();
        var key = new SyncInstanceKey(TestApp.TenantId, "cn_never_stored");

        // As if the index upsert had landed and the intake batch had failed (or not landed yet: intake writes both at once).
        await active.AddAsync(key, clock.GetUtcNow(), CancellationToken.None);
        var young = await sweeper.SweepAsync(app.Durable, CancellationToken.None);
        Assert.Contains(key, await ListAsync(active));

        clock.Jump(SyncDecider.StepLease + TimeSpan.FromSeconds(1));
        var old = await sweeper.SweepAsync(app.Durable, CancellationToken.None);

        Assert.Equal((0, 0, 0, 0), (young.Late, young.Failed, old.Late, old.Failed));
        Assert.Empty(await ListAsync(active));
    }

    private static async Task<List<SyncInstanceKey>> ListAsync(ActiveInstances active)
    {
        var keys = new List<SyncInstanceKey>();
        await foreach (var key in active.ListAsync(CancellationToken.None))
        {
            keys.Add(key);
        }

        return keys;
    }
}
