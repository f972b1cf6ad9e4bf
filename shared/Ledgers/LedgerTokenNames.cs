namespace CreditFunctions.Ledgers;

/// <summary>
/// The name of a connection's tokens in the <see cref="Xero.ISecretStore"/> (a table row or a Key Vault secret): one
/// place for the token managers that write them and the readiness check that looks for them.
/// </summary>
public static class LedgerTokenNames
{
    public static string For(LedgerKind ledger, string connectionId) => ledger switch
    {
        LedgerKind.Xero => $"xero-tokens-{connectionId}",
        LedgerKind.Myob => $"myob-tokens-{connectionId}",
        LedgerKind.QuickBooks => $"qbo-tokens-{connectionId}",
        _ => throw new ArgumentOutOfRangeException(nameof(ledger), ledger, "Unknown ledger."),
    };
}
