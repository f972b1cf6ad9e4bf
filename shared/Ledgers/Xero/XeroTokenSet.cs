namespace CreditFunctions.Ledgers.Xero;

/// <summary>One connection's tokens as stored in the <see cref="ISecretStore"/>. Never logged.</summary>
public sealed record XeroTokenSet(string AccessToken, DateTimeOffset AccessTokenExpiresAt, string? RefreshToken)
{
    /// <summary>A connection known only by its refresh token (just consented, or seeded by the run command).</summary>
    public static XeroTokenSet FromRefreshToken(string refreshToken) => new("", DateTimeOffset.MinValue, refreshToken);

    public override string ToString() => $"XeroTokenSet(expires {AccessTokenExpiresAt:O})";
}
