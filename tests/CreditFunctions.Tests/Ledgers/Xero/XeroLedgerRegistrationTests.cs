using CreditFunctions.Ledgers;
using CreditFunctions.Ledgers.Xero;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Tests.Ledgers.Xero;

public sealed class XeroLedgerRegistrationTests
{
    [Fact]
    public void The_adapter_resolves_as_a_ledger_connector_with_configured_options()
    {
        using var provider = Services(new() { ["Xero:ClientId"] = "id", ["Xero:ClientSecret"] = "secret", ["Xero:ApiBaseUrl"] = "http://127.0.0.1:5000/api.xro/2.0/", ["Xero:RateWindow"] = "00:00:01" });

        var connector = provider.GetServices<ILedgerConnector>().Single(c => c.Ledger == LedgerKind.Xero);
        var options = provider.GetRequiredService<IOptions<XeroOptions>>().Value;

        Assert.IsType<XeroCreditNotesConnector>(connector);
        Assert.Equal(new Uri("http://127.0.0.1:5000/api.xro/2.0/"), options.ApiBaseUrl);
        Assert.Equal(TimeSpan.FromSeconds(1), options.RateWindow);
        Assert.Equal(60, options.CallsPerWindowPerTenant);
    }

    [Fact]
    public void The_money_adapter_resolves_as_the_Xero_money_ledger_with_the_default_money_accounts()
    {
        using var provider = Services(new() { ["Xero:ClientId"] = "id", ["Xero:ClientSecret"] = "secret" });

        var money = provider.GetServices<CreditFunctions.Payments.IMoneyLedger>().Single(m => m.Ledger == LedgerKind.Xero);
        var options = provider.GetRequiredService<IOptions<XeroOptions>>().Value;

        Assert.IsType<XeroMoneyConnector>(money);
        Assert.Equal(("090", "835", "620", "200"), (options.DefaultBankAccountCode, options.CustomerCreditAccountCode, options.SupplierDepositAccountCode, options.RefundClearingAccountCode));
    }

    [Fact]
    public void An_empty_money_account_code_fails_validation_by_name()
    {
        using var provider = Services(new() { ["Xero:CustomerCreditAccountCode"] = " " });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<XeroOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains("Xero:CustomerCreditAccountCode", StringComparison.Ordinal));
    }

    [Fact]
    public void An_app_without_Xero_connections_starts_without_Xero_credentials()
    {
        using var provider = Services(new() { ["Tenants:t1:ApiKey"] = "k" });

        Assert.Equal("", provider.GetRequiredService<IOptions<XeroOptions>>().Value.ClientId);
    }

    [Fact]
    public void Missing_credentials_with_a_Xero_connection_and_a_bad_batch_size_fail_validation_by_name()
    {
        using var provider = Services(new() { ["Xero:BatchSize"] = "51", ["Tenants:t1:Connections:0:Id"] = "demo-xero", ["Tenants:t1:Connections:0:LedgerTenantId"] = "x" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<XeroOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains("Xero:ClientId", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Xero:BatchSize", StringComparison.Ordinal));
    }

    [Fact]
    public void The_defaults_are_Xeros_published_limits()
    {
        var options = new XeroOptions();

        Assert.Equal((5, 60, 5000, 10_000, 50), (options.ConcurrentCallsPerTenant, options.CallsPerWindowPerTenant, options.CallsPerDayPerTenant, options.AppCallsPerWindow, options.BatchSize));
        Assert.Equal(new Uri("https://api.xero.com/api.xro/2.0/"), options.ApiBaseUrl);
        Assert.Equal(new Uri("https://identity.xero.com/"), options.IdentityBaseUrl);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddXeroLedger(configuration);
        return services.BuildServiceProvider();
    }
}
