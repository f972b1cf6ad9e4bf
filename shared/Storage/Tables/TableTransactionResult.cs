using Azure;

namespace CreditFunctions.Storage.Tables;

/// <summary>
/// A transaction's outcome. On success, one ETag per action (none for deletes). On an expected refusal
/// (409 already exists, 412 conflict, 404 not found) nothing was applied and <see cref="FailedActionIndex"/> names
/// the action the service refused.
/// </summary>
public sealed record TableTransactionResult(
    TableWriteOutcome Outcome,
    IReadOnlyList<ETag> ETags,
    int? FailedActionIndex,
    string? ErrorCode,
    string? RequestId)
{
    public bool Succeeded => Outcome == TableWriteOutcome.Succeeded;
}
