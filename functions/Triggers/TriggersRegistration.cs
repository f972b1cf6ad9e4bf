using CreditFunctions.App.Hosting;
using CreditFunctions.Workflow.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace CreditFunctions.App.Triggers;

internal static class TriggersRegistration
{
    /// <summary>One handler per queue and timer function.json, by function name (the consistency test checks both ways).</summary>
    public static IServiceCollection AddTriggers(this IServiceCollection services)
    {
        // The producer of step messages writes to the queue the RunSyncStep trigger reads: one name, from function.json.
        services.AddOptions<WorkflowOptions>().Configure<FunctionManifest>((options, manifest) => options.StepQueueName = manifest.QueueNameOf(RunSyncStep.Name));
        return services
        .AddQueueFunctionHandler<RunSyncStep>(RunSyncStep.Name)
        .AddQueueFunctionHandler<IngestOrderEvent>(IngestOrderEvent.Name)
        .AddQueueFunctionHandler<RecordPoisonSyncStep>(RecordPoisonSyncStep.Name)
        .AddQueueFunctionHandler<RecordPoisonOrderEvent>(RecordPoisonOrderEvent.Name)
        .AddTimerFunctionHandler<SweepSyncs>(SweepSyncs.Name);
    }
}
