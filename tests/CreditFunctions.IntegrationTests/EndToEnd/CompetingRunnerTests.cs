using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.Workflow.Durable;
using CreditFunctions.Workflow.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace CreditFunctions.IntegrationTests.EndToEnd;

/// <summary>
/// Many signals, many starts, two workers on one task hub (docs/workflow.md "Exactly once"): the orchestration is the
/// only writer of its document's state and ignores what it already applied, so exactly one credit note is posted.
/// </summary>
public sealed class CompetingRunnerTests
{
    [Fact]
    public async Task Concurrent_signals_and_starts_for_one_document_post_one_credit_note()
    {
        await using var app = await TestApp.StartAsync();
        // A slow ledger keeps the write in flight while the other signals arrive.
        app.Xero.Faults.DelayNext(TimeSpan.FromMilliseconds(500), method: "PUT", pathContains: "CreditNotes");
        var signals = app.Services.GetRequiredService<SyncSignals>();
        var key = new SyncInstanceKey(TestApp.TenantId, "cn_race");

        await app.SendAsync(TestEvents.CreditNote("cn_race"));
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            signals.SendAsync(app.Durable, key, new SyncSignal(SyncSignalKind.Inbox, app.Time.GetUtcNow()), CancellationToken.None))));

        var status = await app.WaitForStatusAsync("cn_race", s => TestApp.IsState(s, "synced"));
        Assert.Equal(1, (int?)status["ledgers"]![0]!["attempts"]);
        Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_race"));
        Assert.Equal(1, DuplicateDeliveryTests.PutCreditNotes(app));
    }

    [Fact]
    public async Task Two_app_instances_on_the_same_task_hub_post_one_credit_note()
    {
        await using var app = await TestApp.StartAsync();
        await using var second = await app.StartSecondInstanceAsync();
        app.Xero.Faults.DelayNext(TimeSpan.FromMilliseconds(500), method: "PUT", pathContains: "CreditNotes");
        var signals = second.Services.GetRequiredService<SyncSignals>();

        await app.SendAsync(TestEvents.CreditNote("cn_two"));
        // Signals through the other instance's client while either worker may be running the orchestration.
        var key = new SyncInstanceKey(TestApp.TenantId, "cn_two");
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            signals.SendAsync(app.Durable, key, new SyncSignal(SyncSignalKind.Inbox, app.Time.GetUtcNow()), CancellationToken.None)));

        var status = await app.WaitForStatusAsync("cn_two", s => TestApp.IsState(s, "synced"));
        Assert.Equal(1, (int?)status["ledgers"]![0]!["attempts"]);
        Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_two"));
        Assert.Equal(1, DuplicateDeliveryTests.PutCreditNotes(app));
        await second.StopAsync();
    }
}
