using Azure.Data.Tables;

namespace CreditFunctions.Storage.Tables;

/// <summary>Where the next page of a query starts: the SDK's continuation token, opaque to callers.</summary>
public sealed record TableContinuation(string Token);

/// <summary>One page of a query. A page can be empty and still carry a continuation (azure-platform.md §3.3).</summary>
public sealed record TablePage(IReadOnlyList<TableEntity> Items, TableContinuation? Continuation, string? RequestId);
