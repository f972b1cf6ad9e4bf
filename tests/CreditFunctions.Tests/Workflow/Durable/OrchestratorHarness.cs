using System.Collections.Concurrent;
using CreditFunctions.Ledgers;
using CreditFunctions.Workflow;
using CreditFunctions.Workflow.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace CreditFunctions.Tests.Workflow.Durable;

/// <summary>
/// The real <see cref="SyncOrchestrator"/> on the SDK's in-process test host, with scripted activities in place of the
/// ledger and the store: <see cref="Ledger"/> answers each write in turn, <see cref="Recorded"/> keeps what the
/// orchestration recorded. The host has no virtual clock: retries are short because the scripted jitter is small.
/// </summary>
internal sealed class OrchestratorHarness : IAsyncDisposable
{
    private readonly DurableTaskTestHost _host;

    private OrchestratorHarness(DurableTaskTestHost host, ScriptedActivities activities)
    {
        _host = host;
        Activities = activities;
    }

    public ScriptedActivities Activities { get; }

    public DurableTaskClient Client => _host.Client;

    public static readonly SyncSettings FastSettings = new() { ActivityRetryInterval = TimeSpan.FromMilliseconds(50), ActivityAttempts = 3 };

    public static async Task<OrchestratorHarness> StartAsync(ScriptedActivities activities)
    {
        var host = await DurableTaskTestHost.StartAsync(r =>
        {
            r.AddOrchestratorFunc<SyncOrchestrationInput, string>(SyncOrchestration.Name, SyncOrchestrator.RunAsync);
            r.AddActivityFunc<SyncDocumentRef, InboxItem?>(SyncOrchestration.ReadInboxActivity, (_, _) => activities.ReadInbox());
            r.AddActivityFunc<SyncProgress, DateTimeOffset>(SyncOrchestration.RecordActivity, (_, p) => activities.Record(p));
            r.AddActivityFunc<LedgerWriteRequest, LedgerCallResult>(SyncOrchestration.LedgerWriteActivity, (_, w) => activities.Write(w));
            r.AddActivityFunc<LedgerReadBackRequest, LedgerCallResult>(SyncOrchestration.LedgerReadBackActivity, (_, r) => activities.ReadBack(r));
        });
        return new OrchestratorHarness(host, activities);
    }

    public string InstanceId => SyncOrchestration.InstanceId(WorkflowSamples.Tenant, WorkflowSamples.Doc);

    public async Task StartAsync(SyncSettings? settings = null) =>
        await Client.ScheduleNewOrchestrationInstanceAsync(
            SyncOrchestration.Name,
            new SyncOrchestrationInput(WorkflowSamples.Tenant, WorkflowSamples.Doc, settings ?? FastSettings, Opening: Activities.Open()),
            new StartOrchestrationOptions(InstanceId));

    public Task SignalAsync(SyncSignalKind kind, string? connectionId = null) =>
        Client.RaiseEventAsync(InstanceId, SyncOrchestration.SignalEvent, new SyncSignal(kind, WorkflowSamples.T0, connectionId));

    /// <summary>Waits (polling what the orchestration recorded, as the status API would) until <paramref name="until"/> holds.</summary>
    public async Task<SyncState> RecordedAsync(Func<SyncState, bool> until)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        using var ticker = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (Activities.Latest is { } state && until(state))
            {
                return state;
            }

            await ticker.WaitForNextTickAsync();
        }

        throw new TimeoutException("The orchestration never recorded the expected state; last: " + (Activities.Latest is { } last ? SyncStateJson.Serialize(last) : "none"));
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();
}

/// <summary>The activities as scripts: an inbox, a stored state, ledger answers in order.</summary>
internal sealed class ScriptedActivities
{
    private readonly ConcurrentQueue<Func<LedgerWriteRequest, LedgerCallResult>> _answers = new();
    private readonly ConcurrentQueue<LedgerWriteRequest> _writes = new();
    private readonly ConcurrentQueue<LedgerReadBackRequest> _readBacks = new();
    private readonly ConcurrentQueue<SyncAlert> _alerts = new();
    private readonly ConcurrentQueue<SyncTimelineEvent> _timeline = new();
    private readonly ConcurrentQueue<SyncProgress> _progress = new();
    private volatile SyncState? _latest;
    private volatile InboxItem? _inbox;
    private int _records;

    public string StoredState { get; set; } = SyncStateJson.Serialize(SyncState.Initial);

    public SyncState? Latest => _latest;

    public IReadOnlyList<LedgerWriteRequest> Writes => [.. _writes];

    public IReadOnlyList<LedgerReadBackRequest> ReadBacks => [.. _readBacks];

    public IReadOnlyList<SyncAlert> Alerts => [.. _alerts];

    /// <summary>The events every record carried for the timeline, in the order recorded.</summary>
    public IReadOnlyList<SyncTimelineEvent> Timeline => [.. _timeline];
    /// <summary>Everything the orchestration recorded, in order.</summary>
    public IReadOnlyList<SyncProgress> Progress => [.. _progress];

    public int Records => Volatile.Read(ref _records);

    public LedgerDocument? ReadBackFinds { get; set; }

    public void Inbox(DocumentTarget target, SyncPolicy? policy = null, params BranchConnection[] connections) =>
        _inbox = new InboxItem(target, policy ?? WorkflowSamples.Allocate, connections.Length == 0 ? [WorkflowSamples.XeroConnection] : connections, WorkflowSamples.T0);

    /// <summary>The next write's answer; writes past the script succeed with a fresh ledger id.</summary>
    public void Then(Func<LedgerWriteRequest, LedgerCallResult> answer) => _answers.Enqueue(answer);

    public static LedgerCallResult Ok(string ledgerId) => new(true, ledgerId, null, 0.01);

    public static LedgerCallResult Fails(LedgerFailureKind kind, string message = "ledger says no") => new(false, null, new LedgerFailure(kind, message), 0.01);

    /// <summary>What a starter reads (<c>SyncSignals</c>): the stored state and the inbox.</summary>
    public SyncOpening Open() => new(StoredState, _inbox);

    public Task<InboxItem?> ReadInbox() => Task.FromResult(_inbox);

    /// <summary>Returns no app time (default): the orchestration keeps its own clock.</summary>
    public Task<DateTimeOffset> Record(SyncProgress progress)
    {
        foreach (var alert in progress.Alerts)
        {
            _alerts.Enqueue(alert);
        }

        foreach (var decided in progress.Events ?? [])
        {
            _timeline.Enqueue(decided);
        }

        _progress.Enqueue(progress);
        _latest = SyncStateJson.Deserialize(progress.StateJson);
        Interlocked.Increment(ref _records);
        return Task.FromResult(default(DateTimeOffset));
    }

    /// <summary>Records what the write carries first, as the real activity does (LedgerWriteRequest.RecordFirst).</summary>
    public Task<LedgerCallResult> Write(LedgerWriteRequest request)
    {
        if (request.RecordFirst is { } progress)
        {
            _ = Record(progress); // completes synchronously
        }

        _writes.Enqueue(request);
        return Task.FromResult(_answers.TryDequeue(out var answer) ? answer(request) : Ok(WorkflowSamples.LedgerDocId));
    }

    public Task<LedgerCallResult> ReadBack(LedgerReadBackRequest request)
    {
        _readBacks.Enqueue(request);
        return Task.FromResult(new LedgerCallResult(true, null, null, 0.01, ReadBackFinds));
    }
}
