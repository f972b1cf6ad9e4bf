using CreditFunctions.Alerts;
using CreditFunctions.Diagnostics;
using CreditFunctions.Ledgers;
using CreditFunctions.Tenants;
using CreditFunctions.Workflow.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Payments.Workflow;

/// <summary>
/// The money workflow's activities: read the inbox, record progress (state row, alerts), run one ledger step. They run
/// at least once; every step looks before it posts under its deterministic key, and every outcome is a value
/// (<see cref="MoneyStepResult"/>). They throw only for bugs and unreachable storage.
/// </summary>
public sealed partial class MoneyActivities(
    MoneyStore store,
    SyncStore credits,
    MoneyLedgers money,
    LedgerConnectors connectors,
    ITenantDirectory tenants,
    AlertPublisher alerts,
    WorkflowRandom random,
    IOptions<WorkflowOptions> options,
    TimeProvider time,
    ILogger<MoneyActivities> logger)
{
    private readonly MoneySteps _steps = new(store, credits, money, connectors);

    /// <summary>Every recorded event of the document with the tenant's policy and connections now; null when the tenant is gone.</summary>
    public async Task<MoneyInbox?> ReadInboxAsync(MoneyDocumentRef document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (tenants.Find(document.TenantId) is not { } tenant)
        {
            return null;
        }

        var events = await store.EventsAsync(document.Key, cancellationToken);
        return new MoneyInbox([.. events.Select(e => new MoneyInboxEvent(MoneyJson.Serialize(e.Event), e.ReceivedAt))], Policy(tenant), time.GetUtcNow());
    }

    /// <summary>Records the state and publishes its alerts; returns the app's clock (the orchestration keeps step with it).</summary>
    public async Task<DateTimeOffset> RecordAsync(MoneyProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var state = MoneyJson.Deserialize(progress.StateJson);
        using var scope = logger.BeginDocument(state.TenantId, state.DocumentId);
        await store.ProjectAsync(state, time.GetUtcNow(), cancellationToken);
        foreach (var alert in progress.Alerts)
        {
            await alerts.PublishAsync(new Alert(alert.Kind, state.TenantId, state.DocumentId, alert.ConnectionId, alert.Message, alert.At), cancellationToken);
        }

        return time.GetUtcNow();
    }

    /// <summary>One ledger step of one branch, cancelled after <see cref="WorkflowOptions.LedgerCallTimeout"/> and then reported <see cref="LedgerFailureKind.Ambiguous"/>.</summary>
    public async Task<MoneyStepResult> StepAsync(MoneyStepRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = MoneyJson.Deserialize(request.StateJson);
        using var scope = logger.BeginDocument(request.TenantId, request.DocumentId);
        var connection = tenants.Find(request.TenantId)?.Connections.Find(c => c.Id == request.ConnectionId)?.ToConnection()
            ?? throw new InvalidOperationException($"Tenant {request.TenantId} no longer has connection {request.ConnectionId}.");
        MoneyStepResult result;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(options.Value.LedgerCallTimeout);
            try
            {
                result = await _steps.RunAsync(request, state, connection, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                result = MoneyStepResult.Failed(new LedgerFailure(LedgerFailureKind.Ambiguous, $"No answer from the ledger within {options.Value.LedgerCallTimeout.TotalSeconds:0} s."));
            }
        }

        Log.Step(logger, request.DocumentId, request.TenantId, request.Operation, request.ConnectionId, result.Outcome, result.Failure?.Kind);
        return result with { Jitter = random.NextDouble(), At = time.GetUtcNow() };
    }

    /// <summary>The tenant's payment mode, deadline and connections as configured now.</summary>
    public static MoneyPolicy Policy(TenantOptions tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return new MoneyPolicy(tenant.PaymentMode, tenant.SyncDeadline, [.. tenant.Connections.Select(c => c.ToConnection())]);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2400, Level = LogLevel.Information, Message = "Money document {DocumentId} of tenant {TenantId}: {Operation} on {ConnectionId}: {Outcome} {FailureKind}")]
        public static partial void Step(ILogger logger, string documentId, string tenantId, MoneyOperation operation, string connectionId, MoneyStepOutcome outcome, LedgerFailureKind? failureKind);
    }
}
