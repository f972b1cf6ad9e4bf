namespace CreditFunctions.Ledgers.Myob;

/// <summary>One connection's MYOB tokens as stored in the <see cref="Xero.ISecretStore"/>. Never logged.</summary>
public sealed record MyobTokenSet(string AccessToken, DateTimeOffset AccessTokenExpiresAt, string? RefreshToken)
{
    /// <summary>A connection known only by its refresh token (just consented, or seeded by the run command).</summary>
    public static MyobTokenSet FromRefreshToken(string refreshToken) => new("", DateTimeOffset.MinValue, refreshToken);

    public override string ToString() => $"MyobTokenSet(expires {AccessTokenExpiresAt:O})";
}
