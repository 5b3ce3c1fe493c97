namespace Yunbao.Domain.Evaluation;

/// <summary>Median and 90th percentile (linear interpolation between ranks) of some durations, in minutes; null when none.</summary>
public sealed record DurationStats(int Count, double? MedianMinutes, double? P90Minutes)
{
    public static DurationStats Of(IEnumerable<TimeSpan> durations)
    {
        var sorted = durations.Select(d => d.TotalMinutes).Order().ToArray();
        return sorted.Length == 0 ? new DurationStats(0, null, null) : new DurationStats(sorted.Length, Percentile(sorted, 0.5), Percentile(sorted, 0.9));
    }

    /// <summary>The q-quantile of sorted values: rank q·(n−1), interpolated.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q)
    {
        var rank = q * (sorted.Count - 1);
        var lo = (int)Math.Floor(rank);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}
