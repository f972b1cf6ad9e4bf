using CreditFunctions.Ledgers.Xero;
using CreditFunctions.Payments;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Ledgers.QuickBooks;

public static class QuickBooksLedgerRegistration
{
    private const string HttpClientKey = "quickbooks";

    /// <summary>
    /// Registers the QuickBooks Online adapter as an <see cref="ILedgerConnector"/>, its money flows as an
    /// <see cref="IMoneyLedger"/> and its consent as an <see cref="ILedgerConsent"/>, bound to configuration section <c>QuickBooks</c> (of <paramref name="configuration"/>,
    /// or the app's IConfiguration when null) and validated at start-up. Token and contact stores are shared with the other
    /// ledgers: register an <see cref="ISecretStore"/> and <see cref="IContactMappingStore"/> first to share them across
    /// instances; otherwise memory (or <see cref="FileSecretStore"/> when <c>QuickBooks:TokenStorePath</c> is set).
    /// </summary>
    public static IServiceCollection AddQuickBooksLedger(this IServiceCollection services, IConfiguration? configuration = null)
    {
        var builder = services.AddOptions<QuickBooksOptions>();
        if (configuration is not null)
        {
            builder.Bind(configuration.GetSection(QuickBooksOptions.SectionName));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<QuickBooksOptions>>(new QuickBooksOptionsValidator(() => HasQuickBooksConnection(configuration))));
        }
        else
        {
            builder.BindConfiguration(QuickBooksOptions.SectionName);
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<QuickBooksOptions>, QuickBooksOptionsValidatorFromApp>());
        }

        builder.ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISecretStore>(sp =>
            sp.GetRequiredService<IOptions<QuickBooksOptions>>().Value.TokenStorePath is { Length: > 0 } path ? new FileSecretStore(path) : new InMemorySecretStore());
        services.TryAddSingleton<IContactMappingStore, InMemoryContactMappingStore>();
        services.TryAddKeyedSingleton(HttpClientKey, (_, _) => new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan, // each call has its own deadline on the TimeProvider (QuickBooksOptions.RequestTimeout)
        });
        services.TryAddSingleton<QuickBooksRateGate>();
        services.TryAddSingleton(sp => new QuickBooksTokenManager(
            sp.GetRequiredKeyedService<HttpClient>(HttpClientKey),
            sp.GetRequiredService<ISecretStore>(),
            sp.GetRequiredService<IOptions<QuickBooksOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<QuickBooksTokenManager>>()));
        services.TryAddSingleton(sp => new QuickBooksClient(
            sp.GetRequiredKeyedService<HttpClient>(HttpClientKey),
            sp.GetRequiredService<QuickBooksTokenManager>(),
            sp.GetRequiredService<QuickBooksRateGate>(),
            sp.GetRequiredService<IOptions<QuickBooksOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<QuickBooksClient>>()));
        services.TryAddSingleton<QuickBooksCustomerResolver>();
        services.TryAddSingleton<QuickBooksBookClose>();
        services.TryAddSingleton<QuickBooksConsent>();
        services.TryAddSingleton<QuickBooksCreditRefunds>();
        services.TryAddSingleton<QuickBooksCreditMemosConnector>();
        services.TryAddSingleton<QuickBooksMoneyWrites>();
        services.TryAddSingleton<QuickBooksMoneyPostings>();
        services.TryAddSingleton<QuickBooksPayablesMoney>();
        services.TryAddSingleton<QuickBooksMoneyConnector>();
        services.AddSingleton<ILedgerConnector>(sp => sp.GetRequiredService<QuickBooksCreditMemosConnector>());
        services.AddSingleton<IMoneyLedger>(sp => sp.GetRequiredService<QuickBooksMoneyConnector>());
        services.AddSingleton<ILedgerConsent>(sp => sp.GetRequiredService<QuickBooksConsent>());
        return services;
    }

    /// <summary>Whether any tenant under <c>Tenants</c> has a connection whose Ledger is QuickBooks.</summary>
    internal static bool HasQuickBooksConnection(IConfiguration configuration) =>
        configuration.GetSection("Tenants").GetChildren()
            .SelectMany(tenant => tenant.GetSection("Connections").GetChildren())
            .Any(connection => string.Equals(connection["Ledger"], nameof(LedgerKind.QuickBooks), StringComparison.OrdinalIgnoreCase));

    /// <summary>The validator when the app's own IConfiguration is the source (resolved from the container).</summary>
    private sealed class QuickBooksOptionsValidatorFromApp(IConfiguration configuration) : IValidateOptions<QuickBooksOptions>
    {
        private readonly QuickBooksOptionsValidator _inner = new(() => HasQuickBooksConnection(configuration));

        public ValidateOptionsResult Validate(string? name, QuickBooksOptions options) => _inner.Validate(name, options);
    }
}
