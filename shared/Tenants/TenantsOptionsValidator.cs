using CreditFunctions.Ledgers;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Tenants;

/// <summary>
/// Start-up rules for the <c>Tenants</c> section, so a mistake stops the app with the setting named instead of failing
/// requests later: every tenant has a webhook secret and an API key; no two tenants share an API key (the status API
/// tells tenants apart by it); connection ids are unique across all tenants (ledger tokens and contact mappings are
/// stored per connection id) and safe in table keys and URLs; each connection names its ledger organisation; the SLA
/// deadline is positive; an alert webhook has a secret and uses https (http only on a loopback host).
/// </summary>
internal sealed class TenantsOptionsValidator : IValidateOptions<TenantsOptions>
{
    public ValidateOptionsResult Validate(string? name, TenantsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var connectionOwners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var apiKeyOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, tenant) in options.Tenants.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var at = $"Tenants:{id}";
            if (!IsSafeId(id))
            {
                failures.Add($"{at}: a tenant id uses letters, digits, '-' and '_' only (1 to 64 characters).");
            }

            if (string.IsNullOrWhiteSpace(tenant.WebhookSecret))
            {
                failures.Add($"{at}:WebhookSecret is required (the key inbound webhooks are signed with).");
            }

            if (string.IsNullOrWhiteSpace(tenant.ApiKey))
            {
                failures.Add($"{at}:ApiKey is required (the bearer key of the status and operations API).");
            }
            else if (!apiKeyOwners.TryAdd(tenant.ApiKey, id))
            {
                failures.Add($"{at}:ApiKey is the same as tenant '{apiKeyOwners[tenant.ApiKey]}'s; every tenant needs its own.");
            }

            if (tenant.SyncDeadline <= TimeSpan.Zero)
            {
                failures.Add($"{at}:SyncDeadline must be positive (e.g. 00:30:00).");
            }

            if (tenant.AlertWebhookUrl is { } url)
            {
                if (!url.IsAbsoluteUri || !(url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)))
                {
                    failures.Add($"{at}:AlertWebhookUrl must be an absolute https URL (http only on a loopback host).");
                }

                if (string.IsNullOrWhiteSpace(tenant.AlertWebhookSecret))
                {
                    failures.Add($"{at}:AlertWebhookSecret is required with AlertWebhookUrl (alerts are signed).");
                }
            }

            if (tenant.PaymentWebhookUrl is { } paymentUrl)
            {
                if (!paymentUrl.IsAbsoluteUri || !(paymentUrl.Scheme == Uri.UriSchemeHttps || (paymentUrl.Scheme == Uri.UriSchemeHttp && paymentUrl.IsLoopback)))
                {
                    failures.Add($"{at}:PaymentWebhookUrl must be an absolute https URL (http only on a loopback host).");
                }

                if (string.IsNullOrWhiteSpace(tenant.PaymentWebhookSecret))
                {
                    failures.Add($"{at}:PaymentWebhookSecret is required with PaymentWebhookUrl (payment webhooks are signed).");
                }
            }

            for (var i = 0; i < tenant.Connections.Count; i++)
            {
                var connection = tenant.Connections[i];
                var where = $"{at}:Connections:{i}";
                if (!IsSafeId(connection.Id))
                {
                    failures.Add($"{where}:Id is required: letters, digits, '-' and '_' only (1 to 64 characters), e.g. '{id}-xero'.");
                }
                else if (!connectionOwners.TryAdd(connection.Id, id))
                {
                    failures.Add($"{where}:Id '{connection.Id}' is already used by tenant '{connectionOwners[connection.Id]}'; connection ids are unique across tenants.");
                }

                if (string.IsNullOrWhiteSpace(connection.LedgerTenantId))
                {
                    failures.Add($"{where}:LedgerTenantId is required (the ledger's id of the organisation, e.g. Xero's tenant id).");
                }
                else if (connection.Ledger == LedgerKind.Myob && !Guid.TryParse(connection.LedgerTenantId, out _))
                {
                    // MYOB addresses a company file by its GUID: https://api.myob.com/accountright/{cf_guid}/… (contracts/myob §8).
                    failures.Add($"{where}:LedgerTenantId must be the MYOB company file's GUID (the {{cf_guid}} in its API URL).");
                }
                else if (connection.Ledger == LedgerKind.QuickBooks && !connection.LedgerTenantId.All(char.IsAsciiDigit))
                {
                    // contracts/qbo §12-§13: a QuickBooks company is named by its realmId, a numeric string.
                    failures.Add($"{where}:LedgerTenantId must be the QuickBooks company's realmId (digits only) for a QuickBooks connection.");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsSafeId(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
