using CreditFunctions.Alerts;
using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.TestSupport;
using CreditFunctions.Workflow;
using CreditFunctions.Workflow.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace CreditFunctions.IntegrationTests.EndToEnd;

/// <summary>The 30-minute sync deadline (docs/workflow.md "SLA"): one SlaBreached per breach, however often the timer looks, and one SlaRecovered.</summary>
public sealed class SlaTests
{
    [Fact]
    public async Task A_document_past_its_deadline_alerts_once_shows_late_and_alerts_recovery_once_when_it_syncs()
    {
        var clock = new OffsetTimeProvider();
        await using var app = await TestApp.StartAsync(a => a.UseJitter(0.05), clock);
        app.Xero.Faults.FailNext(10_000, 503, "PUT", "CreditNotes");
        var sweeper = app.Services.GetRequiredService<SyncSweeper>();

        await app.SendAsync(TestEvents.CreditNote("cn_sla"));
        await app.WaitForStatusAsync("cn_sla", s => (int?)s["ledgers"]![0]!["attempts"] >= 2);

        clock.Jump(TimeSpan.FromMinutes(31));
        var first = await sweeper.SweepAsync(app.Durable, CancellationToken.None);
        var second = await sweeper.SweepAsync(app.Durable, CancellationToken.None);

        Assert.Equal(new SweepSummary(1, 1, 0), first);
        Assert.Equal(new SweepSummary(1, 1, 0), second);
        await Eventually.HoldsAsync(() => app.Alerts.All.Any(a => a.Kind == AlertKind.SlaBreached), "an SlaBreached alert");
        await app.WaitForStatusAsync("cn_sla", s => s["late"] is not null);
        await sweeper.SweepAsync(app.Durable, CancellationToken.None); // the signal of a sweep after the alert changes nothing
        var breached = Assert.Single(app.Alerts.All, a => a.Kind == AlertKind.SlaBreached);
        Assert.Equal("cn_sla", breached.DocumentId);
        var (_, late) = await app.StatusAsync("cn_sla");
        Assert.True((bool?)late!["late"]);
        Assert.NotEqual("synced", (string?)late["state"]);

        // Xero comes back; the next retry (or the sweep, past the lease) finishes the job.
        app.Xero.Faults.Clear();
        clock.Jump(SyncDecider.StepLease + TimeSpan.FromMinutes(1));
        await sweeper.SweepAsync(app.Durable, CancellationToken.None);

        var synced = await app.WaitForStatusAsync("cn_sla", s => TestApp.IsState(s, "synced"));
        Assert.True((bool?)synced["late"]);
        await Eventually.HoldsAsync(() => app.Alerts.All.Any(a => a.Kind == AlertKind.SlaRecovered), "an SlaRecovered alert");
        await sweeper.SweepAsync(app.Durable, CancellationToken.None);
        Assert.Single(app.Alerts.All, a => a.Kind == AlertKind.SlaRecovered);
        Assert.Single(app.Alerts.All, a => a.Kind == AlertKind.SlaBreached);
        Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_sla"));
    }

    [Fact]
    public async Task An_unfinished_document_stays_in_the_sweep_after_a_tick_that_changes_nothing()
    {
        // Regression: a tick that decided nothing was taken for an ETag conflict, reloaded 20 times and thrown
        // (the sweep counted it failed), and a tick that returned nothing removed the instance from the active index
        // although it was unfinished, so a lost step was never recovered and the SLA never alerted.
        var clock = new OffsetTimeProvider();
        await using var app = await TestApp.StartAsync(a => a.UseJitter(0.05), clock);
        app.Xero.Faults.FailNext(10_000, 503, "PUT", "CreditNotes");
        var sweeper = app.Services.GetRequiredService<SyncSweeper>();
        await app.SendAsync(TestEvents.CreditNote("cn_quiet"));
        await app.WaitForStatusAsync("cn_quiet", s => (int?)s["ledgers"]![0]!["attempts"] >= 1);

        var quiet = await sweeper.SweepAsync(app.Durable, CancellationToken.None);
        clock.Jump(TimeSpan.FromMinutes(31));
        var late = await sweeper.SweepAsync(app.Durable, CancellationToken.None);

        Assert.Equal(new SweepSummary(1, 0, 0), quiet);
        Assert.Equal(new SweepSummary(1, 1, 0), late);
        await Eventually.HoldsAsync(() => app.Alerts.All.Any(a => a.Kind == AlertKind.SlaBreached), "an SlaBreached alert");
        Assert.Single(app.Alerts.All, a => a.Kind == AlertKind.SlaBreached);
    }

    [Fact]
    public async Task A_document_synced_in_time_is_not_late_and_raises_no_SLA_alert()
    {
        var clock = new OffsetTimeProvider();
        await using var app = await TestApp.StartAsync(time: clock);

        await app.SendAsync(TestEvents.CreditNote("cn_ontime"));
        var synced = await app.WaitForStatusAsync("cn_ontime", s => TestApp.IsState(s, "synced"));
        clock.Jump(TimeSpan.FromMinutes(31));
        await app.Services.GetRequiredService<SyncSweeper>().SweepAsync(app.Durable, CancellationToken.None);

        Assert.Null(synced["late"]);
        Assert.Null((await app.StatusAsync("cn_ontime")).Body!["late"]);
        Assert.DoesNotContain(app.Alerts.All, a => a.Kind is AlertKind.SlaBreached or AlertKind.SlaRecovered);
    }
}
