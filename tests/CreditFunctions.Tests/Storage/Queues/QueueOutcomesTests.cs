using System.Net;
using CreditFunctions.Storage;
using CreditFunctions.Storage.Queues;

namespace CreditFunctions.Tests.Storage.Queues;

public sealed class QueueOutcomesTests
{
    [Theory]
    [InlineData(1_500, "2")]
    [InlineData(30_000, "30")]
    [InlineData(0, "0")]
    public async Task A_visibility_update_hides_the_message_for_at_least_the_time_asked(int milliseconds, string sent)
    {
        var handler = new FakeStorageHandler();
        handler.Answer(HttpStatusCode.NoContent, headers: [("x-ms-popreceipt", "r2"), ("x-ms-time-next-visible", "Sun, 22 Nov 2026 04:00:02 GMT")]);
        var queue = StorageClients.FromConnectionString("UseDevelopmentStorage=true", handler.Configure).GetQueueClient("leases");

        var updated = await queue.TryUpdateVisibilityAsync("m1", "r1", TimeSpan.FromMilliseconds(milliseconds));

        Assert.Equal(("r2", QueueMessageOutcome.Succeeded), (updated.PopReceipt, updated.Outcome));
        Assert.Equal(sent, System.Web.HttpUtility.ParseQueryString(Assert.Single(handler.Requests).Uri.Query)["visibilitytimeout"]);
    }
}
