namespace CreditFunctions.LocalHost.Hosting;

/// <summary>
/// One timer occurrence. <see cref="Last"/> and <see cref="Next"/> come from the host's ScheduleStatus,
/// which is null when schedule monitoring is off (azure-platform.md §1.2 c), hence nullable.
/// </summary>
public sealed record TimerInvocation(string FunctionName, bool IsPastDue, DateTimeOffset? Last, DateTimeOffset? Next);
