using CreditFunctions.Diagnostics;
using CreditFunctions.Documents;
using CreditFunctions.Ledgers;
using CreditFunctions.Tenants;
using CreditFunctions.Workflow.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Workflow.Durable;

/// <summary>
/// The activities that call a ledger. They run at least once (a crash after the call and before its result is
/// recorded runs them again: durable-local.md), so each write carries its deterministic key (instance + branch +
/// operation + version, <see cref="LedgerWriteKeys"/>), sent as the ledger's idempotency key where it has one, and an
/// unknown outcome comes back <see cref="LedgerFailureKind.Ambiguous"/> so the orchestrator reads back before posting
/// again. Every outcome is a value; these throw only when the document or tenant is missing (a bug).
/// </summary>
public sealed partial class LedgerActivities(
    SyncStore store,
    LedgerConnectors ledgers,
    LedgerCreateBatcher creates,
    ITenantDirectory tenants,
    SyncMetrics metrics,
    WorkflowRandom random,
    IOptions<WorkflowOptions> options,
    TimeProvider time,
    ILogger<LedgerActivities> logger)
{
    public async Task<LedgerCallResult> WriteAsync(LedgerWriteRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var write = request.Write;
        var ledger = SyncStatusView.Wire(request.Ledger);
        using var scope = logger.BeginDocument(request.TenantId, request.CreditNoteId);
        using var span = SyncTracing.StartLedgerCall(request.TraceParent, ledger, write.Operation.ToString(), request.TenantId, request.CreditNoteId, request.ConnectionId);
        // The progress the orchestration handed over (the write under way) is recorded alongside the document's load.
        var recording = request.RecordFirst is { } progress
            ? store.ProjectAsync(Key(progress), SyncStateJson.Deserialize(progress.StateJson), time.GetUtcNow(), SyncTimeline.Rows(Key(progress), progress.Events ?? []), cancellationToken)
            : Task.CompletedTask;
        var loading = RequireDocumentAsync(request.TenantId, request.CreditNoteId, write.Version, cancellationToken);
        await Task.WhenAll(recording, loading);
        var document = await loading;
        var note = write.Date is { } date && write.Allocation is null ? document.CreditNote with { Date = date } : document.CreditNote;
        var connector = ledgers.Get(request.Ledger);
        var outcome = await CallAsync(connector, Connection(request.TenantId, request.ConnectionId), note, write, cancellationToken);
        if (outcome.Failure is { Kind: LedgerFailureKind.Transient, HttpStatus: >= 500 } serverError)
        {
            // A 5xx answer to a write does not prove it was not applied (the ledger may fail after committing):
            // resolve it like a lost response, by reading back before posting again.
            outcome = (null, serverError with { Kind = LedgerFailureKind.Ambiguous });
        }

        var outcomeName = outcome.Failure is null ? TelemetryNames.LedgerCallOutcome.Ok : outcome.Failure.Kind.ToString();
        SyncTracing.Completed(span, outcomeName, outcome.Failure?.RequestId, outcome.Failure?.HttpStatus);
        metrics.LedgerCall(ledger, write.Operation.ToString(), outcomeName);
        Log.LedgerWrite(logger, request.CreditNoteId, request.TenantId, request.ConnectionId, write.Operation, outcomeName);
        return new LedgerCallResult(outcome.Failure is null, outcome.LedgerId, outcome.Failure, random.NextDouble(), At: time.GetUtcNow());
    }

    public async Task<LedgerCallResult> ReadBackAsync(LedgerReadBackRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ledger = SyncStatusView.Wire(request.Ledger);
        using var scope = logger.BeginDocument(request.TenantId, request.CreditNoteId);
        using var span = SyncTracing.StartLedgerCall(request.TraceParent, ledger, "find", request.TenantId, request.CreditNoteId, request.ConnectionId);
        var document = await RequireDocumentAsync(request.TenantId, request.CreditNoteId, request.Version, cancellationToken);

        // Read back the content the write sent, re-dated where it was, so the adapter can tell whether it landed.
        var note = request is { Date: { } date, Operation: LedgerOperation.CreateCreditNote or LedgerOperation.UpdateCreditNote }
            ? document.CreditNote with { Date = date }
            : document.CreditNote;
        LedgerResult<LedgerDocument?> found;
        using (var timeout = CallTimeout(cancellationToken))
        {
            try
            {
                found = await ledgers.Get(request.Ledger).FindCreditNoteAsync(Connection(request.TenantId, request.ConnectionId), note, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                found = new LedgerFailure(LedgerFailureKind.Transient, "The read-back timed out.");
            }
        }

        var outcome = found.Succeeded ? TelemetryNames.LedgerCallOutcome.Ok : found.Failure!.Kind.ToString();
        SyncTracing.Completed(span, outcome, found.Failure?.RequestId, found.Failure?.HttpStatus);
        metrics.LedgerCall(ledger, "find", outcome);
        return new LedgerCallResult(found.Succeeded, null, found.Failure, random.NextDouble(), found.Value, time.GetUtcNow());
    }

    private async Task<(string? LedgerId, LedgerFailure? Failure)> CallAsync(
        ILedgerConnector connector, LedgerConnection connection, CreditNote note, BranchStep.Write write, CancellationToken cancellationToken)
    {
        using var timeout = CallTimeout(cancellationToken);
        try
        {
            switch (write.Operation)
            {
                case LedgerOperation.CreateCreditNote:
                    // Creates for one connection that arrive while its calls are busy share the next call (Xero: 50 a PUT).
                    var created = await creates.CreateAsync(connector, connection, note, write.Key, timeout.Token);
                    return (created.Value?.LedgerDocumentId, created.Failure);
                case LedgerOperation.UpdateCreditNote:
                    var updated = await connector.UpdateCreditNoteAsync(connection, write.LedgerDocumentId!, note, write.Key, timeout.Token);
                    return (updated.Value?.LedgerDocumentId, updated.Failure);
                case LedgerOperation.VoidCreditNote:
                    var voided = await connector.VoidCreditNoteAsync(connection, write.LedgerDocumentId!, write.Key, timeout.Token);
                    return (voided.Value?.LedgerDocumentId, voided.Failure);
                case LedgerOperation.Allocate:
                    var allocation = write.Date is { } date ? write.Allocation! with { Date = date } : write.Allocation!;
                    var allocated = await connector.AllocateAsync(connection, write.LedgerDocumentId!, note, allocation, write.Key, timeout.Token);
                    return (allocated.Value?.AllocationId, allocated.Failure);
                case LedgerOperation.Unallocate:
                    var posted = write.Posted!;
                    var removed = await connector.UnallocateAsync(
                        connection, write.LedgerDocumentId!, note, new LedgerAllocation(posted.AllocationId, posted.InvoiceNumber, posted.Amount, posted.Date), write.Key, timeout.Token);
                    return (removed.Value?.AllocationId, removed.Failure);
                default:
                    throw new InvalidOperationException($"Unknown ledger operation {write.Operation}.");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // We gave up waiting; the ledger may still have applied it. Read back before posting again.
            return (null, new LedgerFailure(LedgerFailureKind.Ambiguous, $"No answer from the ledger within {options.Value.LedgerCallTimeout.TotalSeconds:0} s."));
        }
    }

    private static SyncInstanceKey Key(SyncProgress progress) => new(progress.TenantId, progress.CreditNoteId);

    private async Task<OrderEvent> RequireDocumentAsync(string tenantId, string creditNoteId, long version, CancellationToken cancellationToken) =>
        await store.LoadDocumentAsync(new SyncInstanceKey(tenantId, creditNoteId), version, cancellationToken)
        ?? throw new InvalidOperationException($"Document {tenantId}|{creditNoteId} v{version} is not stored; the instance cannot proceed.");

    /// <summary>The connection as configured now: a reconnect may change the ledger's tenant id, and the next call should use it.</summary>
    private LedgerConnection Connection(string tenantId, string connectionId) =>
        tenants.Find(tenantId)?.Connections.Find(c => c.Id == connectionId)?.ToConnection()
        ?? throw new InvalidOperationException($"Tenant {tenantId} no longer has connection {connectionId}.");

    private CancellationTokenSource CallTimeout(CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(options.Value.LedgerCallTimeout);
        return source;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Credit note {CreditNoteId} of tenant {TenantId}: {Operation} on {ConnectionId}: {Outcome}")]
        public static partial void LedgerWrite(ILogger logger, string creditNoteId, string tenantId, string connectionId, LedgerOperation operation, string outcome);
    }
}
