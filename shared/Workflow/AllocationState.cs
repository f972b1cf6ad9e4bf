using CreditFunctions.Documents;

namespace CreditFunctions.Workflow;

/// <summary>One requested allocation on one branch.</summary>
public sealed record AllocationState(
    AllocationRequest Request,
    AllocationStatus Status,
    string? AllocationId = null,
    DateOnly? RedatedTo = null,
    string? LastError = null);

public enum AllocationStatus
{
    /// <summary>Not made yet.</summary>
    Pending,

    /// <summary>Made in the ledger.</summary>
    Allocated,

    /// <summary>The invoice is not in the ledger yet; retried with backoff.</summary>
    Waiting,

    /// <summary>The ledger refused it (the branch is failed).</summary>
    Failed,

    /// <summary>The tenant exports only (AllocationPolicy.ExportOnly): never made.</summary>
    Skipped,
}
