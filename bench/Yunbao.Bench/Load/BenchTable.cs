using System.Globalization;

namespace Yunbao.Bench.Load;

/// <summary>The fixed-width table the load and pipeline benchmarks print: one row per route (or stage) and connection count.</summary>
internal static class BenchTable
{
    private static readonly int[] Widths = [44, 6, 9, 10, 9, 9, 7];

    public static void Header(string first)
    {
        Row(first, "conns", "requests", "req/s", "p50 ms", "p99 ms", "errors");
        Row(Widths.Select(w => new string('-', w)).ToArray());
    }

    public static void Row(params string[] cells) =>
        Console.WriteLine(string.Join("  ", cells.Select((c, i) => i == 0 ? c.PadRight(Widths[i]) : c.PadLeft(Widths[Math.Min(i, Widths.Length - 1)]))));

    /// <summary>A row for one outcome of a run; errors are the run's (a transition run prints its successes and its conflicts).</summary>
    public static void Row(string name, LoadResult result, LatencyStats of) => Row(
        name,
        result.Connections.ToString(CultureInfo.InvariantCulture),
        of.Count.ToString("N0", CultureInfo.InvariantCulture),
        result.PerSecond(of).ToString("N0", CultureInfo.InvariantCulture),
        Ms(of.P50), Ms(of.P99),
        result.Errors.Count.ToString(CultureInfo.InvariantCulture));

    public static string Ms(double ms) => double.IsNaN(ms) ? "-" : ms.ToString(ms < 10 ? "F2" : "F1", CultureInfo.InvariantCulture);
}
