using System.Globalization;
using System.Security;
using System.Text;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace CreditFunctions.Storage.Queues;

/// <summary>
/// A client for one queue over the Queue REST API on Azure.Core's HttpPipeline. Stands in for
/// Azure.Storage.Queues.QueueClient: same operations, Base64 message encoding by default (what the Functions queue
/// trigger expects), pop-receipt refusals as <see cref="QueueMessageOutcome"/> values, every other failure as
/// <see cref="StorageRequestFailedException"/>. Signed with SharedKey as Azure.Storage.Queues does, or an Entra ID token.
/// </summary>
public sealed class QueueClient
{
    private readonly HttpPipeline _pipeline;
    private readonly StorageAccount _account;
    private readonly StorageClientOptions _options;
    private readonly Uri _queueUri;

    public QueueClient(string connectionString, string queueName, StorageClientOptions? options = null)
        : this(StorageAccount.Parse(connectionString), queueName, options)
    {
    }

    /// <summary>Entra ID: the endpoint is the account's queue endpoint, e.g. https://acct.queue.core.windows.net.</summary>
    public QueueClient(Uri endpoint, string queueName, TokenCredential credential, StorageClientOptions? options = null)
        : this(StorageAccount.WithTokenCredential(endpoint, endpoint, credential), queueName, options)
    {
    }

    public QueueClient(Uri endpoint, string queueName, StorageSharedKeyCredential credential, StorageClientOptions? options = null)
        : this(StorageAccount.WithSharedKey(endpoint, endpoint, credential), queueName, options)
    {
    }

    internal QueueClient(StorageAccount account, string queueName, StorageClientOptions? options)
    {
        QueueLimits.ValidateQueueName(queueName);
        Name = queueName;
        _account = account;
        _options = options ?? new StorageClientOptions();
        _queueUri = new Uri(account.QueueEndpoint.AbsoluteUri.TrimEnd('/') + "/" + queueName);
        _pipeline = StoragePipeline.Create(account, _options, SharedKeyScheme.SharedKey, StorageRequestCounter.Queue);
    }

    public string Name { get; }

    /// <summary>Creates the queue; false when it already existed.</summary>
    public async Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Put, string.Empty);
        message.Request.Content = RequestContent.Create(Array.Empty<byte>());
        var response = await StorageResponses.SendAsync(_pipeline, message, cancellationToken);
        return response.Status switch
        {
            201 => true,
            204 or 409 => false,
            _ => throw StorageResponses.Failure(response, $"Create queue {Name}"),
        };
    }

    /// <summary>Deletes the queue; false when it was not there.</summary>
    public async Task<bool> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Delete, string.Empty);
        var response = await StorageResponses.SendAsync(_pipeline, message, cancellationToken);
        return response.Status switch
        {
            204 => true,
            404 => false,
            _ => throw StorageResponses.Failure(response, $"Delete queue {Name}"),
        };
    }

    /// <summary>Sends UTF-8 text (typically JSON), encoded per <see cref="StorageClientOptions.MessageEncoding"/>.</summary>
    public Task<SendReceipt> SendMessageAsync(
        string messageText, TimeSpan? visibilityDelay = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageText);
        return SendMessageAsync(BinaryData.FromString(messageText), visibilityDelay, timeToLive, cancellationToken);
    }

    /// <summary>
    /// Put Message. <paramref name="visibilityDelay"/> hides the message for that long (0–7 days, less than the TTL);
    /// <paramref name="timeToLive"/> defaults to the service's 7 days, <see cref="Timeout.InfiniteTimeSpan"/> = never
    /// expires (azure-platform.md §3.2). Seconds are rounded up. Refused before sending if the encoded message exceeds 64 KiB.
    /// </summary>
    public Task<SendReceipt> SendMessageAsync(
        BinaryData body, TimeSpan? visibilityDelay = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        return SendEncodedAsync(Encode(body), visibilityDelay, timeToLive, cancellationToken);
    }

    /// <summary>Get Messages: up to <paramref name="maxMessages"/> (1–32), hidden from others for <paramref name="visibilityTimeout"/> (1 s–7 days).</summary>
    public async Task<IReadOnlyList<QueueMessage>> ReceiveMessagesAsync(
        int maxMessages = 1, TimeSpan? visibilityTimeout = null, CancellationToken cancellationToken = default)
    {
        if (maxMessages is < 1 or > QueueLimits.MaxReceiveCount)
        {
            throw new ArgumentOutOfRangeException(nameof(maxMessages), maxMessages, "Receive 1–32 messages at a time.");
        }

        using var message = CreateMessage(RequestMethod.Get, "/messages");
        message.Request.Uri.AppendQuery("numofmessages", maxMessages.ToString(CultureInfo.InvariantCulture));
        if (visibilityTimeout is { } visibility)
        {
            message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(visibility, 1, nameof(visibilityTimeout)));
        }

        var response = await StorageResponses.SendAsync(_pipeline, message, cancellationToken);
        if (response.Status != 200)
        {
            throw StorageResponses.Failure(response, $"Receive from {Name}");
        }

        return ParseMessages(response.Content.ToString());
    }

    /// <summary>Makes the message invisible for <paramref name="visibilityTimeout"/> from now (0 = visible at once). Returns the new pop receipt.</summary>
    public async Task<QueueUpdateResult> UpdateVisibilityAsync(
        string messageId, string popReceipt, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Put, "/messages/" + Uri.EscapeDataString(messageId));
        message.Request.Uri.AppendQuery("popreceipt", popReceipt, escapeValue: true);
        message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(visibilityTimeout, 0, nameof(visibilityTimeout)));

        // No body: only the visibility changes (§7.4 pitfall 11). An empty body keeps Content-Length: 0 explicit.
        message.Request.Content = RequestContent.Create(Array.Empty<byte>());
        var response = await StorageResponses.SendAsync(_pipeline, message, cancellationToken);
        if (response.Status == 204)
        {
            response.Headers.TryGetValue("x-ms-popreceipt", out var newReceipt);
            response.Headers.TryGetValue("x-ms-time-next-visible", out var nextVisible);
            return new QueueUpdateResult(QueueMessageOutcome.Succeeded, newReceipt, ParseDate(nextVisible), response.Headers.RequestId);
        }

        return new QueueUpdateResult(Refusal(response, "Update message"), null, null, response.Headers.RequestId);
    }

    /// <summary>Deletes by pop receipt. A stale receipt or a message already gone is a value, not an exception.</summary>
    public async Task<QueueMessageOutcome> DeleteMessageAsync(string messageId, string popReceipt, CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Delete, "/messages/" + Uri.EscapeDataString(messageId));
        message.Request.Uri.AppendQuery("popreceipt", popReceipt, escapeValue: true);
        var response = await StorageResponses.SendAsync(_pipeline, message, cancellationToken);
        return response.Status == 204 ? QueueMessageOutcome.Succeeded : Refusal(response, "Delete message");
    }

    /// <summary>x-ms-approximate-messages-count from Get Queue Metadata: an approximation, for metrics only.</summary>
    public async Task<int> GetApproximateMessageCountAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Get, string.Empty);
        message.Request.Uri.AppendQuery("comp", "metadata");
        var response = await StorageResponses.SendAsync(_pipeline, message, cancellationToken);
        if (response.Status != 200 || !response.Headers.TryGetValue("x-ms-approximate-messages-count", out var count))
        {
            throw StorageResponses.Failure(response, $"Get metadata of {Name}");
        }

        return int.Parse(count, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>The <c>&lt;queue&gt;-poison</c> queue, same account and options.</summary>
    public QueueClient GetPoisonQueueClient() => new(_account, PoisonQueue.NameFor(Name), _options);

    /// <summary>
    /// Copies the message's wire text verbatim into <paramref name="poisonQueue"/> (created if absent; never expires),
    /// then deletes the original. At least once: a crash between the two leaves a copy in both queues, as the Functions
    /// host's own CopyToPoisonQueueAsync does. Returns the delete's outcome.
    /// </summary>
    public async Task<QueueMessageOutcome> MoveToPoisonAsync(QueueMessage message, QueueClient poisonQueue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(poisonQueue);
        await poisonQueue.CreateIfNotExistsAsync(cancellationToken);
        await poisonQueue.SendEncodedAsync(message.MessageText, null, Timeout.InfiniteTimeSpan, cancellationToken);
        return await DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
    }

    internal async Task<SendReceipt> SendEncodedAsync(string encodedText, TimeSpan? visibilityDelay, TimeSpan? timeToLive, CancellationToken cancellationToken)
    {
        QueueLimits.ValidateEncodedMessage(encodedText);
        using var message = CreateMessage(RequestMethod.Post, "/messages");
        if (visibilityDelay is { } delay)
        {
            if (timeToLive is { } ttl && ttl != Timeout.InfiniteTimeSpan && delay >= ttl)
            {
                throw new ArgumentOutOfRangeException(nameof(visibilityDelay), delay, "The visibility delay must be shorter than the time to live.");
            }

            message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(delay, 0, nameof(visibilityDelay)));
        }

        if (timeToLive is { } timeToLiveValue)
        {
            message.Request.Uri.AppendQuery("messagettl", timeToLiveValue == Timeout.InfiniteTimeSpan ? "-1" : TtlSeconds(timeToLiveValue));
        }

        var xml = "<QueueMessage><MessageText>" + SecurityElement.Escape(encodedText) + "</MessageText></QueueMessage>";
        message.Request.Headers.SetValue("Content-Type", "application/xml");
        message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(xml));
        var response = await StorageResponses.SendAsync(_pipeline, message, cancellationToken);
        if (response.Status != 201)
        {
            throw StorageResponses.Failure(response, $"Send to {Name}");
        }

        var sent = XDocument.Parse(response.Content.ToString()).Root?.Element("QueueMessage")
            ?? throw new StorageRequestFailedException(response.Status, null, response.Headers.RequestId, "Put Message answered without a QueueMessage.");
        return new SendReceipt(
            sent.Element("MessageId")?.Value ?? string.Empty,
            sent.Element("PopReceipt")?.Value ?? string.Empty,
            ParseDate(sent.Element("InsertionTime")?.Value) ?? default,
            ParseDate(sent.Element("ExpirationTime")?.Value) ?? default,
            ParseDate(sent.Element("TimeNextVisible")?.Value) ?? default,
            response.Headers.RequestId);
    }

    private string Encode(BinaryData body) => _options.MessageEncoding == QueueMessageEncoding.Base64
        ? Convert.ToBase64String(body.ToMemory().Span)
        : body.ToString();

    private BinaryData? Decode(string text)
    {
        if (_options.MessageEncoding == QueueMessageEncoding.None)
        {
            return BinaryData.FromString(text);
        }

        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? new BinaryData(buffer.AsMemory(0, written)) : null;
    }

    private List<QueueMessage> ParseMessages(string xml)
    {
        var list = new List<QueueMessage>();
        var root = XDocument.Parse(xml).Root;
        if (root is null)
        {
            return list;
        }

        foreach (var m in root.Elements("QueueMessage"))
        {
            var text = m.Element("MessageText")?.Value ?? string.Empty;
            list.Add(new QueueMessage(
                m.Element("MessageId")?.Value ?? string.Empty,
                m.Element("PopReceipt")?.Value ?? string.Empty,
                long.TryParse(m.Element("DequeueCount")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var dequeues) ? dequeues : 0,
                ParseDate(m.Element("InsertionTime")?.Value),
                ParseDate(m.Element("ExpirationTime")?.Value),
                ParseDate(m.Element("TimeNextVisible")?.Value),
                text,
                Decode(text)));
        }

        return list;
    }

    private static QueueMessageOutcome Refusal(Response response, string operation)
    {
        var code = StorageResponses.ErrorCode(response);
        return response.Status switch
        {
            400 when code == "PopReceiptMismatch" => QueueMessageOutcome.PopReceiptMismatch,
            404 when code is null or "MessageNotFound" => QueueMessageOutcome.NotFound,
            _ => throw StorageResponses.Failure(response, operation),
        };
    }

    private HttpMessage CreateMessage(RequestMethod method, string path)
    {
        var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(_queueUri);
        if (path.Length > 0)
        {
            message.Request.Uri.AppendPath(path, escape: false);
        }

        return message;
    }

    private static string Seconds(TimeSpan value, int min, string name)
    {
        var seconds = (long)Math.Ceiling(value.TotalSeconds);
        if (seconds < min || value > QueueLimits.MaxVisibility)
        {
            throw new ArgumentOutOfRangeException(name, value, $"Must be {min} s to 7 days.");
        }

        return seconds.ToString(CultureInfo.InvariantCulture);
    }

    private static string TtlSeconds(TimeSpan value)
    {
        var seconds = (long)Math.Ceiling(value.TotalSeconds);
        if (seconds < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Time to live must be at least 1 s, or Timeout.InfiniteTimeSpan for never.");
        }

        return seconds.ToString(CultureInfo.InvariantCulture);
    }

    private static DateTimeOffset? ParseDate(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d) ? d : null;
}
