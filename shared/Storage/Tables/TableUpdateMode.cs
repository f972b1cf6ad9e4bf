namespace CreditFunctions.Storage.Tables;

/// <summary>How an update treats properties the sent entity does not carry (as Azure.Data.Tables.TableUpdateMode).</summary>
public enum TableUpdateMode
{
    /// <summary>MERGE: keep properties not sent.</summary>
    Merge,

    /// <summary>PUT: the row becomes exactly what was sent.</summary>
    Replace,
}
