using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CreditFunctions.LocalHost.Hosting;

/// <summary>
/// Registers business handlers by function name as keyed singletons, the lookup both modes use.
/// The first registration for a name wins (TryAdd), so a test's <c>configure</c> callback, which runs before the
/// app's own registrations, can substitute a handler. A raw <c>AddKeyedSingleton</c> adds instead (last wins).
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
