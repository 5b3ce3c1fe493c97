using System.Numerics;
using Yunbao.Domain.Geo;
using Yunbao.Domain.Tiles;

namespace Yunbao.Domain.Heatmaps;

/// <summary>
/// One zoom of a pyramid's kernel density on a regular grid of nodes, built from binned incidents so its cost does not
/// grow with incidents × kernel area (see the heatmaps README for the method and its error bound):
/// <list type="bullet">
/// <item>small kernels (under <see cref="MinGridRadius"/> px): each incident's quartic kernel is added exactly at
/// pixel centres (the exact renderer's result);</item>
/// <item>larger kernels: incidents are binned by area weighting (cloud-in-cell) onto nodes spaced <c>Step</c> = 2^k px,
/// so that the kernel spans <see cref="MinGridRadius"/>..2·<see cref="MinGridRadius"/> nodes; the grid is convolved with the
/// quartic sampled at the nodes (rows added with SIMD); tiles read the nodes back by bilinear interpolation.</item>
/// </list>
/// Pixel (i, j) of tile (x, y) samples the global position (x·256 + i + 0.5, y·256 + j + 0.5), as in <see cref="HeatmapKernel"/>.
/// </summary>
public sealed class DensityGrid
{
    /// <summary>Kernel radius in nodes at least: the interpolation error is about 1/r² of one incident's peak (README).</summary>
    public const double MinGridRadius = 8;

    private const int Size = TileMath.TileSize;

    // Node (i, j) sits at global pixel position (_x0 + i·Step, _y0 + j·Step), on a pixel centre.
    private readonly double _x0;
    private readonly double _y0;
    private readonly int _width;
    private readonly int _height;
    private readonly float[] _values;
    private readonly (int MinX, int MinY, int MaxX, int MaxY) _tiles;

    private DensityGrid(int z, int step, double x0, double y0, int width, int height, float[] values, (int, int, int, int) tiles)
    {
        Zoom = z;
        Step = step;
        _x0 = x0;
        _y0 = y0;
        _width = width;
        _height = height;
        _values = values;
        _tiles = tiles;
        var max = 0f;
        foreach (var v in values) if (v > max) max = v;
        Max = max;
    }

    public int Zoom { get; }

    /// <summary>Pixels between nodes: 1 = exact kernels at pixel centres.</summary>
    public int Step { get; }

    /// <summary>The largest node value: the zoom's full heat.</summary>
    public float Max { get; }

    /// <summary>Grid bytes: what this zoom holds in memory.</summary>
    public long Bytes => (long)_values.Length * sizeof(float);

    /// <param name="clip">The district: only tiles covering it are drawn.</param>
    public static DensityGrid Build(PlacedPoints points, int z, double radiusMeters, GeoBounds clip)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (!(radiusMeters > 0)) throw new ArgumentOutOfRangeException(nameof(radiusMeters), radiusMeters, "Kernel radius must be positive.");
        var tiles = TileMath.TileRange(clip, z);
        // One bandwidth in pixels for the zoom, at the district's middle latitude: across a district (a few km) the
        // Mercator scale changes by well under 0.1 %, which the per-incident exact renderer spends a trigonometric call on.
        var metersPerPixel = TileMath.MetersPerPixel((clip.South + clip.North) / 2, z);
        var radius = Math.Max(HeatmapKernel.MinRadiusPixels, radiusMeters / metersPerPixel);
        var radiusKm = radius * metersPerPixel / 1000.0;
        var peakPerWeight = 3.0 / (Math.PI * radiusKm * radiusKm);

        var step = 1;
        if (radius >= MinGridRadius)
            while (radius / (step * 2) >= MinGridRadius && step * 2 <= Size) step *= 2;
        var exact = radius < MinGridRadius;

        var reach = (int)Math.Ceiling(radius / step);    // kernel radius in nodes
        var margin = 2 * reach + 3;                       // nodes beyond the drawn area: every incident that reaches it is binned, stencils never clip
        var x0 = tiles.MinX * (double)Size + 0.5 - margin * step;
        var y0 = tiles.MinY * (double)Size + 0.5 - margin * step;
        var width = (tiles.MaxX - tiles.MinX + 1) * Size / step + 2 * margin + 1;
        var height = (tiles.MaxY - tiles.MinY + 1) * Size / step + 2 * margin + 1;
        var values = new float[(long)width * height];
        var world = TileMath.WorldSizePixels(z);
        if (exact) Splat(points, world, x0, y0, width, height, radius, peakPerWeight, values);
        else Convolve(Bin(points, world, x0, y0, width, height, step, reach + 1), width, height, step, radius, peakPerWeight, values);
        return new DensityGrid(z, step, x0, y0, width, height, values, tiles);
    }

    /// <summary>Exact quartic kernels added at pixel centres (Step 1), as <see cref="HeatmapKernel.AddTo"/> does per tile.</summary>
    private static void Splat(PlacedPoints points, double world, double x0, double y0, int width, int height, double r, double peakPerWeight, float[] values)
    {
        for (var p = 0; p < points.Count; p++)
            HeatmapKernel.AddQuartic(values, width, height, points.X[p] * world - x0, points.Y[p] * world - y0, r, points.Weight[p] * peakPerWeight);
    }

    /// <summary>
    /// Tiles covering the district that some incident's kernel may reach (its bounding square): a cheap superset of
    /// <see cref="TilesWithHeat"/>, for listing what a run may write before it draws anything.
    /// </summary>
    public static IReadOnlyList<TileId> CandidateTiles(PlacedPoints points, int z, double radiusMeters, GeoBounds clip)
    {
        ArgumentNullException.ThrowIfNull(points);
        var (minX, minY, maxX, maxY) = TileMath.TileRange(clip, z);
        // Binning and interpolation spread heat up to two node steps (≤ a quarter of the radius) beyond the kernel.
        var radius = 1.25 * Math.Max(HeatmapKernel.MinRadiusPixels, radiusMeters / TileMath.MetersPerPixel((clip.South + clip.North) / 2, z)) + 2;
        var columns = maxX - minX + 1;
        var marked = new bool[columns * (maxY - minY + 1)];
        var world = TileMath.WorldSizePixels(z);
        for (var p = 0; p < points.Count; p++)
        {
            var x = points.X[p] * world;
            var y = points.Y[p] * world;
            var tx0 = Math.Max(minX, (int)Math.Floor((x - radius) / Size));
            var tx1 = Math.Min(maxX, (int)Math.Floor((x + radius) / Size));
            var ty0 = Math.Max(minY, (int)Math.Floor((y - radius) / Size));
            var ty1 = Math.Min(maxY, (int)Math.Floor((y + radius) / Size));
            for (var ty = ty0; ty <= ty1; ty++)
                for (var tx = tx0; tx <= tx1; tx++)
                    marked[(ty - minY) * columns + tx - minX] = true;
        }
        var tiles = new List<TileId>();
        for (var k = 0; k < marked.Length; k++)
            if (marked[k]) tiles.Add(new TileId(z, minX + k % columns, minY + k / columns));
        return tiles;
    }

    /// <summary>Cloud-in-cell: each incident's weight shared by the four nodes around it in proportion to nearness.</summary>
    private static float[] Bin(PlacedPoints points, double world, double x0, double y0, int width, int height, int step, int border)
    {
        var mass = new float[(long)width * height];
        var inv = 1.0 / step;
        for (var p = 0; p < points.Count; p++)
        {
            var u = (points.X[p] * world - x0) * inv;
            var v = (points.Y[p] * world - y0) * inv;
            // Incidents whose kernel cannot reach a drawn pixel fall outside the grid and are skipped.
            if (!(u >= border && v >= border && u < width - border - 1 && v < height - border - 1)) continue;
            var i = (int)u;
            var j = (int)v;
            var fx = (float)(u - i);
            var fy = (float)(v - j);
            var w = points.Weight[p];
            var o = j * width + i;
            mass[o] += w * (1 - fx) * (1 - fy);
            mass[o + 1] += w * fx * (1 - fy);
            mass[o + width] += w * (1 - fx) * fy;
            mass[o + width + 1] += w * fx * fy;
        }
        return mass;
    }

    /// <summary>Adds the quartic sampled at node offsets around every node with mass; each stencil row is one SIMD span add.</summary>
    private static void Convolve(float[] mass, int width, int height, int step, double r, double peakPerWeight, float[] values)
    {
        var reach = (int)Math.Ceiling(r / step);
        var rowHalf = new int[2 * reach + 1];
        var stencil = new float[2 * reach + 1][];
        for (var dy = -reach; dy <= reach; dy++)
        {
            var row = new float[2 * reach + 1];
            var half = 0;
            for (var dx = -reach; dx <= reach; dx++)
            {
                var u2 = ((double)dx * dx + (double)dy * dy) * step * step / (r * r);
                var k = (float)(peakPerWeight * HeatmapKernel.Quartic(u2));
                row[dx + reach] = k;
                if (k > 0) half = Math.Max(half, Math.Abs(dx));
            }
            rowHalf[dy + reach] = half;
            stencil[dy + reach] = row;
        }

        for (var j = 0; j < height; j++)
        {
            var sourceRow = mass.AsSpan(j * width, width);
            for (var i = 0; i < width; i++)
            {
                var m = sourceRow[i];
                if (m == 0) continue;
                for (var dy = -reach; dy <= reach; dy++)
                {
                    var half = rowHalf[dy + reach];
                    if (half == 0 && stencil[dy + reach][reach] == 0) continue;
                    var target = values.AsSpan((j + dy) * width + i - half, 2 * half + 1);
                    var weights = stencil[dy + reach].AsSpan(reach - half, 2 * half + 1);
                    MultiplyAdd(target, weights, m);
                }
            }
        }
    }

    private static void MultiplyAdd(Span<float> target, ReadOnlySpan<float> weights, float m)
    {
        var k = 0;
        if (Vector.IsHardwareAccelerated && target.Length >= Vector<float>.Count)
        {
            var scale = new Vector<float>(m);
            for (; k <= target.Length - Vector<float>.Count; k += Vector<float>.Count)
            {
                var t = new Vector<float>(target[k..]);
                (t + new Vector<float>(weights[k..]) * scale).CopyTo(target[k..]);
            }
        }
        for (; k < target.Length; k++) target[k] += weights[k] * m;
    }

    /// <summary>Tiles covering the district whose pixels can have heat, row by row from the north-west.</summary>
    public IEnumerable<TileId> TilesWithHeat()
    {
        for (var ty = _tiles.MinY; ty <= _tiles.MaxY; ty++)
            for (var tx = _tiles.MinX; tx <= _tiles.MaxX; tx++)
                if (MayHaveHeat(tx, ty)) yield return new TileId(Zoom, tx, ty);
    }

    private bool MayHaveHeat(int tx, int ty)
    {
        var (i0, j0) = NodeOf(tx * (double)Size + 0.5, ty * (double)Size + 0.5);
        var n = Size / Step + 2;
        for (var j = Math.Max(0, j0); j < Math.Min(_height, j0 + n); j++)
        {
            var row = _values.AsSpan(j * _width + Math.Max(0, i0), Math.Min(n, _width - Math.Max(0, i0)));
            if (row.IndexOfAnyExcept(0f) >= 0) return true;
        }
        return false;
    }

    private (int I, int J) NodeOf(double gx, double gy) =>
        ((int)Math.Floor((gx - _x0) / Step), (int)Math.Floor((gy - _y0) / Step));

    /// <summary>Writes a tile's 256² intensities into <paramref name="buffer"/> (overwritten) and returns its largest value.</summary>
    public float Render(TileId tile, Span<float> buffer)
    {
        if (tile.Z != Zoom) throw new ArgumentException($"Grid is for zoom {Zoom}, not {tile.Z}.", nameof(tile));
        const int pixels = Size * Size;
        if (buffer.Length < pixels) throw new ArgumentException($"Buffer needs {pixels} values.", nameof(buffer));
        var target = buffer[..pixels];
        if (tile.X < _tiles.MinX || tile.X > _tiles.MaxX || tile.Y < _tiles.MinY || tile.Y > _tiles.MaxY)
        {
            target.Clear();
            return 0;
        }
        var (i0, j0) = NodeOf(tile.X * (double)Size + 0.5, tile.Y * (double)Size + 0.5);
        if (Step == 1)
        {
            for (var j = 0; j < Size; j++)
                _values.AsSpan((j0 + j) * _width + i0, Size).CopyTo(target.Slice(j * Size, Size));
        }
        else
        {
            // Rows first (between two node rows), then columns: one multiply-add per pixel either way.
            var nodes = Size / Step + 1;
            Span<float> between = stackalloc float[nodes];
            var inverse = 1f / Step;
            for (var j = 0; j < Size; j++)
            {
                var row = j0 + j / Step;
                var fy = (j % Step) * inverse;
                var a = _values.AsSpan(row * _width + i0, nodes);
                var b = _values.AsSpan((row + 1) * _width + i0, nodes);
                for (var k = 0; k < nodes; k++) between[k] = a[k] + (b[k] - a[k]) * fy;
                var output = target.Slice(j * Size, Size);
                for (var k = 0; k < nodes - 1; k++)
                {
                    var left = between[k];
                    var slope = (between[k + 1] - left) * inverse;
                    var cells = output.Slice(k * Step, Step);
                    for (var t = 0; t < cells.Length; t++) cells[t] = left + slope * t;
                }
            }
        }
        var max = 0f;
        foreach (var v in target) if (v > max) max = v;
        return max;
    }
}
