using System.Globalization;

namespace CreditFunctions.Benchmarks.Pipeline;

/// <summary>Knobs of <c>pipeline</c>; every one can be set as <c>--name value</c>.</summary>
internal sealed record PipelineBenchmarkOptions
{
    /// <summary>Credit notes in the throughput run.</summary>
    public int Notes { get; init; } = 2_000;

    /// <summary>Tenants (each with its own Xero organisation and connection) the notes are spread over.</summary>
    public int Tenants { get; init; } = 20;

    /// <summary>Credit notes sent one at a time in the idle latency run.</summary>
    public int LatencyNotes { get; init; } = 50;

    /// <summary>Simulator latency in the idle latency run (the target is stated at 150 ms).</summary>
    public int LatencyLedgerMs { get; init; } = 150;

    /// <summary>Webhooks POSTed in the acknowledgement run, and how many are in flight at once.</summary>
    public int AckRequests { get; init; } = 500;

    public int AckConcurrency { get; init; } = 8;

    /// <summary>Arrival rates (webhooks/s) of the open-loop acknowledgement runs, one after another on the same host.</summary>
    public IReadOnlyList<int> OpenRates { get; init; } = [25, 50, 75, 100];

    /// <summary>Seconds of arrivals per open-loop rate.</summary>
    public int OpenSeconds { get; init; } = 10;

    /// <summary>How many webhooks the throughput run keeps in flight while posting.</summary>
    public int PostConcurrency { get; init; } = 16;

    /// <summary>Simulator latency in the throughput run.</summary>
    public int ThroughputLedgerMs { get; init; }

    /// <summary>1: only the bare-engine run (the reference), for a quick look at the engine on this box.</summary>
    public int BareOnly { get; init; }

    /// <summary>Seconds per operation of the storage ceiling (one run each).</summary>
    public int CeilingSeconds { get; init; } = 3;

    public static PipelineBenchmarkOptions Parse(string[] args)
    {
        var options = new PipelineBenchmarkOptions();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--open-rates")
            {
                // "0" turns the open-loop runs off.
                options = options with { OpenRates = [.. args[i + 1].Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).Where(r => r > 0)] };
                continue;
            }

            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--notes" => options with { Notes = value },
                "--tenants" => options with { Tenants = value },
                "--latency-notes" => options with { LatencyNotes = value },
                "--latency-ledger-ms" => options with { LatencyLedgerMs = value },
                "--ack-requests" => options with { AckRequests = value },
                "--ack-concurrency" => options with { AckConcurrency = value },
                "--open-seconds" => options with { OpenSeconds = value },
                "--post-concurrency" => options with { PostConcurrency = value },
                "--throughput-ledger-ms" => options with { ThroughputLedgerMs = value },
                "--ceiling-seconds" => options with { CeilingSeconds = value },
                "--bare-only" => options with { BareOnly = value },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        return options;
    }

    public override string ToString() =>
        $"notes {Notes}, tenants {Tenants}, latency-notes {LatencyNotes}, latency-ledger-ms {LatencyLedgerMs}, ack-requests {AckRequests}, "
        + $"ack-concurrency {AckConcurrency}, open-rates {string.Join(",", OpenRates)}, open-seconds {OpenSeconds}, post-concurrency {PostConcurrency}, "
        + $"throughput-ledger-ms {ThroughputLedgerMs}, ceiling-seconds {CeilingSeconds}";
}
