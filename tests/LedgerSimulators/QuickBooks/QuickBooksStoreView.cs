using System.Text.Json.Nodes;

namespace CreditFunctions.LedgerSimulators.QuickBooks;

/// <summary>Read-only views of what the simulator holds, in QBO's wire form (copies).</summary>
public sealed class QuickBooksStoreView
{
    private readonly QuickBooksSimulator _simulator;

    internal QuickBooksStoreView(QuickBooksSimulator simulator) => _simulator = simulator;

    /// <summary>The live CreditMemos with this DocNumber, in one company or all.</summary>
    public IReadOnlyList<JsonObject> CreditMemosByNumber(string docNumber, string? realmId = null) =>
        Where("CreditMemo", realmId, m => QuickBooksWire.Text(m["DocNumber"]) == docNumber);

    public IReadOnlyList<JsonObject> Entities(string realmId, string entity) => Where(entity, realmId, _ => true);

    public JsonObject? Invoice(string realmId, string docNumber) =>
        Where("Invoice", realmId, i => QuickBooksWire.Text(i["DocNumber"]) == docNumber).FirstOrDefault();

    /// <summary>Payments that are live and apply something (amount not zero).</summary>
    public IReadOnlyList<JsonObject> Payments(string realmId) => Where("Payment", realmId, _ => true);

    private List<JsonObject> Where(string entity, string? realmId, Func<JsonObject, bool> match)
    {
        lock (_simulator.State.Gate)
        {
            return [.. _simulator.State.Companies
                .Where(c => realmId is null || c.RealmId == realmId)
                .SelectMany(c => c.Of(entity).Values)
                .Where(match)
                .Select(e => (JsonObject)e.DeepClone())];
        }
    }
}
