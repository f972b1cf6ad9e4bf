using CreditFunctions.App.Hosting;
using CreditFunctions.Workflow.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace CreditFunctions.App.Triggers;

internal static class TriggersRegistration
{
    /// <summary>One handler per queue and timer function.json, by function name (the consistency test checks both ways).</summary>
    public static IServiceCollection AddTriggers(this IServiceCollection services)
    {
        return services
        .AddQueueFunctionHandler<IngestOrderEvent>(IngestOrderEvent.Name)
        .AddQueueFunctionHandler<RecordPoisonOrderEvent>(RecordPoisonOrderEvent.Name)
        .AddTimerFunctionHandler<SweepSyncs>(SweepSyncs.Name);
    }
}
