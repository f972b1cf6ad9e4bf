namespace CreditFunctions.Ledgers;

public enum LedgerKind
{
    Xero,
    Myob,
    QuickBooks,
}
