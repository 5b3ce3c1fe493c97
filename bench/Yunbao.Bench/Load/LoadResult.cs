namespace Yunbao.Bench.Load;

/// <summary>What one load run measured: wall time and, per outcome, count and latencies.</summary>
internal sealed class LoadResult(TimeSpan elapsed, int connections, LatencyStats successes, LatencyStats conflicts, LatencyStats errors, string? firstError)
{
    public TimeSpan Elapsed { get; } = elapsed;
    public int Connections { get; } = connections;
    public LatencyStats Successes { get; } = successes;
    public LatencyStats Conflicts { get; } = conflicts;
    public LatencyStats Errors { get; } = errors;
    /// <summary>The first error seen (status or exception), so a failing run says why.</summary>
    public string? FirstError { get; } = firstError;
    public int Requests => Successes.Count + Conflicts.Count + Errors.Count;

    /// <summary>Completed requests of an outcome per second of the run's wall time.</summary>
    public double PerSecond(LatencyStats of) => Elapsed.TotalSeconds <= 0 ? 0 : of.Count / Elapsed.TotalSeconds;
}
