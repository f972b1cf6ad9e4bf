using CreditFunctions.IntegrationTests.Infrastructure;
using CreditFunctions.Workflow.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace CreditFunctions.IntegrationTests.Workflow.Runtime;

[Collection("Azurite")]
public sealed class SyncSweeperTests
{
    [Fact]
    public async Task A_sweep_removes_a_finished_instance_left_in_the_index_without_failing_the_visit()
    {
        await using var app = await TestApp.StartAsync();
        using (await app.SendAsync(TestEvents.CreditNote("cn_sweep_1")))
        {
        }

        await app.WaitForStatusAsync("cn_sweep_1", s => TestApp.IsState(s, "synced"));
        var active = app.Services.GetRequiredService<ActiveInstances>();
        var key = new SyncInstanceKey(TestApp.TenantId, "cn_sweep_1");

        // As if the process stopped after saving the final state but before leaving the index.
        await active.AddAsync(key, DateTimeOffset.UtcNow, CancellationToken.None);
        var summary = await app.Services.GetRequiredService<SyncSweeper>().SweepAsync(app.Durable, CancellationToken.None);

        // A visit that decides nothing used to be taken for an ETag race: 20 reloads, then a failed visit.
        Assert.Equal(new SweepSummary(Visited: 1, Late: 0, Failed: 0), summary);
        var left = new List<SyncInstanceKey>();
        await foreach (var row in active.ListAsync(CancellationToken.None))
        {
            left.Add(row);
        }

        Assert.Empty(left);
    }
}
