using Yunbao.Domain.Tiles;

namespace Yunbao.Domain.Heatmaps;

/// <summary>
/// Heat points projected once to Web Mercator unit coordinates (0..1, north-west origin), so that every zoom of a
/// pyramid only scales them (a multiply) instead of taking a logarithm and a tangent per point and zoom.
/// </summary>
public sealed class PlacedPoints
{
    private PlacedPoints(double[] x, double[] y, float[] weight)
    {
        X = x;
        Y = y;
        Weight = weight;
    }

    internal double[] X { get; }
    internal double[] Y { get; }
    internal float[] Weight { get; }

    public int Count => X.Length;

    /// <summary>Points with a weight ≤ 0 are dropped (they add no heat).</summary>
    public static PlacedPoints From(IReadOnlyList<HeatPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var x = new List<double>(points.Count);
        var y = new List<double>(points.Count);
        var w = new List<float>(points.Count);
        foreach (var p in points)
        {
            if (!(p.Weight > 0)) continue;
            var (gx, gy) = TileMath.ToGlobalPixel(p.Location, 0);
            x.Add(gx / TileMath.TileSize);
            y.Add(gy / TileMath.TileSize);
            w.Add((float)p.Weight);
        }
        return new PlacedPoints([.. x], [.. y], [.. w]);
    }
}
