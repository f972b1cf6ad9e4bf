using CreditFunctions.Workflow.Durable;
using CreditFunctions.Diagnostics;
using CreditFunctions.Documents;
using CreditFunctions.Payments.Workflow;
using CreditFunctions.Tenants;

namespace CreditFunctions.Workflow.Runtime;

/// <summary>
/// Takes one order event in, from the webhook (signed) or the bulk queue (trusted: the queue itself is
/// authorised), validates it whole and stores it durably before anyone is told "accepted". No ledger is called here.
/// </summary>
/// <remarks>A money event (<see cref="OrderEventReadResult.Money"/>) goes to <see cref="MoneyIntake"/> (docs/payments.md).</remarks>
public sealed class OrderEventIntake(ITenantDirectory tenants, SyncIntake sync, SyncMetrics metrics, TimeProvider time, MoneyIntake? money = null)
{
    /// <summary>A webhook: the tenant's HMAC over the exact bytes received must match (contracts/order-events.md).</summary>
    public Task<IntakeResult> ReceiveSignedAsync(string tenantId, ReadOnlyMemory<byte> body, string? signatureHeader, CancellationToken cancellationToken) =>
        ReceiveAsync(tenantId, body, signatureHeader, "webhook", cancellationToken);

    /// <summary>The bulk feed: not signed, because only holders of the storage account can put messages on the queue.</summary>
    public Task<IntakeResult> ReceiveTrustedAsync(string tenantId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken) =>
        ReceiveAsync(tenantId, body, null, "queue", cancellationToken);

    /// <param name="signatureHeader">Checked when <paramref name="source"/> is the webhook; null for the trusted queue.</param>
    private async Task<IntakeResult> ReceiveAsync(
        string tenantId, ReadOnlyMemory<byte> body, string? signatureHeader, string source, CancellationToken cancellationToken)
    {
        if (tenants.Find(tenantId) is not { } tenant)
        {
            metrics.EventRejected(source, "unknown-tenant");
            return new IntakeResult.UnknownTenant();
        }

        if (source == "webhook")
        {
            var check = WebhookSignature.Verify(signatureHeader, body.Span, tenant.WebhookSecret, time.GetUtcNow());
            if (!check.IsValid)
            {
                metrics.EventRejected(source, "signature-" + check.Failure!.Value.ToString().ToLowerInvariant());
                return new IntakeResult.BadSignature(check.Failure.Value);
            }
        }

        var read = OrderEventReader.Read(body);
        if (!read.Succeeded)
        {
            metrics.EventRejected(source, read.Problem!.IsMalformed ? "malformed" : "invalid");
            return new IntakeResult.Invalid(read.Problem);
        }

        if (read.Money is { } moneyEvent)
        {
            var intake = money ?? throw new InvalidOperationException("A money event was read but the money workflow is not registered.");
            var accepted = await intake.AcceptAsync(tenant, moneyEvent, cancellationToken);
            if (accepted.Outcome == AcceptOutcome.Accepted)
            {
                metrics.EventAccepted(source);
            }

            return new IntakeResult.Accepted(moneyEvent.Id, moneyEvent.DocumentId, accepted.Outcome, accepted.Key.StatusUrl);
        }

        var orderEvent = read.Event!;
        var outcome = await sync.AcceptAsync(tenant, orderEvent, cancellationToken);
        if (outcome == AcceptOutcome.Accepted)
        {
            metrics.EventAccepted(source);
        }

        return new IntakeResult.Accepted(orderEvent.Id, orderEvent.CreditNote.Id, outcome);
    }
}

/// <summary>What intake made of one event; entry points map it to HTTP or queue outcomes.</summary>
public abstract record IntakeResult
{
    private IntakeResult()
    {
    }

    /// <param name="CreditNoteId">The document's id (a credit note's, or a money document's).</param>
    /// <param name="StatusUrl">A money document's status URL; null for a credit note (its URL is the credit-note status route).</param>
    public sealed record Accepted(string EventId, string CreditNoteId, AcceptOutcome Outcome, string? StatusUrl = null) : IntakeResult;

    public sealed record UnknownTenant : IntakeResult;

    public sealed record BadSignature(SignatureFailure Failure) : IntakeResult;

    public sealed record Invalid(ValidationProblem Problem) : IntakeResult;
}
