using System.Text.RegularExpressions;

namespace CreditFunctions.Storage.Queues;

/// <summary>Azure Queue limits the workflow relies on (azure-platform.md §3.2, §3.5).</summary>
public static partial class QueueLimits
{
    /// <summary>Get Messages returns 1–32 messages (numofmessages=33 gets 400).</summary>
    public const int MaxReceiveCount = 32;

    /// <summary>Time to live that never expires: the SDK sends whole seconds, and -1 s is the service's "never".</summary>
    public static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    /// <summary>
    /// The Queues SDK sends visibility timeouts and delays in whole seconds, truncating; rounding up first keeps a
    /// message hidden for at least the time asked (a retry never comes early, a lease never runs short).
    /// </summary>
    public static TimeSpan WholeSeconds(TimeSpan value) =>
        value <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Ceiling(value.TotalSeconds));

    /// <summary>Queue names: 3–63 lowercase letters, digits and single dashes, starting and ending with a letter or digit.</summary>
    public static void ValidateQueueName(string? queueName)
    {
        ArgumentNullException.ThrowIfNull(queueName);
        if (queueName.Length is < 3 or > 63 || !QueueNamePattern().IsMatch(queueName))
        {
            throw new ArgumentException(
                $"Queue name '{queueName}' is invalid: use 3–63 lowercase letters, digits and single dashes, starting and ending with a letter or digit.",
                nameof(queueName));
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex QueueNamePattern();
}
