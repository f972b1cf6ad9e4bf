using CreditFunctions.Workflow;

namespace CreditFunctions.App.Http;

/// <summary>The contract's status body (contracts/order-events.md "Status"), built from the decider's view.</summary>
internal static class StatusJson
{
    public static object From(SyncStatusView view) => new Dictionary<string, object?>
    {
        ["id"] = view.Id,
        ["version"] = view.Version,
        ["state"] = SyncStatusView.Wire(view.State),
        ["acceptedAt"] = view.AcceptedAt,
        ["deadline"] = view.Deadline,
        ["late"] = view.Late ? true : null,
        ["ledgers"] = view.Ledgers.Select(l => new Dictionary<string, object?>
        {
            ["ledger"] = SyncStatusView.Wire(l.Ledger),
            ["connectionId"] = l.ConnectionId,
            ["state"] = SyncStatusView.Wire(l.State),
            ["ledgerDocumentId"] = l.LedgerDocumentId,
            ["syncedAt"] = l.SyncedAt,
            ["allocations"] = l.Allocations.Select(a => new Dictionary<string, object?>
            {
                ["invoiceNumber"] = a.InvoiceNumber,
                ["amount"] = a.Amount,
                ["state"] = SyncStatusView.Wire(a.State),
                ["lastError"] = a.LastError,
            }).ToArray(),
            ["attempts"] = l.Attempts,
            ["lastError"] = l.LastError,
            ["needsReconnecting"] = l.NeedsReconnecting ? true : null,
            ["nextAttemptAt"] = l.NextAttemptAt,
        }).ToArray(),
    }.Where(kv => kv.Key is not ("late" or "needsReconnecting") || kv.Value is not null).ToDictionary();
}
