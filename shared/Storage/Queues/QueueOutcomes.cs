using Azure;
using Azure.Storage.Queues;

namespace CreditFunctions.Storage.Queues;

/// <summary>Outcome of an operation addressed by pop receipt. The refusals are expected, not exceptions.</summary>
public enum QueueMessageOutcome
{
    Succeeded,

    /// <summary>400 PopReceiptMismatch: the message was received again (or updated) since; this receipt is stale.</summary>
    PopReceiptMismatch,

    /// <summary>404 MessageNotFound: already deleted or expired.</summary>
    NotFound,
}

/// <summary>Update Message's outcome; on success the new pop receipt (the old one stops working, §3.2).</summary>
public sealed record QueueUpdateResult(QueueMessageOutcome Outcome, string? PopReceipt, DateTimeOffset? NextVisibleOn)
{
    public bool Succeeded => Outcome == QueueMessageOutcome.Succeeded;
}

/// <summary>
/// Pop-receipt operations on Azure.Storage.Queues' <see cref="QueueClient"/> with a stale receipt or a vanished message
/// as a <see cref="QueueMessageOutcome"/> (SDK: 400/404 exceptions). A missing queue and every other failure stay
/// <see cref="RequestFailedException"/>.
/// </summary>
public static class QueueOutcomes
{
    /// <summary>Deletes by pop receipt.</summary>
    public static async Task<QueueMessageOutcome> TryDeleteMessageAsync(
        this QueueClient queue, string messageId, string popReceipt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queue);
        try
        {
            await queue.DeleteMessageAsync(messageId, popReceipt, cancellationToken);
            return QueueMessageOutcome.Succeeded;
        }
        catch (RequestFailedException e) when (Refusal(e) is { } outcome)
        {
            return outcome;
        }
    }

    /// <summary>
    /// Makes the message invisible for <paramref name="visibilityTimeout"/> (rounded up to whole seconds) from now
    /// (0 = visible at once) without touching its body. On success, the new pop receipt.
    /// </summary>
    public static async Task<QueueUpdateResult> TryUpdateVisibilityAsync(
        this QueueClient queue, string messageId, string popReceipt, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queue);
        try
        {
            var receipt = (await queue.UpdateMessageAsync(messageId, popReceipt, visibilityTimeout: QueueLimits.WholeSeconds(visibilityTimeout), cancellationToken: cancellationToken)).Value;
            return new QueueUpdateResult(QueueMessageOutcome.Succeeded, receipt.PopReceipt, receipt.NextVisibleOn);
        }
        catch (RequestFailedException e) when (Refusal(e) is { } outcome)
        {
            return new QueueUpdateResult(outcome, null, null);
        }
    }

    private static QueueMessageOutcome? Refusal(RequestFailedException e) => (e.Status, StorageErrors.ErrorCode(e)) switch
    {
        (400, "PopReceiptMismatch") => QueueMessageOutcome.PopReceiptMismatch,
        (404, null or "MessageNotFound") => QueueMessageOutcome.NotFound,
        _ => null,
    };
}
