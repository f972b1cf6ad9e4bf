using Microsoft.Extensions.DependencyInjection;

namespace CreditFunctions.LocalHost.Hosting;

/// <summary>
/// The function names that have a keyed handler registered, read from the service registrations themselves so
/// that raw <c>AddKeyedSingleton</c> calls count as much as <see cref="FunctionHandlerRegistration"/>'s helpers.
/// </summary>
internal sealed class FunctionHandlerCatalog(IServiceCollection registrations)
{
    public IReadOnlyCollection<string> QueueHandlers => NamesOf(typeof(IQueueFunctionHandler));

    public IReadOnlyCollection<string> TimerHandlers => NamesOf(typeof(ITimerFunctionHandler));

    private List<string> NamesOf(Type handlerType) =>
        registrations
            .Where(d => d.ServiceType == handlerType && d.IsKeyedService && d.ServiceKey is string)
            .Select(d => (string)d.ServiceKey!)
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
