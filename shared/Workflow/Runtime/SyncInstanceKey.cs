namespace CreditFunctions.Workflow.Runtime;

/// <summary>
/// Identifies one workflow instance: tenant + credit-note id. Its partition key holds the instance's state row,
/// its inbound event rows and its document versions, so intake writes them in one atomic transaction.
/// </summary>
public readonly record struct SyncInstanceKey(string TenantId, string CreditNoteId)
{
    /// <summary>Tenant ids come from configuration and document ids are validated safe (DocumentLimits.IsSafeId), so '|' cannot occur in either.</summary>
    public const char Separator = '|';

    public string PartitionKey => TenantId + Separator + CreditNoteId;

    /// <summary>The first partition key past every instance of <paramref name="tenantId"/> ('}' follows '|').</summary>
    public static (string From, string Until) TenantRange(string tenantId) => (tenantId + Separator, tenantId + '}');

    public static SyncInstanceKey FromPartitionKey(string partitionKey)
    {
        var at = partitionKey.IndexOf(Separator, StringComparison.Ordinal);
        return at <= 0
            ? throw new FormatException($"'{partitionKey}' is not a workflow instance key.")
            : new SyncInstanceKey(partitionKey[..at], partitionKey[(at + 1)..]);
    }

    public override string ToString() => PartitionKey;
}
