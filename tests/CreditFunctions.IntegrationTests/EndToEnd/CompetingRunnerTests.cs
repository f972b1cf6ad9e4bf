using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.Workflow.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace CreditFunctions.IntegrationTests.EndToEnd;

/// <summary>
/// Two workers on one instance (docs/workflow.md "Exactly once": both decide BeginWrite, one save wins, the loser
/// reloads and decides nothing): exactly one credit note is posted to Xero, however many step messages race.
/// </summary>
public sealed class CompetingRunnerTests
{
    [Fact]
    public async Task Concurrent_runs_of_one_step_post_one_credit_note()
    {
        await using var app = await TestApp.StartAsync();
        // A slow ledger keeps the write in flight while the other runs look at the instance.
        app.Xero.Faults.DelayNext(TimeSpan.FromMilliseconds(500), method: "PUT", pathContains: "CreditNotes");
        var runner = app.Services.GetRequiredService<SyncRunner>();
        var step = new StepMessageBody(TestApp.TenantId, "cn_race", TestApp.ConnectionId);

        await app.SendAsync(TestEvents.CreditNote("cn_race"));
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => runner.RunStepAsync(step, CancellationToken.None))));

        var status = await app.WaitForStatusAsync("cn_race", s => TestApp.IsState(s, "synced"));
        Assert.Equal(1, (int?)status["ledgers"]![0]!["attempts"]);
        Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_race"));
        Assert.Equal(1, DuplicateDeliveryTests.PutCreditNotes(app));
    }

    [Fact]
    public async Task Two_app_instances_on_the_same_storage_post_one_credit_note()
    {
        await using var app = await TestApp.StartAsync();
        await using var second = await app.StartSecondInstanceAsync();
        app.Xero.Faults.DelayNext(TimeSpan.FromMilliseconds(500), method: "PUT", pathContains: "CreditNotes");
        var steps = app.Services.GetRequiredService<StepQueue>();

        await app.SendAsync(TestEvents.CreditNote("cn_two"));
        // Redelivered step messages: both instances' listeners take some and race on the same row.
        var key = new SyncInstanceKey(TestApp.TenantId, "cn_two");
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => steps.SendAsync(key, TestApp.ConnectionId, app.Time.GetUtcNow(), CancellationToken.None)));

        var status = await app.WaitForStatusAsync("cn_two", s => TestApp.IsState(s, "synced"));
        Assert.Equal(1, (int?)status["ledgers"]![0]!["attempts"]);
        Assert.Single(app.Xero.Store.CreditNotesByNumber("CN-cn_two"));
        Assert.Equal(1, DuplicateDeliveryTests.PutCreditNotes(app));
        await second.StopAsync();
    }
}
