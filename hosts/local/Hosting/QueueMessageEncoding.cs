namespace CreditFunctions.LocalHost.Hosting;

/// <summary>host.json <c>extensions.queues.messageEncoding</c>: <c>base64</c> (the default) or <c>none</c>.</summary>
public enum QueueMessageEncoding
{
    Base64,
    None,
}
