using Microsoft.Extensions.Configuration;

namespace CreditFunctions.App.Hosting.SelfHost;

/// <summary>Placeholder until CreditFunctions.Storage's QueueClient is merged.</summary>
internal sealed class StorageListenerQueueFactory(IConfiguration configuration) : IListenerQueueFactory
{
    public IListenerQueue Create(QueueFunction function, QueueSettings settings) =>
        throw new NotSupportedException($"Queue access is not wired yet ({configuration[function.Connection] is not null}).");
}
