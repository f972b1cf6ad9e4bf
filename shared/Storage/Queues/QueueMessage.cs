namespace CreditFunctions.Storage.Queues;

/// <summary>
/// A received message (as Azure.Storage.Queues.Models.QueueMessage). <see cref="MessageText"/> is the text on the wire;
/// <see cref="Body"/> is it decoded under the client's <see cref="QueueMessageEncoding"/>, or null when it could not be
/// decoded (e.g. not base64): such a message cannot be processed and belongs in the poison queue.
/// </summary>
public sealed record QueueMessage(
    string MessageId,
    string PopReceipt,
    long DequeueCount,
    DateTimeOffset? InsertedOn,
    DateTimeOffset? ExpiresOn,
    DateTimeOffset? NextVisibleOn,
    string MessageText,
    BinaryData? Body);

/// <summary>What Put Message returned (as Azure.Storage.Queues.Models.SendReceipt).</summary>
public sealed record SendReceipt(
    string MessageId,
    string PopReceipt,
    DateTimeOffset InsertedOn,
    DateTimeOffset ExpiresOn,
    DateTimeOffset NextVisibleOn,
    string? RequestId);

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
public sealed record QueueUpdateResult(QueueMessageOutcome Outcome, string? PopReceipt, DateTimeOffset? NextVisibleOn, string? RequestId)
{
    public bool Succeeded => Outcome == QueueMessageOutcome.Succeeded;
}
