namespace CreditFunctions.Ledgers;

/// <summary>The registered ledger adapters, one per <see cref="LedgerKind"/>.</summary>
public sealed class LedgerConnectors(IEnumerable<ILedgerConnector> connectors)
{
    private readonly Dictionary<LedgerKind, ILedgerConnector> _byKind = connectors.ToDictionary(c => c.Ledger);

    public ILedgerConnector Get(LedgerKind ledger) =>
        _byKind.TryGetValue(ledger, out var connector)
            ? connector
            : throw new InvalidOperationException($"No adapter is registered for {ledger}; a tenant connection names a ledger this deployment does not serve.");

    public bool Serves(LedgerKind ledger) => _byKind.ContainsKey(ledger);
}
