using System.Diagnostics;
using CreditFunctions.Diagnostics;

namespace CreditFunctions.Tests.Diagnostics;

/// <summary>Ledger calls are client spans (dependencies in Azure Monitor) under the trace of the event that caused them.</summary>
public sealed class SyncTracingTests : IDisposable
{
    private const string Webhook = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private readonly List<Activity> _stopped = [];
    private readonly ActivityListener _listener;

    public SyncTracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TelemetryNames.ActivitySource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Add,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public void A_ledger_call_joins_the_webhooks_trace_and_records_ledger_operation_outcome_and_the_ledgers_request_id()
    {
        using (var span = SyncTracing.StartLedgerCall(Webhook, "myob", "CreateCreditNote", "t1", "cn_1", "t1-myob"))
        {
            SyncTracing.Completed(span, "Throttled", "req-42", 403);
        }

        var call = Assert.Single(_stopped, a => a.TraceId.ToString() == "0af7651916cd43dd8448eb211c80319c");
        Assert.Equal(ActivityKind.Client, call.Kind);
        Assert.Equal("b7ad6b7169203331", call.ParentSpanId.ToString());
        Assert.Equal("myob", call.GetTagItem(TelemetryNames.SpanAttribute.Ledger));
        Assert.Equal("CreateCreditNote", call.GetTagItem(TelemetryNames.SpanAttribute.Operation));
        Assert.Equal("req-42", call.GetTagItem(TelemetryNames.SpanAttribute.RequestId));
        Assert.Equal("cn_1", call.GetTagItem(TelemetryNames.SpanAttribute.CreditNoteId));
        Assert.Equal(ActivityStatusCode.Error, call.Status);
    }

    [Fact]
    public void The_current_span_travels_as_a_w3c_traceparent()
    {
        using var intake = SyncTracing.StartIntake("t1", "cn_1");

        var traceParent = SyncTracing.CurrentTraceParent();

        Assert.Equal($"00-{intake!.TraceId}-{intake.SpanId}-01", traceParent);
    }

    public void Dispose() => _listener.Dispose();
}
