using CreditFunctions.Documents;
using CreditFunctions.Payments;
using CreditFunctions.Payments.Workflow;
using CreditFunctions.Workflow.Durable;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace CreditFunctions.Functions.Http;

/// <summary>
/// The money documents' status and retry (docs/payments.md "Status API"): functions <c>GetMoneyDocumentStatus</c> and
/// <c>RetryMoneyDocument</c> at <c>/api/tenants/{t}/{kind}/{id}</c>, kind one of <c>payments</c>, <c>refunds</c>,
/// <c>overpayments</c>, <c>customer-credits</c>, <c>supplier-deposits</c> (the literal <c>credit-notes</c> routes take
/// precedence over the parameter). Bearer tenant API keys; another tenant's key gets 404.
/// </summary>
public sealed class MoneyStatusFunctions(TenantApiKeys keys, MoneyStore store, MoneySignals signals, TimeProvider time)
{
    public const string StatusRoute = "tenants/{tenantId}/{kind}/{documentId}";
    public const string RetryRoute = "tenants/{tenantId}/{kind}/{documentId}/retry";

    [Function("GetMoneyDocumentStatus")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = StatusRoute)] HttpRequest request, string tenantId, string kind, string documentId)
    {
        if (Resolve(request, tenantId, kind, documentId, out var key) is { } problem)
        {
            return problem;
        }

        var state = await store.LoadAsync(key, request.HttpContext.RequestAborted);
        return state is null ? Problems.NotFound("No such document for this tenant.") : Results.Json(MoneyStatusJson.From(MoneyStatusView.From(state, time.GetUtcNow())));
    }

    [Function("RetryMoneyDocument")]
    public async Task<IResult> RetryAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RetryRoute)] HttpRequest request, string tenantId, string kind, string documentId,
        [DurableClient] DurableTaskClient durable)
    {
        if (Resolve(request, tenantId, kind, documentId, out var key) is { } problem)
        {
            return problem;
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        var state = await store.LoadAsync(key, cancellationToken);
        if (state is null)
        {
            return Problems.NotFound("No such document for this tenant.");
        }

        if (!MoneyRules.CanRetry(state))
        {
            return Problems.Conflict("Nothing to retry: no ledger of the document is failed or refused.");
        }

        await signals.SendAsync(durable, key, new SyncSignal(SyncSignalKind.Retry, time.GetUtcNow()), cancellationToken);
        return Results.Json(new { statusUrl = key.StatusUrl }, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>Authorises first (so another tenant learns nothing, not even which ids are valid), then checks the kind (404) and id (400).</summary>
    private IResult? Resolve(HttpRequest request, string tenantId, string kind, string documentId, out MoneyInstanceKey key)
    {
        key = default;
        if (keys.Authorize(request, tenantId).Problem is { } denied)
        {
            return denied;
        }

        if (MoneyInstanceKey.FromRoute(kind) is not { } documentKind)
        {
            return Problems.NotFound($"No '{kind}' documents: use payments, refunds, overpayments, customer-credits or supplier-deposits.");
        }

        if (!DocumentLimits.IsSafeId(documentId))
        {
            return Problems.Invalid(malformed: true, [("id", $"Must be 1-{DocumentLimits.MaxIdLength} characters of A-Z a-z 0-9 . _ - : @ ~ +.")]);
        }

        key = new MoneyInstanceKey(tenantId, documentKind, documentId);
        return null;
    }
}

/// <summary>The money status body: the view's fields, camelCase, states in the API's spelling.</summary>
public static class MoneyStatusJson
{
    public static Dictionary<string, object?> From(MoneyStatusView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new Dictionary<string, object?>
        {
            ["id"] = view.Id,
            ["type"] = Type(view.Kind),
            ["state"] = MoneyStatusView.Wire(view.State),
            ["acceptedAt"] = view.AcceptedAt,
            ["deadline"] = view.Deadline,
            ["late"] = view.Late,
            ["deleted"] = view.Deleted,
            ["ledgers"] = view.Ledgers.Select(Ledger).ToArray(),
        };
    }

    /// <summary>The document's type in the attention list and status body: <c>payment</c>, <c>refund</c>, <c>overpayment</c>, <c>customer_credit</c>, <c>supplier_deposit</c> (the contract's event prefixes).</summary>
    public static string Type(MoneyDocumentKind kind) => kind switch
    {
        MoneyDocumentKind.Payment => "payment",
        MoneyDocumentKind.Refund => "refund",
        MoneyDocumentKind.Overpayment => "overpayment",
        MoneyDocumentKind.CustomerCredit => "customer_credit",
        MoneyDocumentKind.SupplierDeposit => "supplier_deposit",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown money document kind."),
    };

    private static Dictionary<string, object?> Ledger(MoneyBranchView branch) => new()
    {
        ["ledger"] = branch.Ledger.ToString().ToLowerInvariant(),
        ["connectionId"] = branch.ConnectionId,
        ["state"] = MoneyStatusView.Wire(branch.State),
        ["reason"] = branch.Reason,
        ["ledgerId"] = branch.LedgerId,
        ["documents"] = branch.Documents,
        ["duplicateOf"] = branch.DuplicateOf,
        ["syncedAt"] = branch.SyncedAt,
        ["attempts"] = branch.Attempts,
        ["lastError"] = branch.LastError,
        ["nextAttemptAt"] = branch.NextAttemptAt,
        ["applications"] = branch.Applications.Select(a => new Dictionary<string, object?>
        {
            ["applicationId"] = a.ApplicationId,
            ["invoiceNumber"] = a.InvoiceNumber,
            ["amount"] = a.Amount,
            ["state"] = a.LedgerId is null ? "pending" : "applied",
            ["ledgerId"] = a.LedgerId,
        }).ToArray(),
    };
}
