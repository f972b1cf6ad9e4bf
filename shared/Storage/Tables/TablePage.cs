namespace CreditFunctions.Storage.Tables;

/// <summary>Where the next page of a query starts (x-ms-continuation-NextPartitionKey/NextRowKey), opaque to callers.</summary>
public sealed record TableContinuation(string NextPartitionKey, string? NextRowKey);

/// <summary>One page of a query. A page can be empty and still carry a continuation (azure-platform.md §3.3).</summary>
public sealed record TablePage(IReadOnlyList<TableEntity> Items, TableContinuation? Continuation, string? RequestId);
