namespace CreditFunctions.Payments.Workflow;

/// <summary>
/// One money document of one tenant: the partition of its rows in table <c>{prefix}MoneyDocuments</c> and its
/// orchestration's instance id (<c>pay|tenant|id</c>, <c>rfd|…</c>, <c>ovp|…</c>, <c>ccr|…</c>, <c>sdp|…</c>). Tenant ids
/// come from configuration and document ids are validated safe (DocumentLimits.IsSafeId), so '|' occurs in neither.
/// </summary>
public readonly record struct MoneyInstanceKey(string TenantId, MoneyDocumentKind Kind, string DocumentId)
{
    public const char Separator = '|';

    public string PartitionKey => TenantId + Separator + Prefix(Kind) + Separator + DocumentId;

    /// <summary>Deterministic: every event of the document (created, deleted, applied, redelivered) reaches the same instance.</summary>
    public string InstanceId => Prefix(Kind) + Separator + TenantId + Separator + DocumentId;

    /// <summary>Partition keys of every money document of <paramref name="tenantId"/> ('}' follows '|').</summary>
    public static (string From, string Until) TenantRange(string tenantId) => (tenantId + Separator, tenantId + '}');

    /// <summary>The short name of a kind in instance ids and partition keys.</summary>
    public static string Prefix(MoneyDocumentKind kind) => kind switch
    {
        MoneyDocumentKind.Payment => "pay",
        MoneyDocumentKind.Refund => "rfd",
        MoneyDocumentKind.Overpayment => "ovp",
        MoneyDocumentKind.CustomerCredit => "ccr",
        MoneyDocumentKind.SupplierDeposit => "sdp",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown money document kind."),
    };

    /// <summary>The kind's segment in the status API's URLs (<c>payments</c>, <c>refunds</c>, …).</summary>
    public static string Route(MoneyDocumentKind kind) => kind switch
    {
        MoneyDocumentKind.Payment => "payments",
        MoneyDocumentKind.Refund => "refunds",
        MoneyDocumentKind.Overpayment => "overpayments",
        MoneyDocumentKind.CustomerCredit => "customer-credits",
        MoneyDocumentKind.SupplierDeposit => "supplier-deposits",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown money document kind."),
    };

    /// <summary>The kind a status URL segment names; null for any other segment.</summary>
    public static MoneyDocumentKind? FromRoute(string? segment) =>
        Enum.GetValues<MoneyDocumentKind>().Cast<MoneyDocumentKind?>().FirstOrDefault(k => string.Equals(Route(k!.Value), segment, StringComparison.Ordinal));

    /// <summary>The status URL of the document: <c>/api/tenants/{t}/{kind}/{id}</c>.</summary>
    public string StatusUrl => $"/api/tenants/{Uri.EscapeDataString(TenantId)}/{Route(Kind)}/{Uri.EscapeDataString(DocumentId)}";

    public static MoneyInstanceKey FromPartitionKey(string partitionKey)
    {
        var parts = partitionKey.Split(Separator, 3);
        var kind = parts.Length == 3 ? Enum.GetValues<MoneyDocumentKind>().Cast<MoneyDocumentKind?>().FirstOrDefault(k => Prefix(k!.Value) == parts[1]) : null;
        return kind is null
            ? throw new FormatException($"'{partitionKey}' is not a money document key.")
            : new MoneyInstanceKey(parts[0], kind.Value, parts[2]);
    }

    public override string ToString() => PartitionKey;
}
