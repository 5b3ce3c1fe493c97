namespace Yunbao.Bench.Load;

/// <summary>Count and latency percentiles (nearest rank) of one outcome of a load run, in milliseconds.</summary>
internal sealed class LatencyStats
{
    private readonly double[] _sorted;

    public LatencyStats(IEnumerable<double> latenciesMs)
    {
        _sorted = latenciesMs.ToArray();
        Array.Sort(_sorted);
    }

    public int Count => _sorted.Length;
    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];
    public double Mean => _sorted.Length == 0 ? double.NaN : _sorted.Average();
    public double P50 => Percentile(50);
    public double P99 => Percentile(99);

    /// <summary>Nearest-rank percentile: the smallest value with at least p % of the values at or below it (NaN when empty).</summary>
    public double Percentile(double p)
    {
        if (p is < 0 or > 100) throw new ArgumentOutOfRangeException(nameof(p));
        if (_sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p / 100.0 * _sorted.Length);
        return _sorted[Math.Clamp(rank, 1, _sorted.Length) - 1];
    }
}
