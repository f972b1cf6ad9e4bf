using System.Text.RegularExpressions;

namespace CreditFunctions.Storage.Queues;

/// <summary>Azure Queue limits, checked before any request (azure-platform.md §3.2, §3.5, §7.4 pitfall 11).</summary>
public static partial class QueueLimits
{
    /// <summary>An encoded message (the text inside MessageText) is at most 64 KiB.</summary>
    public const int MaxMessageBytes = 64 * 1024;

    /// <summary>So at most 48 KiB of body under Base64 encoding.</summary>
    public const int MaxBase64BodyBytes = MaxMessageBytes / 4 * 3;

    /// <summary>Get Messages returns 1–32 messages (numofmessages=33 gets 400).</summary>
    public const int MaxReceiveCount = 32;

    /// <summary>Visibility timeouts and delays up to 7 days.</summary>
    public static readonly TimeSpan MaxVisibility = TimeSpan.FromDays(7);

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

    public static void ValidateEncodedMessage(string encodedText)
    {
        var bytes = System.Text.Encoding.UTF8.GetByteCount(encodedText);
        if (bytes > MaxMessageBytes)
        {
            throw new ArgumentException(
                $"The encoded message is {bytes:N0} bytes; Azure Queue allows {MaxMessageBytes:N0} (64 KiB; 48 KiB of body under base64). Store the payload in a table (LargePayloadStore) and send its key.",
                nameof(encodedText));
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex QueueNamePattern();
}
