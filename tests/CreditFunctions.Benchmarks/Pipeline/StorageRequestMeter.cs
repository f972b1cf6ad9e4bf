using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using CreditFunctions.Storage;

namespace CreditFunctions.Benchmarks.Pipeline;

/// <summary>
/// Listens to <c>creditfunctions.storage.requests</c> (every Storage request the process sends) and keeps totals per
/// service/operation, plus the moment of the last request that was not an empty-queue poll, so a run can tell when the
/// app has gone quiet (only its listeners' receives left).
/// </summary>
internal sealed class StorageRequestMeter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Service, string Operation), long> _counts = new();
    private long _total;
    private long _lastWorkTimestamp = Stopwatch.GetTimestamp();

    public StorageRequestMeter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StorageRequestCounter.MeterName && instrument.Name == StorageRequestCounter.InstrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    /// <summary>When the last request other than a queue receive was sent (Stopwatch timestamp).</summary>
    public long LastWorkTimestamp => Interlocked.Read(ref _lastWorkTimestamp);

    public IReadOnlyDictionary<(string Service, string Operation), long> Snapshot() => new Dictionary<(string, string), long>(_counts);

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        string service = "", operation = "";
        var status = 200;
        foreach (var tag in tags)
        {
            if (tag.Key == "service")
            {
                service = (string)tag.Value!;
            }
            else if (tag.Key == "operation")
            {
                operation = (string)tag.Value!;
            }
            else if (tag.Key == "status" && tag.Value is int code)
            {
                status = code;
            }
        }

        // Failed answers (404 read-misses, 409/412 races, 5xx, no answer) are shown apart from the successes.
        var key = status is >= 200 and < 300 ? operation : $"{operation} {status}";
        _counts.AddOrUpdate((service, key), value, (_, c) => c + value);
        Interlocked.Add(ref _total, value);
        if (operation != "receive")
        {
            Interlocked.Exchange(ref _lastWorkTimestamp, Stopwatch.GetTimestamp());
        }
    }
}
