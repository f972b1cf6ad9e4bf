using Microsoft.Extensions.Logging;
using NCrontab;

namespace CreditFunctions.LocalHost.Hosting.SelfHost;

/// <summary>
/// Self-hosted stand-in for the timer trigger: fires the handler at each occurrence of the functions.metadata
/// six-field NCRONTAB schedule (seconds first), reading time only from <see cref="TimeProvider"/>. Like the
/// host, a run that fails is not retried before the next occurrence, and occurrences missed while a run was
/// still going are collapsed into one past-due run (azure-platform.md §1.2 c).
/// </summary>
internal sealed class TimerRunner : IAsyncDisposable
{
    private readonly TimerFunction _function;
    private readonly ITimerFunctionHandler _handler;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CrontabSchedule _schedule;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private int _disposed;

    public TimerRunner(TimerFunction function, ITimerFunctionHandler handler, TimeProvider time, ILogger logger)
    {
        _function = function;
        _handler = handler;
        _time = time;
        _logger = logger;
        _schedule = Parse(function.Schedule);
    }

    /// <summary>Raised with the due time each time the runner starts waiting; lets tests move time only once it waits.</summary>
    public event Action<DateTimeOffset>? Armed;

    public TimerFunction Function => _function;

    public static CrontabSchedule Parse(string schedule) =>
        CrontabSchedule.Parse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });

    public void Start()
    {
        if (_loop is not null)
        {
            throw new InvalidOperationException("The timer is already started.");
        }

        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync();
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset? last = null;
        if (_function.RunOnStartup && !cancellationToken.IsCancellationRequested)
        {
            await FireAsync(_time.GetUtcNow(), false, last, cancellationToken);
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            var now = _time.GetUtcNow();
            var due = Next(last is { } previous && previous > now ? previous : now);
            HostingLog.TimerArmed(_logger, _function.Name, due, _function.Schedule);
            Armed?.Invoke(due);
            try
            {
                await Task.Delay(due - now, _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // Past due when a whole further occurrence went by before we got to run this one.
            var firedAt = _time.GetUtcNow();
            await FireAsync(due, Next(due) <= firedAt, last, cancellationToken);
            last = due;
        }
    }

    private async Task FireAsync(DateTimeOffset due, bool isPastDue, DateTimeOffset? last, CancellationToken cancellationToken)
    {
        try
        {
            await _handler.RunAsync(new TimerInvocation(_function.Name, isPastDue, last, Next(due)), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            HostingLog.TimerFailed(_logger, _function.Name, due, ex);
        }
    }

    private DateTimeOffset Next(DateTimeOffset after) =>
        new(DateTime.SpecifyKind(_schedule.GetNextOccurrence(after.UtcDateTime), DateTimeKind.Utc));
}
