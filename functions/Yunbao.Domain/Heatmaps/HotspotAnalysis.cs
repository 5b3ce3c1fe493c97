using Yunbao.Contracts.Geo;
using Yunbao.Domain.Geo;

namespace Yunbao.Domain.Heatmaps;

/// <summary>
/// Hotspot statistics for the dispatcher: incidents counted on a square grid, Getis-Ord Gi* per cell
/// (Getis &amp; Ord 1992; Ord &amp; Getis 1995) with binary weights over a square neighbourhood including the
/// cell itself, and the Benjamini–Hochberg procedure over all cells so that testing hundreds of cells
/// does not light up chance clusters.
/// </summary>
public static class HotspotAnalysis
{
    public static HotspotResult Analyze(IEnumerable<GeoPoint> points, GeoBounds bounds, double cellSizeMeters, HotspotOptions? options = null)
    {
        options ??= new HotspotOptions();
        if (!(cellSizeMeters > 0)) throw new ArgumentOutOfRangeException(nameof(cellSizeMeters), cellSizeMeters, "Cell size must be positive.");
        if (options.NeighbourhoodCells < 0) throw new ArgumentOutOfRangeException(nameof(options), "NeighbourhoodCells must be ≥ 0.");
        if (!(options.FalseDiscoveryRate is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(options), "FalseDiscoveryRate must lie in (0, 1).");
        if (!(bounds.East > bounds.West && bounds.North > bounds.South)) throw new ArgumentException("Bounds must have an area.", nameof(bounds));

        // Cell size in degrees at the bounds' middle latitude: over a district the scale barely changes.
        var midLat = (bounds.South + bounds.North) / 2;
        var metersPerDegreeLon = new GeoPoint(0, midLat).DistanceTo(new GeoPoint(1, midLat));
        var metersPerDegreeLat = new GeoPoint(0, midLat - 0.5).DistanceTo(new GeoPoint(0, midLat + 0.5));
        var cellLon = cellSizeMeters / metersPerDegreeLon;
        var cellLat = cellSizeMeters / metersPerDegreeLat;
        var columns = Math.Max(1, (int)Math.Ceiling((bounds.East - bounds.West) / cellLon - 1e-9));
        var rows = Math.Max(1, (int)Math.Ceiling((bounds.North - bounds.South) / cellLat - 1e-9));
        if ((long)columns * rows > 1_000_000) throw new ArgumentException("Grid too fine: more than a million cells.", nameof(cellSizeMeters));

        var counts = new int[rows, columns];
        var total = 0;
        foreach (var point in points)
        {
            if (!bounds.Contains(point)) continue;
            var c = Math.Min(columns - 1, (int)((point.Lon - bounds.West) / cellLon));
            var r = Math.Min(rows - 1, (int)((bounds.North - point.Lat) / cellLat));
            counts[r, c]++;
            total++;
        }

        var n = rows * columns;
        var mean = (double)total / n;
        var sumSquares = 0.0;
        foreach (var v in counts) sumSquares += (double)v * v;
        var s = Math.Sqrt(Math.Max(0, sumSquares / n - mean * mean));

        var z = new double[n];
        var p = new double[n];
        var k = options.NeighbourhoodCells;
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
            {
                // Binary weights: w = 1 inside the neighbourhood (so Σw = Σw² = number of cells in it).
                var sumX = 0.0;
                var sumW = 0;
                for (var rr = Math.Max(0, r - k); rr <= Math.Min(rows - 1, r + k); rr++)
                    for (var cc = Math.Max(0, c - k); cc <= Math.Min(columns - 1, c + k); cc++)
                    {
                        sumX += counts[rr, cc];
                        sumW++;
                    }
                var variance = (n * (double)sumW - (double)sumW * sumW) / (n - 1);
                var i = r * columns + c;
                z[i] = s > 0 && n > 1 && variance > 0 ? (sumX - mean * sumW) / (s * Math.Sqrt(variance)) : 0;
                p[i] = TwoSidedPValue(z[i]);
            }

        var (significant, q) = BenjaminiHochberg(p, options.FalseDiscoveryRate);
        var cells = new List<HotspotCell>(n);
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
            {
                var i = r * columns + c;
                var north = bounds.North - r * cellLat;
                var west = bounds.West + c * cellLon;
                var cellBounds = new GeoBounds(west, Math.Max(bounds.South, north - cellLat), Math.Min(bounds.East, west + cellLon), north);
                cells.Add(new HotspotCell(c, r, cellBounds, counts[r, c], z[i], p[i], q[i], significant[i]));
            }
        return new HotspotResult(cellSizeMeters, columns, rows, total, options.FalseDiscoveryRate, cells);
    }

    /// <summary>
    /// Benjamini–Hochberg step-up: with p-values sorted ascending, reject the k smallest where k is the largest rank
    /// with p(k) ≤ k/m·q. Returns which are rejected and the adjusted p-values (q-values, min over ranks ≥ k of m·p(j)/j).
    /// </summary>
    public static (bool[] Significant, double[] QValues) BenjaminiHochberg(IReadOnlyList<double> pValues, double falseDiscoveryRate)
    {
        var m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ToArray();
        var q = new double[m];
        var running = 1.0;
        for (var rank = m; rank >= 1; rank--)
        {
            var i = order[rank - 1];
            running = Math.Min(running, pValues[i] * m / rank);
            q[i] = running;
        }
        var significant = new bool[m];
        for (var i = 0; i < m; i++) significant[i] = q[i] <= falseDiscoveryRate;
        return (significant, q);
    }

    /// <summary>P(|Z| ≥ |z|) for a standard normal Z.</summary>
    public static double TwoSidedPValue(double z) => Math.Min(1, Erfc(Math.Abs(z) / Math.Sqrt(2)));

    /// <summary>
    /// Complementary error function, Chebyshev fit with fractional error below 1.2e-7 everywhere
    /// (Press et al., Numerical Recipes, 2nd ed., §6.2 "erfcc"). .NET has no Math.Erfc.
    /// </summary>
    public static double Erfc(double x)
    {
        var t = 1.0 / (1.0 + 0.5 * Math.Abs(x));
        var ans = t * Math.Exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
            + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
            + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? ans : 2.0 - ans;
    }
}
