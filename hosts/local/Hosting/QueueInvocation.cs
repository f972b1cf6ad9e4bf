namespace CreditFunctions.LocalHost.Hosting;

/// <summary>
/// One queue message delivered to a handler. <see cref="MessageText"/> is the decoded text (the JSON the
/// producer wrote), never the base64 wire form. <see cref="DequeueCount"/> starts at 1.
/// </summary>
public sealed record QueueInvocation(
    string FunctionName,
    string QueueName,
    string MessageText,
    string MessageId,
    long DequeueCount,
    DateTimeOffset? InsertionTime,
    DateTimeOffset? NextVisibleTime,
    DateTimeOffset? ExpirationTime,
    string? InvocationId);
