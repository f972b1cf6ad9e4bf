namespace CreditFunctions.Benchmarks.Storage;

/// <summary>One operation's throughput (median of the runs) and latency (pooled over the runs).</summary>
public sealed record OperationFigure(
    string Operation,
    string Unit,
    int Concurrency,
    double PerSecond,
    IReadOnlyList<double> RunsPerSecond,
    double P50Milliseconds,
    double P99Milliseconds);

/// <summary>What this machine's storage (normally Azurite) sustains: the ceiling the pipeline benchmark compares against.</summary>
public sealed record StorageCeiling(
    OperationFigure TableUpserts,
    OperationFigure PointReads,
    OperationFigure QueueCycles,
    OperationFigure BatchInsertedEntities,
    int Runs,
    TimeSpan RunDuration);

/// <summary>Knobs for <see cref="StorageBenchmark.MeasureCeilingAsync"/>. Defaults: 3 runs × 5 s, concurrency 16, 4 batch writers.</summary>
public sealed record StorageBenchmarkOptions
{
    public int Runs { get; init; } = 3;

    public TimeSpan RunDuration { get; init; } = TimeSpan.FromSeconds(5);

    public int Concurrency { get; init; } = 16;

    public int BatchConcurrency { get; init; } = 4;

    /// <summary>Rows pre-loaded for the point-read test.</summary>
    public int ReadSetSize { get; init; } = 1_000;
}
