using CreditFunctions.Functions.Payments;
using CreditFunctions.Functions.Sync;
using CreditFunctions.Payments.Workflow;
using CreditFunctions.Workflow.Durable;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace CreditFunctions.LocalHost.Hosting.Durable;

/// <summary>
/// The Functions app's orchestrators and activities (<see cref="SyncFunctions"/>, <see cref="MoneyFunctions"/>), registered by the same names on the
/// local engine's worker. The consistency check compares <see cref="Names"/> with functions.metadata.
/// </summary>
internal static class LocalSyncTasks
{
    public static readonly IReadOnlyList<string> Names =
    [
        SyncOrchestration.Name,
        SyncOrchestration.ReadInboxActivity,
        SyncOrchestration.RecordActivity,
        SyncOrchestration.LedgerWriteActivity,
        SyncOrchestration.LedgerReadBackActivity,
        MoneyOrchestration.Name,
        MoneyOrchestration.ReadInboxActivity,
        MoneyOrchestration.RecordActivity,
        MoneyOrchestration.StepActivity,
    ];

    public static DurableTaskRegistry AddSyncFunctions(this DurableTaskRegistry registry)
    {
        registry.AddOrchestratorFunc<SyncOrchestrationInput, string>(SyncOrchestration.Name, (context, _) => SyncFunctions.OrchestrateAsync(context));
        registry.AddActivity(SyncOrchestration.ReadInboxActivity, sp => Activity<SyncDocumentRef, InboxItem?>(sp, (f, i) => f.ReadInboxAsync(i, CancellationToken.None)));
        registry.AddActivity(SyncOrchestration.RecordActivity, sp => Activity<SyncProgress, DateTimeOffset>(sp, (f, i) => f.RecordAsync(i, CancellationToken.None)));
        registry.AddActivity(SyncOrchestration.LedgerWriteActivity, sp => Activity<LedgerWriteRequest, LedgerCallResult>(sp, (f, i) => f.WriteAsync(i, CancellationToken.None)));
        registry.AddActivity(SyncOrchestration.LedgerReadBackActivity, sp => Activity<LedgerReadBackRequest, LedgerCallResult>(sp, (f, i) => f.ReadBackAsync(i, CancellationToken.None)));
        registry.AddOrchestratorFunc<MoneyOrchestrationInput, string>(MoneyOrchestration.Name, (context, _) => MoneyFunctions.OrchestrateAsync(context));
        registry.AddActivity(MoneyOrchestration.ReadInboxActivity, sp => Activity<MoneyDocumentRef, MoneyInbox?>(sp, (MoneyFunctions f, MoneyDocumentRef i) => f.ReadInboxAsync(i, CancellationToken.None)));
        registry.AddActivity(MoneyOrchestration.RecordActivity, sp => Activity<MoneyProgress, DateTimeOffset>(sp, (MoneyFunctions f, MoneyProgress i) => f.RecordAsync(i, CancellationToken.None)));
        registry.AddActivity(MoneyOrchestration.StepActivity, sp => Activity<MoneyStepRequest, MoneyStepResult>(sp, (MoneyFunctions f, MoneyStepRequest i) => f.StepAsync(i, CancellationToken.None)));
        return registry;
    }

    private static FunctionActivity<TInput, TOutput> Activity<TInput, TOutput>(IServiceProvider services, Func<SyncFunctions, TInput, Task<TOutput>> run) =>
        new(input => run(services.GetRequiredService<SyncFunctions>(), input));

    private static FunctionActivity<TInput, TOutput> Activity<TInput, TOutput>(IServiceProvider services, Func<MoneyFunctions, TInput, Task<TOutput>> run) =>
        new(input => run(services.GetRequiredService<MoneyFunctions>(), input));

    private sealed class FunctionActivity<TInput, TOutput>(Func<TInput, Task<TOutput>> run) : TaskActivity<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => run(input);
    }
}
