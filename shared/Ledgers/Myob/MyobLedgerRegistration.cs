using System.Net;
using CreditFunctions.Ledgers.Xero;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.Myob;

public static class MyobLedgerRegistration
{
    private const string HttpClientKey = "myob";

    /// <summary>
    /// Registers the MYOB adapter as an <see cref="ILedgerConnector"/>, <see cref="Payments.IMoneyLedger"/> and <see cref="ILedgerConsent"/>, bound to section
    /// <c>Myob</c> and validated at start-up (the API key is required once a tenant has a MYOB connection). Tokens and
    /// contact mappings use the registered <see cref="ISecretStore"/> and <see cref="IContactMappingStore"/> (shared with
    /// Xero; in-memory defaults when none is registered). One <see cref="MyobRateGate"/> per process paces the API key
    /// for every tenant.
    /// </summary>
    public static IServiceCollection AddMyobLedger(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MyobOptions>().Bind(configuration.GetSection(MyobOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MyobOptions>>(new MyobOptionsValidator(() => HasMyobConnection(configuration))));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISecretStore, InMemorySecretStore>();
        services.TryAddSingleton<IContactMappingStore, InMemoryContactMappingStore>();
        services.TryAddKeyedSingleton(HttpClientKey, (_, _) => new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate, // M1: Accept-Encoding gzip,deflate
        })
        {
            Timeout = Timeout.InfiniteTimeSpan, // each call has its own deadline on the TimeProvider (MyobOptions.RequestTimeout)
        });
        services.TryAddSingleton<MyobRateGate>();
        services.TryAddSingleton(sp => new MyobTokenManager(
            sp.GetRequiredKeyedService<HttpClient>(HttpClientKey),
            sp.GetRequiredService<ISecretStore>(),
            sp.GetRequiredService<IOptions<MyobOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<MyobTokenManager>>()));
        services.TryAddSingleton(sp => new MyobClient(
            sp.GetRequiredKeyedService<HttpClient>(HttpClientKey),
            sp.GetRequiredService<MyobTokenManager>(),
            sp.GetRequiredService<MyobRateGate>(),
            sp.GetRequiredService<IOptions<MyobOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<MyobClient>>()));
        services.TryAddSingleton<MyobReferences>();
        services.TryAddSingleton<MyobCardResolver>();
        services.TryAddSingleton<MyobConsent>();
        services.TryAddSingleton<MyobCreditNotesConnector>();
        services.AddSingleton<ILedgerConnector>(sp => sp.GetRequiredService<MyobCreditNotesConnector>());
        services.TryAddSingleton<MyobMoneyConnector>();
        services.AddSingleton<Payments.IMoneyLedger>(sp => sp.GetRequiredService<MyobMoneyConnector>());
        services.AddSingleton<ILedgerConsent>(sp => sp.GetRequiredService<MyobConsent>());
        return services;
    }

    /// <summary>Whether any tenant under <c>Tenants</c> has a connection whose Ledger is Myob.</summary>
    private static bool HasMyobConnection(IConfiguration configuration) =>
        configuration.GetSection("Tenants").GetChildren()
            .SelectMany(tenant => tenant.GetSection("Connections").GetChildren())
            .Any(connection => string.Equals(connection["Ledger"], nameof(LedgerKind.Myob), StringComparison.OrdinalIgnoreCase));
}
