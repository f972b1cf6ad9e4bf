using CreditFunctions.Workflow.Durable;
using Microsoft.DurableTask;

namespace CreditFunctions.Payments.Workflow;

/// <summary>
/// The orchestration of one money document (docs/payments.md "Workflow"): it only sequences. <see cref="MoneyRules"/>
/// says what each branch does; this calls the step activity it names (branches in parallel), waits on durable timers
/// (retries, re-checks of a missing invoice, the SLA deadline) and signals (Inbox, Retry, Tick), folds every answer back
/// in and records the state. Deterministic: time is the orchestration's clock plus the app's offset learned from activity
/// results (as <c>SyncLoop</c>); no I/O. Lives as long as its document (a delete or an application may come later),
/// continuing as new every <see cref="MoneySettings.MaxMessagesPerExecution"/> handled messages while nothing is in flight.
/// </summary>
public static class MoneyOrchestrator
{
    public static Task<string> RunAsync(TaskOrchestrationContext context, MoneyOrchestrationInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return new MoneyLoop(context, input).RunAsync();
    }

    internal static TaskOptions Retrying(MoneySettings settings) =>
        TaskOptions.FromRetryPolicy(new RetryPolicy(settings.ActivityAttempts, settings.ActivityRetryInterval, backoffCoefficient: 2));
}

internal sealed class MoneyLoop(TaskOrchestrationContext context, MoneyOrchestrationInput input)
{
    private readonly Dictionary<string, (Task<MoneyStepResult> Task, MoneyWork.Call Call)> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Task Task, DateTimeOffset At)> _timers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _threw = new(StringComparer.Ordinal);
    private readonly List<SyncAlert> _alerts = [];
    private MoneyState? _state = input.StateJson is { } json ? MoneyJson.Deserialize(json) : null;
    private TimeSpan _offset = input.ClockOffset;
    private Task<SyncSignal>? _signal;
    private (Task Task, DateTimeOffset At)? _slaTimer;
    private bool _dirty;
    private int _handled;

    private DateTimeOffset OrchestrationNow => new(DateTime.SpecifyKind(context.CurrentUtcDateTime, DateTimeKind.Utc));

    private DateTimeOffset Now => OrchestrationNow + _offset;

    public async Task<string> RunAsync()
    {
        // Every execution reads the inbox first: the signal that started it is not raised as well (MoneySignals), and
        // accepting an event again changes nothing.
        await ReadInboxAsync();

        while (true)
        {
            StartDueWork();
            if (_dirty)
            {
                _dirty = false;
                var progress = new MoneyProgress(MoneyJson.Serialize(_state!), [.. _alerts]);
                _alerts.Clear();
                Learn(await context.CallActivityAsync<DateTimeOffset>(MoneyOrchestration.RecordActivity, progress, MoneyOrchestrator.Retrying(input.Settings)));
                continue; // the record may have moved the clock: what is due may have changed
            }

            if (_handled >= input.Settings.MaxMessagesPerExecution && _calls.Count == 0)
            {
                context.ContinueAsNew(input with { StateJson = _state is null ? null : MoneyJson.Serialize(_state), ClockOffset = _offset }, preserveUnprocessedEvents: true);
                return "continued";
            }

            _signal ??= context.WaitForExternalEvent<SyncSignal>(MoneyOrchestration.SignalEvent);
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

        yield return _signal!;
    }

    private void StartDueWork()
    {
        if (_state is not { } state)
        {
            return;
        }

        var now = Now;
        foreach (var branch in state.Branches)
        {
            if (_calls.ContainsKey(branch.ConnectionId))
            {
                continue;
            }

            switch (MoneyRules.NextWork(state, branch.ConnectionId, now))
            {
                case MoneyWork.Call call:
                    _timers.Remove(branch.ConnectionId);
                    _calls[branch.ConnectionId] = (
                        context.CallActivityAsync<MoneyStepResult>(
                            MoneyOrchestration.StepActivity,
                            new MoneyStepRequest(state.TenantId, state.Kind, state.DocumentId, branch.ConnectionId, branch.Ledger, call.Operation, call.Key, call.ApplicationId, MoneyJson.Serialize(state))),
                        call);
                    break;
                case MoneyWork.NotYet notYet:
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

        // The SLA timer is armed only while nothing is in flight (as SyncLoop): a step ends within the call timeout.
        if (!state.IsComplete && state.SlaAlertedAt is null)
        {
            if (_slaTimer?.At != state.Deadline && _calls.Count == 0)
            {
                _slaTimer = (context.CreateTimer((state.Deadline - _offset).UtcDateTime, CancellationToken.None), state.Deadline);
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
            await OnSignalAsync(await (Task<SyncSignal>)done);
            return;
        }

        if (_slaTimer is { } sla && done == sla.Task)
        {
            _slaTimer = null;
            Tick();
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
                await OnStepCompletedAsync(connectionId, call.Call, call.Task);
                return;
            }
        }
    }

    private async Task OnStepCompletedAsync(string connectionId, MoneyWork.Call call, Task<MoneyStepResult> task)
    {
        (MoneyState State, IReadOnlyList<SyncAlert> Alerts) decided;
        try
        {
            var result = await task;
            _threw.Remove(connectionId);
            Learn(result.At);
            decided = MoneyRules.Complete(_state!, connectionId, call, result, input.Settings, Now);
        }
        catch (TaskFailedException failed)
        {
            // The activity threw (a bug, storage unreachable, the worker dying mid-call): whether the ledger applied the
            // write is unknown, so the rules treat it as Ambiguous until it has thrown too often.
            var times = _threw[connectionId] = _threw.GetValueOrDefault(connectionId) + 1;
            decided = MoneyRules.Threw(_state!, connectionId, call, failed.FailureDetails.ErrorMessage, times, input.Settings, Now);
        }

        Apply(decided.State, decided.Alerts);
    }

    private async Task OnSignalAsync(SyncSignal signal)
    {
        Learn(signal.At);
        switch (signal.Kind)
        {
            case SyncSignalKind.Inbox:
                await ReadInboxAsync();
                break;
            case SyncSignalKind.Retry when _state is not null:
                Apply(MoneyRules.Retry(_state, Now), []);
                break;
            case SyncSignalKind.Tick when _state is not null:
                Tick();
                break;
            default:
                break;
        }
    }

    private async Task ReadInboxAsync()
    {
        var document = new MoneyDocumentRef(input.TenantId, input.Kind, input.DocumentId);
        if (await context.CallActivityAsync<MoneyInbox?>(MoneyOrchestration.ReadInboxActivity, document, MoneyOrchestrator.Retrying(input.Settings)) is not { } inbox)
        {
            return;
        }

        Learn(inbox.At);
        var state = _state;
        foreach (var item in inbox.Events)
        {
            state = MoneyRules.Accept(state, input.TenantId, MoneyJson.DeserializeEvent(item.EventJson), inbox.Policy, item.ReceivedAt);
        }

        if (state is not null)
        {
            Apply(state, []);
        }
    }

    private void Tick()
    {
        if (_state is not null)
        {
            var (state, alerts) = MoneyRules.Tick(_state, Now);
            Apply(state, alerts);
        }
    }

    private void Apply(MoneyState state, IReadOnlyList<SyncAlert> alerts)
    {
        _dirty |= !ReferenceEquals(state, _state) || alerts.Count > 0;
        _state = state;
        _alerts.AddRange(alerts);
    }

    /// <summary>Adopts the app's clock when it is ahead of ours (never goes back).</summary>
    private void Learn(DateTimeOffset appNow)
    {
        if (appNow != default && appNow - OrchestrationNow > _offset)
        {
            _offset = appNow - OrchestrationNow;
        }
    }
}
