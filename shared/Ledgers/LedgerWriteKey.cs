namespace CreditFunctions.Ledgers;

/// <summary>
/// The durable key of one intended ledger write (tenant, ledger connection, document, operation, version).
/// Recorded before the call, sent as the ledger's idempotency key where it has one (Xero allows 128
/// characters: ledger-apis.md X13; QuickBooks requestid 50: Q5), and kept with the ledger's id after it.
/// </summary>
public readonly record struct LedgerWriteKey(string Value)
{
    public override string ToString() => Value;
}
