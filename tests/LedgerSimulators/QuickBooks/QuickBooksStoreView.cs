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

    /// <summary>What the invoice <paramref name="docNumber"/> still has due (its Balance), its total and whether it is voided; null when there is none.</summary>
    public QuickBooksAmountDue? AmountDue(string realmId, string docNumber)
    {
        lock (_simulator.State.Gate)
        {
            var company = _simulator.State.Company(realmId);
            var invoice = company?.Of("Invoice").Values.FirstOrDefault(i => QuickBooksWire.Text(i["DocNumber"]) == docNumber);
            return invoice is null ? null : new QuickBooksAmountDue(
                docNumber,
                QuickBooksWire.Text(invoice["Id"])!,
                QuickBooksWire.Number(invoice["TotalAmt"]),
                QuickBooksWire.Number(invoice["Balance"]),
                company!.Voided.Contains(("Invoice", QuickBooksWire.Text(invoice["Id"])!)));
        }
    }

    /// <summary>What the bill <paramref name="docNumber"/> still has due (its Balance) and its total; null when there is none.</summary>
    public QuickBooksBillDue? BillDue(string realmId, string docNumber)
    {
        lock (_simulator.State.Gate)
        {
            var bill = _simulator.State.Company(realmId)?.Of("Bill").Values.FirstOrDefault(i => QuickBooksWire.Text(i["DocNumber"]) == docNumber);
            return bill is null ? null : new QuickBooksBillDue(docNumber, QuickBooksWire.Text(bill["Id"])!, QuickBooksWire.Number(bill["TotalAmt"]), QuickBooksWire.Number(bill["Balance"]));
        }
    }

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

/// <summary>An invoice's amount due as the control API reports it (camelCase JSON).</summary>
public sealed record QuickBooksAmountDue(string Number, string InvoiceId, decimal Total, decimal AmountDue, bool Voided);

/// <summary>A bill's amount due as the control API reports it (camelCase JSON).</summary>
public sealed record QuickBooksBillDue(string Number, string BillId, decimal Total, decimal AmountDue);
