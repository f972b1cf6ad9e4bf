using Microsoft.Extensions.DependencyInjection;

namespace CreditFunctions.App.Hosting;

/// <summary>
/// Registers business handlers by function name as keyed singletons, the lookup both modes use.
/// Raw <c>services.AddKeyedSingleton&lt;IQueueFunctionHandler, T&gt;("RunSyncStep")</c> works the same.
/// </summary>
public static class FunctionHandlerRegistration
{
    public static IServiceCollection AddQueueFunctionHandler<THandler>(this IServiceCollection services, string functionName)
        where THandler : class, IQueueFunctionHandler =>
        services.AddKeyedSingleton<IQueueFunctionHandler, THandler>(functionName);

    public static IServiceCollection AddTimerFunctionHandler<THandler>(this IServiceCollection services, string functionName)
        where THandler : class, ITimerFunctionHandler =>
        services.AddKeyedSingleton<ITimerFunctionHandler, THandler>(functionName);
}
