using Azure;

namespace CreditFunctions.Storage.Tables;

/// <summary>The outcome of one write. Expected refusals are values, as the Azure SDK's conditional-request results.</summary>
public enum TableWriteOutcome
{
    Succeeded,

    /// <summary>Insert found the row already there (409 EntityAlreadyExists): the idempotency primitive.</summary>
    AlreadyExists,

    /// <summary>If-Match did not match (412 UpdateConditionNotSatisfied): someone else moved the row; reload.</summary>
    Conflict,

    /// <summary>The row is not there (404 ResourceNotFound) for an update or delete.</summary>
    NotFound,
}

/// <summary>One write's outcome, the row's new ETag when it succeeded, and the service request id.</summary>
public sealed record TableWriteResult(TableWriteOutcome Outcome, ETag ETag, int Status, string? RequestId)
{
    public bool Succeeded => Outcome == TableWriteOutcome.Succeeded;
}
