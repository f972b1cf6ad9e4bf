using Azure;

namespace CreditFunctions.Storage.Tables;

/// <summary>The operation kinds of an entity group transaction (as Azure.Data.Tables.TableTransactionActionType).</summary>
public enum TableTransactionActionType
{
    Add,
    UpdateMerge,
    UpdateReplace,
    Delete,
    UpsertMerge,
    UpsertReplace,
}

/// <summary>One operation in a transaction. <see cref="ETag"/> guards updates and deletes; default means "*".</summary>
public sealed record TableTransactionAction(TableTransactionActionType ActionType, TableEntity Entity, ETag ETag = default);
