using CreditFunctions.Workflow.Durable;
using Microsoft.Extensions.Hosting;

namespace CreditFunctions.Workflow.Runtime;

/// <summary>Creates the workflow's tables and signal queue at start-up (each call is a cheap no-op when they exist).</summary>
internal sealed class WorkflowStorageInitializer(SyncStore store, ActiveInstances active, RejectedEvents rejected, SyncSignalQueue signals) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.Table.CreateIfNotExistsAsync(cancellationToken);
        await active.Table.CreateIfNotExistsAsync(cancellationToken);
        await rejected.Table.CreateIfNotExistsAsync(cancellationToken);
        await signals.Queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
