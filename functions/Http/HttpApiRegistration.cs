using CreditFunctions.Ledgers.QuickBooks;
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

        // The QuickBooks adapter and its consent (the connection API serves it). It belongs beside AddXeroLedger in the
        // app's composition root, which is being replaced (functions/Hosting); move this line there when that lands.
        services.AddQuickBooksLedger();
        return services;
    }

    /// <summary>The HTTP functions' endpoints, at the paths the Functions host forwards (<c>/api/...</c>).</summary>
    public static IEndpointRouteBuilder MapHttpApi(this IEndpointRouteBuilder routes) => routes
        .MapReceiveOrderEvent()
        .MapStatusApi()
        .MapConnectionApi()
        .MapContract();
}
