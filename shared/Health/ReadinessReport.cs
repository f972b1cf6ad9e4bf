namespace CreditFunctions.Health;

/// <summary>
/// What readiness found: whether storage answered, and each ledger connection's token state. Holds no secret: a
/// connection is named by its ids and described by one word.
/// </summary>
public sealed record ReadinessReport(bool StorageReachable, string? StorageProblem, IReadOnlyList<ConnectionTokenState> Connections)
{
    /// <summary>Ready means this instance can do its work: storage answers. A connection that needs reconnecting is a tenant's problem, not the instance's.</summary>
    public bool Ready => StorageReachable;
}

/// <summary>One connection: <see cref="TokenStates.Connected"/> or <see cref="TokenStates.NeedsReconnect"/>.</summary>
public sealed record ConnectionTokenState(string TenantId, string ConnectionId, string Ledger, string Tokens);

public static class TokenStates
{
    /// <summary>Tokens are stored (or, for a Xero custom connection, are obtained with the app's credentials).</summary>
    public const string Connected = "connected";

    /// <summary>No tokens stored: connect the ledger by consent (docs/connections.md).</summary>
    public const string NeedsReconnect = "needsReconnect";

    /// <summary>Storage did not answer, so the tokens could not be looked at.</summary>
    public const string Unknown = "unknown";
}
