using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CreditFunctions.App.Http;

internal static class HttpApiRegistration
{
    public static IServiceCollection AddHttpApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddSingleton<TenantApiKeys>();
        return services;
    }

    /// <summary>The HTTP functions' endpoints, at the paths the Functions host forwards (<c>/api/...</c>).</summary>
    public static IEndpointRouteBuilder MapHttpApi(this IEndpointRouteBuilder routes) => routes
        .MapReceiveOrderEvent()
        .MapStatusApi()
        .MapConnectionApi()
        .MapContract();
}
