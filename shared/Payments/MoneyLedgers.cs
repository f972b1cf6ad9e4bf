using CreditFunctions.Ledgers;

namespace CreditFunctions.Payments;

/// <summary>The registered money adapters, one per <see cref="LedgerKind"/> (each ledger's registration adds its own).</summary>
public sealed class MoneyLedgers(IEnumerable<IMoneyLedger> ledgers)
{
    private readonly Dictionary<LedgerKind, IMoneyLedger> _byKind = ledgers.ToDictionary(l => l.Ledger);

    public IMoneyLedger Get(LedgerKind ledger) =>
        _byKind.TryGetValue(ledger, out var adapter)
            ? adapter
            : throw new InvalidOperationException($"No money adapter is registered for {ledger}; a tenant connection names a ledger this deployment does not serve for payments.");

    public bool Serves(LedgerKind ledger) => _byKind.ContainsKey(ledger);
}
