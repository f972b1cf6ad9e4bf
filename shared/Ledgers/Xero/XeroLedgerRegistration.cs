using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using CreditFunctions.Payments;

namespace CreditFunctions.Ledgers.Xero;

public static class XeroLedgerRegistration
{
    private const string HttpClientKey = "xero";

    /// <summary>
    /// Registers the Xero adapter as an <see cref="ILedgerConnector"/>, bound to configuration section <c>Xero</c>
    /// and validated at start-up (credentials are required once a tenant has a Xero connection). Stores default to memory (or <see cref="FileSecretStore"/> when
    /// <c>Xero:TokenStorePath</c> is set); register a shared <see cref="ISecretStore"/> and
    /// <see cref="IContactMappingStore"/> before this call to share them across instances.
    /// </summary>
    public static IServiceCollection AddXeroLedger(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<XeroOptions>().Bind(configuration.GetSection(XeroOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<XeroOptions>>(new XeroOptionsValidator(() => HasXeroConnection(configuration))));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISecretStore>(sp =>
            sp.GetRequiredService<IOptions<XeroOptions>>().Value.TokenStorePath is { Length: > 0 } path
                ? new FileSecretStore(path)
                : new InMemorySecretStore());
        services.TryAddSingleton<IContactMappingStore, InMemoryContactMappingStore>();

        // One pooled handler for the process; recycled connections pick up DNS changes.
        services.TryAddKeyedSingleton(HttpClientKey, (_, _) => new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan, // each call has its own deadline on the TimeProvider (XeroOptions.RequestTimeout)
        });
        services.TryAddSingleton<XeroRateGate>();
        services.TryAddSingleton(sp => new XeroTokenManager(
            sp.GetRequiredKeyedService<HttpClient>(HttpClientKey),
            sp.GetRequiredService<ISecretStore>(),
            sp.GetRequiredService<IOptions<XeroOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<XeroTokenManager>>()));
        services.TryAddSingleton(sp => new XeroClient(
            sp.GetRequiredKeyedService<HttpClient>(HttpClientKey),
            sp.GetRequiredService<XeroTokenManager>(),
            sp.GetRequiredService<XeroRateGate>(),
            sp.GetRequiredService<IOptions<XeroOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<XeroClient>>()));
        services.TryAddSingleton(sp => new XeroConsent(
            sp.GetRequiredKeyedService<HttpClient>(HttpClientKey),
            sp.GetRequiredService<XeroTokenManager>(),
            sp.GetRequiredService<XeroClient>(),
            sp.GetRequiredService<IOptions<XeroOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<XeroConsent>>()));
        services.AddSingleton<ILedgerConsent>(sp => sp.GetRequiredService<XeroConsent>());
        services.TryAddSingleton<XeroContactResolver>();
        services.TryAddSingleton<XeroLockDates>();
        services.TryAddSingleton<XeroCreditNotesConnector>();
        services.AddSingleton<ILedgerConnector>(sp => sp.GetRequiredService<XeroCreditNotesConnector>());
        services.TryAddSingleton<XeroKeyedWrites>();
        services.TryAddSingleton<XeroPaymentRefunds>();
        services.TryAddSingleton<XeroMoneyConnector>();
        services.AddSingleton<IMoneyLedger>(sp => sp.GetRequiredService<XeroMoneyConnector>());
        services.AddSingleton<ILedgerConsent>(sp => sp.GetRequiredService<XeroConsent>());
        return services;
    }

    /// <summary>Whether any tenant under <c>Tenants</c> has a connection whose Ledger is Xero (the default, TenantConnectionOptions).</summary>
    private static bool HasXeroConnection(IConfiguration configuration) =>
        configuration.GetSection("Tenants").GetChildren()
            .SelectMany(tenant => tenant.GetSection("Connections").GetChildren())
            .Any(connection => connection["Ledger"] is null || string.Equals(connection["Ledger"], nameof(LedgerKind.Xero), StringComparison.OrdinalIgnoreCase));
}
