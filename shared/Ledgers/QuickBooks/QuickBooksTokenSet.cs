namespace CreditFunctions.Ledgers.QuickBooks;

/// <summary>One connection's QBO tokens as stored in the secret store. Never logged.</summary>
public sealed record QuickBooksTokenSet(string AccessToken, DateTimeOffset AccessTokenExpiresAt, string? RefreshToken)
{
    /// <summary>A connection known only by its refresh token (just consented, or seeded by the run command).</summary>
    public static QuickBooksTokenSet FromRefreshToken(string refreshToken) => new("", DateTimeOffset.MinValue, refreshToken);

    public override string ToString() => $"QuickBooksTokenSet(expires {AccessTokenExpiresAt:O})";
}
