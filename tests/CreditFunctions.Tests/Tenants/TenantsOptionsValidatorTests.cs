using CreditFunctions.Ledgers;
using CreditFunctions.Tenants;

namespace CreditFunctions.Tests.Tenants;

public sealed class TenantsOptionsValidatorTests
{
    private static readonly TenantsOptionsValidator Validator = new();

    [Fact]
    public void Tenants_with_secrets_keys_and_distinct_connections_are_valid()
    {
        var options = Options(Tenant("acme", "acme-xero"), Tenant("globex", "globex-xero"));

        var result = Validator.Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void No_tenants_at_all_is_valid()
    {
        Assert.True(Validator.Validate(null, new TenantsOptions()).Succeeded);
    }

    [Fact]
    public void A_missing_webhook_secret_or_api_key_is_named()
    {
        var tenant = Tenant("acme", "acme-xero");
        tenant.WebhookSecret = "";
        tenant.ApiKey = " ";

        var failures = Validator.Validate(null, Options(tenant)).Failures!;

        Assert.Contains(failures, f => f.StartsWith("Tenants:acme:WebhookSecret is required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Tenants:acme:ApiKey is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_tenants_sharing_an_api_key_fail_because_the_status_api_tells_tenants_apart_by_it()
    {
        var globex = Tenant("globex", "globex-xero");
        globex.ApiKey = "acme-api-key";

        var failure = Assert.Single(Validator.Validate(null, Options(Tenant("acme", "acme-xero"), globex)).Failures!);

        Assert.Equal("Tenants:globex:ApiKey is the same as tenant 'acme's; every tenant needs its own.", failure);
    }

    [Fact]
    public void A_connection_id_used_by_two_tenants_fails_because_tokens_are_kept_per_connection_id()
    {
        var failure = Assert.Single(Validator.Validate(null, Options(Tenant("acme", "xero"), Tenant("globex", "XERO"))).Failures!);

        Assert.Contains("Tenants:globex:Connections:0:Id 'XERO' is already used by tenant 'acme'", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("acme xero")]
    [InlineData("acme/xero")]
    public void A_connection_id_that_is_missing_or_unsafe_in_keys_and_urls_is_named(string id)
    {
        var failure = Assert.Single(Validator.Validate(null, Options(Tenant("acme", id))).Failures!);

        Assert.StartsWith("Tenants:acme:Connections:0:Id is required", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_without_its_ledger_organisation_is_named()
    {
        var tenant = Tenant("acme", "acme-xero");
        tenant.Connections[0].LedgerTenantId = "";

        var failure = Assert.Single(Validator.Validate(null, Options(tenant)).Failures!);

        Assert.StartsWith("Tenants:acme:Connections:0:LedgerTenantId is required", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void An_alert_webhook_needs_a_secret_and_https()
    {
        var tenant = Tenant("acme", "acme-xero");
        tenant.AlertWebhookUrl = new Uri("http://alerts.example/hook");

        var failures = Validator.Validate(null, Options(tenant)).Failures!;

        Assert.Contains(failures, f => f.StartsWith("Tenants:acme:AlertWebhookUrl must be an absolute https URL", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Tenants:acme:AlertWebhookSecret is required", StringComparison.Ordinal));
    }

    [Fact]
    public void A_loopback_alert_webhook_over_http_is_valid_for_local_runs()
    {
        var tenant = Tenant("acme", "acme-xero");
        tenant.AlertWebhookUrl = new Uri("http://127.0.0.1:9000/hook");
        tenant.AlertWebhookSecret = "alert-secret";

        Assert.True(Validator.Validate(null, Options(tenant)).Succeeded);
    }

    [Fact]
    public void A_deadline_that_is_not_positive_is_named()
    {
        var tenant = Tenant("acme", "acme-xero");
        tenant.SyncDeadline = TimeSpan.Zero;

        Assert.StartsWith("Tenants:acme:SyncDeadline must be positive", Assert.Single(Validator.Validate(null, Options(tenant)).Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void A_tenant_id_unsafe_in_urls_is_named()
    {
        var failure = Assert.Single(Validator.Validate(null, Options(Tenant("acme corp", "acme-xero"))).Failures!);

        Assert.StartsWith("Tenants:acme corp: a tenant id uses letters", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_QuickBooks_connection_names_its_company_by_the_numeric_realmId()
    {
        var tenant = Tenant("acme", "acme-qbo");
        tenant.Connections[0].Ledger = LedgerKind.QuickBooks;
        var withGuid = Validator.Validate(null, Options(tenant)).Succeeded;

        tenant.Connections[0].LedgerTenantId = "9130357766900010";

        Assert.False(withGuid); // a GUID is not a realmId
        Assert.True(Validator.Validate(null, Options(tenant)).Succeeded);
    }

    private static TenantsOptions Options(params TenantOptions[] tenants)
    {
        var options = new TenantsOptions();
        foreach (var tenant in tenants)
        {
            options.Tenants[tenant.Id] = tenant;
        }

        return options;
    }

    private static TenantOptions Tenant(string id, string connectionId) => new()
    {
        Id = id,
        WebhookSecret = id + "-webhook-secret",
        ApiKey = id + "-api-key",
        Connections = [new TenantConnectionOptions { Id = connectionId, Ledger = LedgerKind.Xero, LedgerTenantId = Guid.NewGuid().ToString() }],
    };
}
