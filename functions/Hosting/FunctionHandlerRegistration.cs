using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CreditFunctions.App.Hosting;

/// <summary>
/// Registers business handlers by function name as keyed singletons, the lookup both modes use.
/// The first registration for a function wins, so a test (whose configuration runs before the app's own
/// registrations) can stand in its own handler.
/// </summary>
public static class FunctionHandlerRegistration
{
    public static IServiceCollection AddQueueFunctionHandler<THandler>(this IServiceCollection services, string functionName)
        where THandler : class, IQueueFunctionHandler
    {
        services.TryAddKeyedSingleton<IQueueFunctionHandler, THandler>(functionName);
        return services;
    }

    public static IServiceCollection AddTimerFunctionHandler<THandler>(this IServiceCollection services, string functionName)
        where THandler : class, ITimerFunctionHandler
    {
        services.TryAddKeyedSingleton<ITimerFunctionHandler, THandler>(functionName);
        return services;
    }
}
