using CreditFunctions.Ledgers;
using Microsoft.DurableTask;

namespace CreditFunctions.Workflow.Durable;

/// <summary>
/// One execution of <see cref="SyncOrchestrator"/>: the fan-out/fan-in loop over the document's branches. Each pass
/// starts what the decider says is due (a write, a read-back, a durable timer until a retry), then waits for whichever
/// finishes first — a ledger call, a timer, a signal, the inbox read, the progress record — and folds its outcome in.
/// <para>
/// Time: the orchestration's clock, kept in step with the app's. Every activity result and signal carries the app's
/// <see cref="TimeProvider"/> reading; when it is ahead, the loop adopts the difference (recorded in history, so
/// replays agree). In Azure the two agree and the offset stays zero; tests that move the app's clock (an SLA breach,
/// a day's limit) move the orchestration's with it, as the old timer-driven runner did.
/// </para>
/// </summary>
internal sealed class SyncLoop(TaskOrchestrationContext context, SyncOrchestrationInput input, SyncState initial)
{
    private readonly Dictionary<string, (Task<LedgerCallResult> Task, LedgerWriteKey Key, bool ReadBack)> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Task Task, DateTimeOffset At)> _timers = new(StringComparer.Ordinal);
    private readonly List<SyncAlert> _alerts = [];
    private readonly List<SyncedBranch> _synced = [];
    private readonly List<SyncTimelineEvent> _events = [];
    private readonly Dictionary<string, int> _activityFailures = new(StringComparer.Ordinal);
    private SyncState _state = initial;
    private bool _dirty;
    private Task<InboxItem?>? _inbox;
    private bool _inboxAgain;
    private Task<DateTimeOffset>? _record;
    private string? _recordingWrite; // the branch whose write carries a projection (LedgerWriteRequest.RecordFirst)
    private SyncProgress? _carried; // what it carries, taken back if the activity throws
    private TimeSpan _offset = input.ClockOffset;
    private Task<SyncSignal>? _signal;
    private (Task Task, DateTimeOffset At)? _slaTimer;
    private int _handled;

    // The trace of the newest event (from the start input or the last inbox signal): in history, so replays agree.
    private string? _traceParent = input.TraceParent;

    private DateTimeOffset OrchestrationNow => new(DateTime.SpecifyKind(context.CurrentUtcDateTime, DateTimeKind.Utc));

    private DateTimeOffset Now => OrchestrationNow + _offset;

    private SyncDocumentRef Document => new(input.TenantId, input.CreditNoteId);

    /// <param name="opened">What the opening activity read on a (re)start; null after ContinueAsNew.</param>
    public async Task<string> RunAsync(SyncOpening? opened)
    {
        if (opened?.Inbox is { } first)
        {
            Accept(first);
        }

        while (true)
        {
            StartDueWork();
            // One projection in flight at a time, so they land in order; alerts do not wait for a write carrying one.
            if (_dirty && _record is null && (_recordingWrite is null || _alerts.Count > 0))
            {
                _record = context.CallActivityAsync<DateTimeOffset>(
                    SyncOrchestration.RecordActivity,
                    new SyncProgress(input.TenantId, input.CreditNoteId, SyncStateJson.Serialize(_state), [.. _alerts], [.. _synced], [.. _events], _traceParent),
                    SyncOrchestrator.Retrying(input.Settings));
                _alerts.Clear();
                _synced.Clear();
                _events.Clear();
                _dirty = false;
            }

            if (_handled >= input.Settings.MaxMessagesPerExecution && _calls.Count == 0 && _inbox is null && _record is null)
            {
                // Nothing in flight: the state is the whole story. Unread signals carry over to the next execution.
                context.ContinueAsNew(input with { StateJson = SyncStateJson.Serialize(_state), ClockOffset = _offset, Opening = null, TraceParent = _traceParent }, preserveUnprocessedEvents: true);
                return "continued";
            }

            _signal ??= context.WaitForExternalEvent<SyncSignal>(SyncOrchestration.SignalEvent);
            var done = await Task.WhenAny(Pending());
            _handled++;
            await HandleAsync(done);
        }
    }

    private IEnumerable<Task> Pending()
    {
        foreach (var call in _calls.Values)
        {
            yield return call.Task;
        }

        foreach (var timer in _timers.Values)
        {
            yield return timer.Task;
        }

        if (_slaTimer is { } sla)
        {
            yield return sla.Task;
        }

        if (_inbox is not null)
        {
            yield return _inbox;
        }

        if (_record is not null)
        {
            yield return _record;
        }

        yield return _signal!;
    }

    /// <summary>Starts, for every branch without a call in flight, what the decider says is due now.</summary>
    private void StartDueWork()
    {
        var now = Now;
        foreach (var branch in _state.Branches)
        {
            if (_calls.ContainsKey(branch.ConnectionId) || branch.Phase != BranchPhase.Active)
            {
                continue;
            }

            switch (SyncDecider.NextStep(_state, branch.ConnectionId, now))
            {
                case BranchStep.Write write:
                    Apply(SyncDecider.Decide(_state, new BeginWrite(branch.ConnectionId, now)));
                    _timers.Remove(branch.ConnectionId);
                    _calls[branch.ConnectionId] = (
                        context.CallActivityAsync<LedgerCallResult>(
                            SyncOrchestration.LedgerWriteActivity,
                            new LedgerWriteRequest(input.TenantId, input.CreditNoteId, branch.ConnectionId, branch.Ledger, write, TakeProgressForWrite(branch.ConnectionId), _traceParent)),
                        write.Key,
                        false);
                    break;
                case BranchStep.ReadBack readBack:
                    var inFlight = branch.InFlight!;
                    _timers.Remove(branch.ConnectionId);
                    _calls[branch.ConnectionId] = (
                        context.CallActivityAsync<LedgerCallResult>(
                            SyncOrchestration.LedgerReadBackActivity,
                            new LedgerReadBackRequest(input.TenantId, input.CreditNoteId, branch.ConnectionId, branch.Ledger, readBack.Key, inFlight.Version, inFlight.Date, readBack.Operation, _traceParent)),
                        readBack.Key,
                        true);
                    break;
                case BranchStep.NotYet notYet:
                    if (!_timers.TryGetValue(branch.ConnectionId, out var timer) || timer.At != notYet.At)
                    {
                        _timers[branch.ConnectionId] = (context.CreateTimer((notYet.At - _offset).UtcDateTime, CancellationToken.None), notYet.At);
                    }

                    break;
                default:
                    _timers.Remove(branch.ConnectionId);
                    break;
            }
        }

        // The SLA timer is armed only while nothing is in flight (waiting on a retry, a signal, an invoice): a call ends
        // within LedgerCallTimeout, and most end the document's work, so a timer armed beside it would be a wasted
        // durable timer and, 30 minutes on, a wasted replay of the whole history. A deadline passed during a call fires
        // at once when it returns; the minute timer's sweep ticks late documents too.
        if (_state.Exists && !_state.IsComplete && _state.SlaBreachedAt is null)
        {
            if (_slaTimer?.At != _state.Deadline && _calls.Count == 0)
            {
                _slaTimer = (context.CreateTimer((_state.Deadline - _offset).UtcDateTime, CancellationToken.None), _state.Deadline);
            }
        }
        else
        {
            _slaTimer = null;
        }
    }

    private async Task HandleAsync(Task done)
    {
        if (done == _signal)
        {
            _signal = null;
            OnSignal(await (Task<SyncSignal>)done);
            return;
        }

        if (done == _inbox)
        {
            _inbox = null;
            if (await (Task<InboxItem?>)done is { } item)
            {
                Accept(item);
            }

            if (_inboxAgain)
            {
                // An event was stored while the read ran: it may have missed it.
                _inboxAgain = false;
                ReadInbox();
            }

            return;
        }

        if (done == _record)
        {
            _record = null;
            Learn(await (Task<DateTimeOffset>)done); // a record that failed every attempt fails the instance; the timer restarts it
            return;
        }

        if (_slaTimer is { } sla && done == sla.Task)
        {
            _slaTimer = null;
            Apply(SyncDecider.Decide(_state, new Tick(Now)));
            return;
        }

        foreach (var (connectionId, timer) in _timers)
        {
            if (timer.Task == done)
            {
                _timers.Remove(connectionId);
                return;
            }
        }

        foreach (var (connectionId, call) in _calls)
        {
            if (call.Task == done)
            {
                _calls.Remove(connectionId);
                if (_recordingWrite == connectionId)
                {
                    _recordingWrite = null;
                    if (call.Task.IsFaulted && _carried is { } carried)
                    {
                        // The activity threw, perhaps before it recorded: its timeline lines go out with the next record
                        // (lines are keyed by event, so one that did land is not written twice).
                        _events.InsertRange(0, carried.Events ?? []);
                        _dirty = true;
                    }

                    _carried = null;
                }

                await OnCallCompletedAsync(connectionId, call.Key, call.ReadBack, call.Task);
                return;
            }
        }
    }

    private async Task OnCallCompletedAsync(string connectionId, LedgerWriteKey key, bool readBack, Task<LedgerCallResult> call)
    {
        var now = Now;
        LedgerCallResult result;
        try
        {
            result = await call;
            if (!readBack)
            {
                _activityFailures.Remove(connectionId); // a read-back between two throwing writes does not reset the count
            }
        }
        catch (TaskFailedException failed)
        {
            // The activity threw (a bug, storage unreachable, the worker dying mid-call): whether the ledger applied the
            // write is unknown, so it is Ambiguous and read back before anything is posted again. One that keeps
            // throwing fails the branch visibly (poisoned) instead of looping for ever.
            var failures = _activityFailures[connectionId] = _activityFailures.GetValueOrDefault(connectionId) + 1;
            var reason = failed.FailureDetails.ErrorMessage;
            if (failures >= input.Settings.ActivityAttempts)
            {
                Apply(SyncDecider.Decide(_state, new MarkPoisoned(connectionId, $"{(readBack ? "Read-back" : "Ledger write")} failed {failures} times: {reason}", now)));
                return;
            }

            var unknown = new LedgerFailure(readBack ? LedgerFailureKind.Transient : LedgerFailureKind.Ambiguous, $"The ledger call did not finish: {reason}");
            result = new LedgerCallResult(false, null, unknown, (failures % 10) / 10d);
        }

        Learn(result.At);
        now = Now;
        SyncCommand command = readBack
            ? new CompleteReadBack(connectionId, key, result.Found, result.Failure, now, result.Jitter)
            : result.Succeeded
                ? CompleteWrite.Success(connectionId, key, result.LedgerId, now)
                : CompleteWrite.Fail(connectionId, key, result.Failure!, now, result.Jitter, result.Failure!.FirstOpenDay);
        Apply(SyncDecider.Decide(_state, command));
    }

    private void OnSignal(SyncSignal signal)
    {
        Learn(signal.At);
        switch (signal.Kind)
        {
            case SyncSignalKind.Inbox:
                _traceParent = signal.TraceParent ?? _traceParent;
                ReadInbox();
                break;
            case SyncSignalKind.Retry when _state.Exists:
                Apply(SyncDecider.Decide(_state, new Retry(Now)));
                break;
            case SyncSignalKind.Restore when _state.Exists && signal.ConnectionId is { } id && _state.Branch(id) is not null:
                Apply(SyncDecider.Decide(_state, new RestoreConnection(id, Now)));
                break;
            case SyncSignalKind.Tick when _state.Exists:
                // Time has passed by the app's clock (learned above): the SLA, and branches whose retry is due.
                Apply(SyncDecider.Decide(_state, new Tick(Now)));
                break;
            default:
                break;
        }
    }

    /// <summary>
    /// The state and timeline lines to record, handed to a write that starts now instead of a record activity of its
    /// own — when there are no alerts or latencies: those go out through the record activity, whose retries never drop
    /// them. A write that throws changes the state again, so the next record carries the whole of it, and its lines are
    /// taken back (see <see cref="HandleAsync"/>).
    /// </summary>
    private SyncProgress? TakeProgressForWrite(string connectionId)
    {
        if (!_dirty || _record is not null || _recordingWrite is not null || _alerts.Count > 0 || _synced.Count > 0)
        {
            return null;
        }

        _dirty = false;
        _recordingWrite = connectionId;
        _carried = new SyncProgress(input.TenantId, input.CreditNoteId, SyncStateJson.Serialize(_state), [], [], [.. _events], _traceParent);
        _events.Clear();
        return _carried;
    }

    private void Accept(InboxItem item) =>
        Apply(SyncDecider.Decide(_state, new AcceptEvent(input.TenantId, input.CreditNoteId, item.Target, item.Policy, item.Connections, item.ReceivedAt)));

    private void ReadInbox()
    {
        if (_inbox is not null)
        {
            _inboxAgain = true;
            return;
        }

        _inbox = context.CallActivityAsync<InboxItem?>(SyncOrchestration.ReadInboxActivity, Document, SyncOrchestrator.Retrying(input.Settings));
    }

    /// <summary>Adopts the app's clock when it is ahead of ours (never goes back).</summary>
    private void Learn(DateTimeOffset appNow)
    {
        if (appNow != default && appNow - OrchestrationNow > _offset)
        {
            _offset = appNow - OrchestrationNow;
        }
    }

    private void Apply(IReadOnlyList<SyncEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        // One event at a time (EvolveAll's fold), so a write's timeline line carries the attempt it opened or continued.
        foreach (var e in events)
        {
            _state = SyncDecider.Evolve(_state, e);
            _events.Add(new SyncTimelineEvent(SyncStateJson.Serialize(e), e is LedgerWriteIntended w ? _state.Branch(w.ConnectionId)?.Attempts : null));
        }

        _dirty = true;
        foreach (var e in events)
        {
            switch (e)
            {
                case AlertRaised alert:
                    _alerts.Add(new SyncAlert(alert.Kind, alert.ConnectionId, alert.Message, alert.At));
                    break;
                case BranchSynced synced when _state.Branch(synced.ConnectionId) is { } branch:
                    _synced.Add(new SyncedBranch(branch.Ledger, synced.At - _state.AcceptedAt));
                    break;
                default:
                    break;
            }
        }
    }
}
