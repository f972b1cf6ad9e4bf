using CreditFunctions.Ledgers;
using CreditFunctions.Tenants;

namespace CreditFunctions.Tests.Tenants;

public sealed class MyobConnectionValidationTests
{
    private static TenantsOptions With(string ledgerTenantId)
    {
        var options = new TenantsOptions();
        options.Tenants["acme"] = new TenantOptions
        {
            Id = "acme",
            WebhookSecret = "s",
            ApiKey = "k",
            Connections = [new TenantConnectionOptions { Id = "acme-myob", Ledger = LedgerKind.Myob, LedgerTenantId = ledgerTenantId }],
        };
        return options;
    }

    [Fact]
    public void A_MYOB_connection_names_its_company_file_by_GUID()
    {
        var validator = new TenantsOptionsValidator();

        var bad = validator.Validate(null, With("my-company-file"));
        var good = validator.Validate(null, With("8d3b1f6e-2a47-4c59-9e81-5b0d7c3a6f12"));

        Assert.Contains(bad.Failures!, f => f.StartsWith("Tenants:acme:Connections:0:LedgerTenantId must be the MYOB company file's GUID", StringComparison.Ordinal));
        Assert.True(good.Succeeded);
    }
}
