namespace CreditFunctions.Ledgers;

/// <summary>
/// One ledger a tenant has connected. <paramref name="LedgerTenantId"/> is the ledger's own id for the
/// organisation: the Xero tenant id, the QuickBooks realm id, the MYOB company-file id.
/// </summary>
public sealed record LedgerConnection(string ConnectionId, LedgerKind Ledger, string LedgerTenantId);
