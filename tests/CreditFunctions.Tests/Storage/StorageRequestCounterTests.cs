using System.Diagnostics.Metrics;
using System.Net;
using Azure.Data.Tables;
using CreditFunctions.Storage;
using CreditFunctions.Storage.Queues;
using CreditFunctions.Storage.Tables;

namespace CreditFunctions.Tests.Storage;

public sealed class StorageRequestCounterTests
{
    // Other tests send requests in parallel; only measurements made in this test's async flow are kept.
    private static readonly AsyncLocal<List<(string Service, string Operation, int Status)>?> s_recorded = new();

    [Fact]
    public async Task Every_attempt_of_every_SDK_client_is_counted_with_its_service_operation_and_status()
    {
        using var listener = Listen();
        s_recorded.Value = [];
        var handler = new FakeStorageHandler();
        handler.Answer(HttpStatusCode.NotFound, headers: ("x-ms-error-code", "ResourceNotFound"));
        handler.Answer(HttpStatusCode.ServiceUnavailable);
        handler.Answer(HttpStatusCode.NoContent);
        handler.Answer(HttpStatusCode.NoContent);
        handler.Answer(HttpStatusCode.NoContent);
        var clients = StorageClients.FromConnectionString("UseDevelopmentStorage=true", handler.Configure);
        var table = clients.GetTableClient("counted");

        await table.FindEntityAsync("p", "r");
        await table.UpsertEntityAsync(new TableEntity("p", "r"), TableUpdateMode.Merge);
        await table.UpsertEntityAsync(new TableEntity("p", "r"), TableUpdateMode.Replace);
        await clients.GetQueueClient("counted").TryDeleteMessageAsync("m1", "receipt");

        Assert.Equal(
            [("table", "read", 404), ("table", "merge-upsert", 503), ("table", "merge-upsert", 204), ("table", "replace-upsert", 204), ("queue", "delete", 204)],
            s_recorded.Value);
    }

    [Fact]
    public async Task Each_retry_is_a_billed_request_and_the_default_is_five_retries()
    {
        using var listener = Listen();
        s_recorded.Value = [];
        var handler = new FakeStorageHandler();
        for (var i = 0; i < 7; i++)
        {
            handler.Answer(HttpStatusCode.ServiceUnavailable);
        }

        var queue = StorageClients.FromConnectionString("UseDevelopmentStorage=true", handler.Configure).GetQueueClient("busy");

        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => queue.SendMessageAsync("{}"));

        Assert.Equal(6, handler.Requests.Count);
        Assert.Equal(Enumerable.Repeat(("queue", "send", 503), 6), s_recorded.Value);
    }

    private static MeterListener Listen()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == StorageRequestCounter.MeterName && instrument.Name == StorageRequestCounter.InstrumentName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            string service = "", operation = "";
            var status = -1;
            foreach (var tag in tags)
            {
                switch (tag.Key)
                {
                    case "service": service = (string)tag.Value!; break;
                    case "operation": operation = (string)tag.Value!; break;
                    case "status": status = (int)tag.Value!; break;
                }
            }

            s_recorded.Value?.Add((service, operation, status));
        });
        listener.Start();
        return listener;
    }
}
