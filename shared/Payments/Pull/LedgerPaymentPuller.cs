using System.Runtime.CompilerServices;
using CreditFunctions.Alerts;
using CreditFunctions.Ledgers;
using CreditFunctions.Tenants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreditFunctions.Payments.Pull;

/// <summary>
/// Pull mode's first half (docs/pull-mode.md "A run"): for each tenant whose payment mode pulls and each connection
/// whose ledger has a money adapter, asks the ledger for payments changed since the stored cursor, records each one not
/// made by this service in the outbox (insert if absent: once each), and only then moves the cursor. A crash between
/// the two repeats the pull from the old cursor and finds every change recorded already.
/// </summary>
public sealed partial class LedgerPaymentPuller(
    ITenantDirectory tenants,
    MoneyLedgers ledgers,
    PulledPaymentStore store,
    AlertPublisher alerts,
    TimeProvider time,
    IOptions<PaymentPullOptions> options,
    ILogger<LedgerPaymentPuller> logger)
{
    public const string AlertDocumentId = "pulled-payments";

    public async Task<PullSummary> PullAsync(CancellationToken cancellationToken)
    {
        var targets = tenants.All
            .Where(t => PaymentPullRules.Pulls(t.PaymentMode))
            .SelectMany(t => t.Connections.Select(c => (Tenant: t, Connection: c.ToConnection())))
            .Where(x => ledgers.Serves(x.Connection.Ledger))
            .ToList();
        var pulled = 0;
        var recorded = new StrongBox<int>();
        var stopped = 0;
        await Parallel.ForEachAsync(
            targets,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.Concurrency), CancellationToken = cancellationToken },
            async (target, ct) =>
            {
                try
                {
                    var outcome = await PullConnectionAsync(target.Tenant, target.Connection, recorded, ct);
                    if (outcome == ConnectionOutcome.Pulled)
                    {
                        Interlocked.Increment(ref pulled);
                    }
                    else if (outcome == ConnectionOutcome.Stopped)
                    {
                        Interlocked.Increment(ref stopped);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    // One connection's storage or adapter fault must not stop the others; its cursor did not move, so the
                    // next run pulls the same changes again and finds the ones recorded here.
                    Interlocked.Increment(ref stopped);
                    PullFailed(logger, target.Connection.ConnectionId, target.Tenant.Id, e);
                }
            });
        return new PullSummary(targets.Count, pulled, recorded.Value, stopped);
    }

    /// <param name="recorded">Counts changes newly recorded, as they are: a connection that fails after recording some still counts them.</param>
    private async Task<ConnectionOutcome> PullConnectionAsync(TenantOptions tenant, LedgerConnection connection, StrongBox<int> recorded, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var cursor = await store.LoadCursorAsync(tenant.Id, connection.ConnectionId, cancellationToken);
        if (!PaymentPullRules.IsDue(cursor.LastPulledAt, now, options.Value.Interval))
        {
            return ConnectionOutcome.NotDue;
        }

        var result = await ledgers.Get(connection.Ledger).PaymentsChangedSinceAsync(connection, cursor.Since, cancellationToken);
        if (result.Failure is { } failure)
        {
            PullStopped(logger, connection.ConnectionId, tenant.Id, failure.Kind, failure.Message);
            if (PaymentPullRules.AlertsOnFailure(failure.Kind, cursor.AuthLostAlertedAt is not null))
            {
                await alerts.PublishAsync(
                    new Alert(AlertKind.ConnectionLost, tenant.Id, AlertDocumentId, connection.ConnectionId, $"Payments made in the ledger are not pulled until the connection is reconnected: {failure.Message}", now),
                    cancellationToken);
                await store.SaveCursorAsync(tenant.Id, connection.ConnectionId, cursor, cursor with { AuthLostAlertedAt = now }, cancellationToken);
            }

            return ConnectionOutcome.Stopped;
        }

        var changes = result.Value!;
        var send = tenant.PaymentWebhookUrl is not null && !string.IsNullOrEmpty(tenant.PaymentWebhookSecret);
        var newlyRecorded = 0;
        foreach (var payment in PaymentPullRules.ToRecord(changes.Payments))
        {
            if (await store.RecordAsync(tenant.Id, LedgerPaymentEvent.From(connection, payment), send, now, cancellationToken))
            {
                newlyRecorded++;
                Interlocked.Increment(ref recorded.Value);
            }
        }

        // Only after every change is in the outbox: a crash before this line pulls them again, and finds them recorded.
        if (!await store.SaveCursorAsync(tenant.Id, connection.ConnectionId, cursor, new PullCursor(changes.Cursor, now, null, default), cancellationToken))
        {
            CursorRaced(logger, connection.ConnectionId, tenant.Id);
        }

        Pulled(logger, connection.ConnectionId, tenant.Id, changes.Payments.Count, newlyRecorded);
        return ConnectionOutcome.Pulled;
    }

    private enum ConnectionOutcome
    {
        NotDue,
        Pulled,
        Stopped,
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Connection {ConnectionId} of tenant {TenantId}: pulled {Changed} changed payment(s), {Recorded} new in the outbox")]
    private static partial void Pulled(ILogger logger, string connectionId, string tenantId, int changed, int recorded);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Connection {ConnectionId} of tenant {TenantId}: payment pull stopped for this run ({Kind}): {LedgerMessage}")]
    private static partial void PullStopped(ILogger logger, string connectionId, string tenantId, LedgerFailureKind kind, string ledgerMessage);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Error, Message = "Connection {ConnectionId} of tenant {TenantId}: payment pull failed; the cursor stays and the next run pulls again")]
    private static partial void PullFailed(ILogger logger, string connectionId, string tenantId, Exception exception);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Connection {ConnectionId} of tenant {TenantId}: another run moved the payment cursor first")]
    private static partial void CursorRaced(ILogger logger, string connectionId, string tenantId);
}

/// <summary>One pull run: connections in pull mode with a money adapter, how many were pulled, changes newly recorded, connections stopped.</summary>
public sealed record PullSummary(int Connections, int Pulled, int Recorded, int Stopped);
