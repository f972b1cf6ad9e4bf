using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CreditFunctions.Storage;

public static class StorageRegistration
{
    /// <summary>
    /// The app's one <see cref="StorageClients"/>, from the <c>AzureWebJobsStorage</c> connection (<see cref="StorageConnection"/>).
    /// TryAdd: a host or test that registered its own first keeps it.
    /// </summary>
    public static IServiceCollection AddStorageClients(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(_ => StorageConnection.Open(configuration));
        return services;
    }
}
