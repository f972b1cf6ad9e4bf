using CreditFunctions.Ledgers;

namespace CreditFunctions.Tenants;

/// <summary>
/// One supplier using the service, bound from configuration <c>Tenants:{id}</c>. In Azure the secrets are
/// Key Vault references in app settings; locally the run command's demo tenant is embedded.
/// </summary>
public sealed class TenantOptions
{
    /// <summary>Tenant id as it appears in URLs. Required.</summary>
    public string Id { get; set; } = "";

    /// <summary>HMAC key for inbound webhook signatures. Required; never logged.</summary>
    public string WebhookSecret { get; set; } = "";

    /// <summary>Bearer key for the status and operations API. Required; never logged.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Ledgers this tenant has connected. Default: none.</summary>
    public List<TenantConnectionOptions> Connections { get; set; } = [];

    /// <summary>Allocate credits to invoices, or export the credit note only. Default: Allocate.</summary>
    public AllocationPolicy Allocation { get; set; } = AllocationPolicy.Allocate;

    /// <summary>What to do when the document date is in a locked period. Default: Hold (failed + alert).</summary>
    public ClosedPeriodPolicy ClosedPeriod { get; set; } = ClosedPeriodPolicy.Hold;

    /// <summary>A document not synced this long after it was accepted raises an alert. Default: 30 minutes.</summary>
    public TimeSpan SyncDeadline { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Optional URL that receives signed alert notifications. Default: none.</summary>
    public Uri? AlertWebhookUrl { get; set; }

    /// <summary>HMAC key for outbound alert notifications. Default: none (required with <see cref="AlertWebhookUrl"/>).</summary>
    public string? AlertWebhookSecret { get; set; }

    /// <summary>Which way payments flow (Cin7 Core: push, pull or both). Default: Both.</summary>
    public PaymentMode PaymentMode { get; set; } = PaymentMode.Both;

    /// <summary>
    /// Where payments made in the ledger are sent in pull mode, as signed webhooks (docs/payments.md). Default: none
    /// (pulled payments are recorded and listed, not sent).
    /// </summary>
    public Uri? PaymentWebhookUrl { get; set; }

    /// <summary>HMAC key for outbound payment webhooks. Default: none (required with <see cref="PaymentWebhookUrl"/>).</summary>
    public string? PaymentWebhookSecret { get; set; }
}

/// <summary>Cin7 Core's payment sync options: which way payments flow between the order system and the ledgers.</summary>
public enum PaymentMode
{
    /// <summary>Payments from the order system are posted to the ledgers and payments made in the ledgers are pulled back.</summary>
    Both,

    /// <summary>Payments from the order system are posted to the ledgers only.</summary>
    Push,

    /// <summary>Payments made in the ledgers are pulled back only; payment events from the order system are recorded and not posted.</summary>
    Pull,
}

public sealed class TenantConnectionOptions
{
    /// <summary>Stable id of the connection, shown in status (e.g. <c>demo-xero</c>). Required.</summary>
    public string Id { get; set; } = "";

    /// <summary>Which ledger. Required.</summary>
    public LedgerKind Ledger { get; set; } = LedgerKind.Xero;

    /// <summary>The ledger's id for the organisation (Xero tenant id). Required.</summary>
    public string LedgerTenantId { get; set; } = "";

    public LedgerConnection ToConnection() => new(Id, Ledger, LedgerTenantId);
}

public enum AllocationPolicy
{
    Allocate,
    ExportOnly,
}

public enum ClosedPeriodPolicy
{
    /// <summary>Mark the branch failed with the ledger's message and alert; an operator decides.</summary>
    Hold,

    /// <summary>Re-date the document to the first open day and post again (the fyle approach, ledger-apis.md X18).</summary>
    Redate,
}
