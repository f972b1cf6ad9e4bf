using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace CreditFunctions.Workflow.Durable;

/// <summary>
/// Registers the orchestrator and its activities by name on a Durable Task worker (the local engine, the in-process
/// test host). The Functions app declares the same names as functions (functions/Sync/).
/// </summary>
public static class SyncTasks
{
    public static DurableTaskRegistry AddSyncTasks(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestratorFunc<SyncOrchestrationInput, string>(SyncOrchestration.Name, SyncOrchestrator.RunAsync);
        registry.AddActivity(SyncOrchestration.LoadStateActivity, sp => Activity<SyncStateActivities, SyncDocumentRef, string>(sp, (a, i, ct) => a.LoadStateAsync(i, ct)));
        registry.AddActivity(SyncOrchestration.ReadInboxActivity, sp => Activity<SyncStateActivities, SyncDocumentRef, InboxItem?>(sp, (a, i, ct) => a.ReadInboxAsync(i, ct)));
        registry.AddActivity(SyncOrchestration.RecordActivity, sp => Activity<SyncStateActivities, SyncProgress, DateTimeOffset>(sp, (a, i, ct) => a.RecordAsync(i, ct)));
        registry.AddActivity(SyncOrchestration.LedgerWriteActivity, sp => Activity<LedgerActivities, LedgerWriteRequest, LedgerCallResult>(sp, (a, i, ct) => a.WriteAsync(i, ct)));
        registry.AddActivity(SyncOrchestration.LedgerReadBackActivity, sp => Activity<LedgerActivities, LedgerReadBackRequest, LedgerCallResult>(sp, (a, i, ct) => a.ReadBackAsync(i, ct)));
        return registry;
    }

    private static ServiceActivity<TInput, TOutput> Activity<TService, TInput, TOutput>(
        IServiceProvider services, Func<TService, TInput, CancellationToken, Task<TOutput>> run)
        where TService : notnull
    {
        var service = services.GetRequiredService<TService>();
        return new ServiceActivity<TInput, TOutput>((input, ct) => run(service, input, ct));
    }

    private sealed class ServiceActivity<TInput, TOutput>(Func<TInput, CancellationToken, Task<TOutput>> run) : TaskActivity<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => run(input, CancellationToken.None);
    }
}
