using CreditFunctions.Workflow;

namespace CreditFunctions.Functions.Http;

/// <summary>
/// The contract's status body (contracts/order-events.md "Status"), built from the decider's view. The contract's
/// fields are always present (null when empty); the extras (<c>late</c>, <c>needsReconnecting</c>,
/// <c>nextAttemptAt</c>, an allocation's <c>lastError</c>) appear only when they say something.
/// </summary>
public static class StatusJson
{
    public static Dictionary<string, object?> From(SyncStatusView view)
    {
        var body = new Dictionary<string, object?>
        {
            ["id"] = view.Id,
            ["version"] = view.Version,
            ["state"] = SyncStatusView.Wire(view.State),
            ["acceptedAt"] = view.AcceptedAt,
            ["deadline"] = view.Deadline,
            ["ledgers"] = view.Ledgers.Select(Ledger).ToArray(),
        };
        AddIf(body, "late", view.Late ? true : null);
        return body;
    }

    private static Dictionary<string, object?> Ledger(BranchStatusView ledger)
    {
        var body = new Dictionary<string, object?>
        {
            ["ledger"] = SyncStatusView.Wire(ledger.Ledger),
            ["connectionId"] = ledger.ConnectionId,
            ["state"] = SyncStatusView.Wire(ledger.State),
            ["ledgerDocumentId"] = ledger.LedgerDocumentId,
            ["syncedAt"] = ledger.SyncedAt,
            ["allocations"] = ledger.Allocations.Select(Allocation).ToArray(),
            ["attempts"] = ledger.Attempts,
            ["lastError"] = ledger.LastError,
        };
        AddIf(body, "needsReconnecting", ledger.NeedsReconnecting ? true : null);
        AddIf(body, "nextAttemptAt", ledger.NextAttemptAt);
        return body;
    }

    private static Dictionary<string, object?> Allocation(AllocationStatusView allocation)
    {
        var body = new Dictionary<string, object?>
        {
            ["invoiceNumber"] = allocation.InvoiceNumber,
            ["amount"] = allocation.Amount,
            ["state"] = SyncStatusView.Wire(allocation.State),
        };
        AddIf(body, "lastError", allocation.LastError);
        return body;
    }

    private static void AddIf(Dictionary<string, object?> body, string name, object? value)
    {
        if (value is not null)
        {
            body[name] = value;
        }
    }
}
