using System.Diagnostics;
using static CreditFunctions.Diagnostics.TelemetryNames;

namespace CreditFunctions.Diagnostics;

/// <summary>
/// The app's spans (activity source <see cref="TelemetryNames.ActivitySource"/>). One trace runs from the webhook to
/// the ledger's confirmation: intake records the W3C <c>traceparent</c> of the request it is serving in the signal (or
/// start input) it sends the document's orchestration, the orchestrator hands the newest one to every activity it
/// calls, and each activity starts its spans under it. The Durable SDK's own trace context would not do: the
/// orchestration lives as long as its document, so later events (amendments, retries) would join the first one's trace.
/// </summary>
public static class SyncTracing
{
    public static readonly ActivitySource Source = new(TelemetryNames.ActivitySource);

    /// <summary>The current span as a W3C traceparent, to carry across the orchestration; null when nothing is traced.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>The intake of one event (child of the webhook's request, or of the queue message's processing).</summary>
    public static Activity? StartIntake(string tenantId, string creditNoteId) =>
        Tagged(Source.StartActivity("accept credit note", ActivityKind.Internal), tenantId, creditNoteId);

    /// <summary>A ledger call, as a dependency (client span) under the trace of the event that caused it.</summary>
    public static Activity? StartLedgerCall(string? traceParent, string ledger, string operation, string tenantId, string creditNoteId, string connectionId)
    {
        var span = Source.StartActivity($"{ledger} {operation}", ActivityKind.Client, Parent(traceParent));
        return Tagged(span, tenantId, creditNoteId)
            ?.SetTag(SpanAttribute.ConnectionId, connectionId)
            .SetTag(SpanAttribute.Ledger, ledger)
            .SetTag(SpanAttribute.Operation, operation);
    }

    /// <summary>Ends a ledger call's span with its outcome and, when the ledger gave one, its request id (quoted to its support).</summary>
    public static void Completed(Activity? span, string outcome, string? requestId, int? httpStatus)
    {
        if (span is null)
        {
            return;
        }

        span.SetTag(SpanAttribute.Outcome, outcome);
        span.SetTag(SpanAttribute.RequestId, requestId);
        span.SetTag(SpanAttribute.HttpStatus, httpStatus);
        span.SetStatus(outcome == LedgerCallOutcome.Ok ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
    }

    /// <summary>The orchestration recording progress (the ledger's confirmation lands here), under the event's trace.</summary>
    public static Activity? StartRecord(string? traceParent, string tenantId, string creditNoteId) =>
        Tagged(Source.StartActivity("record sync progress", ActivityKind.Internal, Parent(traceParent)), tenantId, creditNoteId);

    private static ActivityContext Parent(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent) ? parent : default;

    private static Activity? Tagged(Activity? span, string tenantId, string creditNoteId) =>
        span?.SetTag(SpanAttribute.TenantId, tenantId).SetTag(SpanAttribute.CreditNoteId, creditNoteId);
}
