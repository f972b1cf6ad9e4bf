using System.Threading.Channels;
using CreditFunctions.LocalHost.Hosting;
using CreditFunctions.LocalHost.Hosting.SelfHost;
using CreditFunctions.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CreditFunctions.Tests.Hosting.SelfHost;

public sealed class TimerRunnerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_timer_fires_at_each_occurrence_of_the_schedule_when_time_is_moved()
    {
        var clock = new ManualTimeProvider(Start.AddSeconds(20));
        var handler = new ChannelTimerHandler();
        await using var runner = new TimerRunner(new TimerFunction("SweepSyncs", "timer", "0 */1 * * * *", false, true), handler, clock, NullLogger.Instance);
        var armed = Channel.CreateUnbounded<DateTimeOffset>();
        runner.Armed += due => armed.Writer.TryWrite(due);
        runner.Start();

        Assert.Equal(Start.AddMinutes(1), await armed.Reader.ReadAsync().AsTask().WaitAsync(Wait));
        Assert.False(handler.Runs.Reader.TryRead(out _));

        clock.Advance(TimeSpan.FromSeconds(40));
        var first = await handler.Runs.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal("SweepSyncs", first.FunctionName);
        Assert.False(first.IsPastDue);
        Assert.Null(first.Last);
        Assert.Equal(Start.AddMinutes(2), first.Next);

        Assert.Equal(Start.AddMinutes(2), await armed.Reader.ReadAsync().AsTask().WaitAsync(Wait));
        clock.Advance(TimeSpan.FromMinutes(1));
        var second = await handler.Runs.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal(Start.AddMinutes(1), second.Last);
    }

    [Fact]
    public async Task Nothing_runs_before_the_first_occurrence_unless_run_on_startup_is_set()
    {
        var clock = new ManualTimeProvider(Start.AddSeconds(20));
        var handler = new ChannelTimerHandler();
        await using var runner = new TimerRunner(new TimerFunction("SweepSyncs", "timer", "0 */5 * * * *", true, true), handler, clock, NullLogger.Instance);
        var armed = Channel.CreateUnbounded<DateTimeOffset>();
        runner.Armed += due => armed.Writer.TryWrite(due);
        runner.Start();

        var startup = await handler.Runs.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal(Start.AddMinutes(5), startup.Next);
        Assert.Equal(Start.AddMinutes(5), await armed.Reader.ReadAsync().AsTask().WaitAsync(Wait));
    }

    [Fact]
    public async Task A_failing_run_does_not_stop_the_timer()
    {
        var clock = new ManualTimeProvider(Start);
        var handler = new ChannelTimerHandler { Fail = true };
        await using var runner = new TimerRunner(new TimerFunction("SweepSyncs", "timer", "0 */1 * * * *", false, true), handler, clock, NullLogger.Instance);
        var armed = Channel.CreateUnbounded<DateTimeOffset>();
        runner.Armed += due => armed.Writer.TryWrite(due);
        runner.Start();

        await armed.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        clock.Advance(TimeSpan.FromMinutes(1));
        await handler.Runs.Reader.ReadAsync().AsTask().WaitAsync(Wait);

        Assert.Equal(Start.AddMinutes(2), await armed.Reader.ReadAsync().AsTask().WaitAsync(Wait));
    }

    [Fact]
    public void Schedules_have_six_fields_with_seconds_first()
    {
        var schedule = TimerRunner.Parse("30 */1 * * * *");

        Assert.Equal(new DateTime(2026, 11, 20, 10, 0, 30, DateTimeKind.Utc), schedule.GetNextOccurrence(Start.UtcDateTime));
    }

    private sealed class ChannelTimerHandler : ITimerFunctionHandler
    {
        public Channel<TimerInvocation> Runs { get; } = Channel.CreateUnbounded<TimerInvocation>();

        public bool Fail { get; init; }

        public Task RunAsync(TimerInvocation invocation, CancellationToken cancellationToken)
        {
            Runs.Writer.TryWrite(invocation);
            return Fail ? throw new InvalidOperationException("fails on purpose") : Task.CompletedTask;
        }
    }
}
