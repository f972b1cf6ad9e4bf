using System.Diagnostics.Metrics;
using System.Net;
using CreditFunctions.Storage;
using CreditFunctions.Storage.Queues;
using CreditFunctions.Storage.Tables;

namespace CreditFunctions.Tests.Storage;

public sealed class StorageRequestCounterTests
{
    // Other tests send requests in parallel; only measurements made in this test's async flow are kept.
    private static readonly AsyncLocal<List<(string Service, string Operation, int Status)>?> s_recorded = new();

    [Fact]
    public async Task Every_attempt_is_counted_with_its_service_operation_and_status()
    {
        using var listener = Listen();
        s_recorded.Value = [];
        var handler = new FakeStorageHandler();
        handler.Answer(HttpStatusCode.NotFound, """{"odata.error":{"code":"ResourceNotFound","message":{"value":"gone"}}}""", ("x-ms-error-code", "ResourceNotFound"));
        handler.Answer(HttpStatusCode.ServiceUnavailable);
        handler.Answer(HttpStatusCode.NoContent);
        handler.Answer(HttpStatusCode.NoContent);
        var table = new TableClient("UseDevelopmentStorage=true", "counted", handler.Options());
        var queue = new QueueClient("UseDevelopmentStorage=true", "counted", handler.Options());

        await table.GetEntityIfExistsAsync("p", "r");
        await table.UpsertEntityAsync(new TableEntity("p", "r"), TableUpdateMode.Merge);
        await queue.DeleteMessageAsync("m1", "receipt");

        Assert.Equal(
            [("table", "read", 404), ("table", "merge-upsert", 503), ("table", "merge-upsert", 204), ("queue", "delete", 204)],
            s_recorded.Value);
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
