using System.Net;
using CreditFunctions.Storage;
using CreditFunctions.Tests.Storage;
using CreditFunctions.TestSupport;
using CreditFunctions.Workflow.Runtime;

namespace CreditFunctions.Tests.Workflow.Runtime;

public sealed class StepQueueTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 4, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1_200, "2")]
    [InlineData(60_000, "60")]
    [InlineData(59_001, "60")]
    public async Task A_retry_step_is_hidden_for_at_least_its_delay_in_whole_seconds(int delayMilliseconds, string visibilityTimeout)
    {
        var (handler, steps) = Steps();

        await steps.SendAsync(new SyncInstanceKey("t1", "cn-1"), "t1-xero", Now.AddMilliseconds(delayMilliseconds), CancellationToken.None);

        var query = System.Web.HttpUtility.ParseQueryString(Assert.Single(handler.Requests).Uri.Query);
        Assert.Equal(visibilityTimeout, query["visibilitytimeout"]);
        Assert.Equal("-1", query["messagettl"]);
    }

    [Fact]
    public async Task A_step_due_now_is_visible_at_once_and_never_expires()
    {
        var (handler, steps) = Steps();

        await steps.SendAsync(new SyncInstanceKey("t1", "cn-1"), "t1-xero", Now.AddSeconds(-5), CancellationToken.None);

        var query = System.Web.HttpUtility.ParseQueryString(Assert.Single(handler.Requests).Uri.Query);
        Assert.Null(query["visibilitytimeout"]);
        Assert.Equal("-1", query["messagettl"]);
    }

    private static (FakeStorageHandler Handler, StepQueue Steps) Steps()
    {
        var handler = new FakeStorageHandler();
        handler.Answer(
            HttpStatusCode.Created,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><QueueMessagesList><QueueMessage><MessageId>m1</MessageId>" +
            "<InsertionTime>Sun, 22 Nov 2026 04:00:00 GMT</InsertionTime><ExpirationTime>Fri, 31 Dec 9999 23:59:59 GMT</ExpirationTime>" +
            "<PopReceipt>r1</PopReceipt><TimeNextVisible>Sun, 22 Nov 2026 04:00:02 GMT</TimeNextVisible></QueueMessage></QueueMessagesList>");
        var queue = StorageClients.FromConnectionString("UseDevelopmentStorage=true", handler.Configure).GetQueueClient("steps");
        return (handler, new StepQueue(queue, new ManualTimeProvider(Now)));
    }
}
