using Yunbao.Domain.Geo;
using Yunbao.Domain.Tiles;

namespace Yunbao.Domain.Heatmaps;

/// <summary>
/// The incidents of one pyramid placed at one zoom and indexed by the tiles their kernels reach,
/// so that a tile is rendered from exactly the incidents near it, including those in neighbouring
/// tiles (seamless edges), and tiles no kernel reaches are never touched.
/// </summary>
public sealed class HeatmapScene
{
    private readonly Dictionary<TileId, List<KernelSource>> _byTile;

    private HeatmapScene(int z, Dictionary<TileId, List<KernelSource>> byTile)
    {
        Zoom = z;
        _byTile = byTile;
    }

    public int Zoom { get; }

    /// <summary>Tiles some kernel reaches (a superset of the tiles with visible heat).</summary>
    public IReadOnlyCollection<TileId> Tiles => _byTile.Keys;

    /// <param name="clip">Only tiles covering these bounds are indexed (the district); null = the whole world.</param>
    public static HeatmapScene Build(IEnumerable<HeatPoint> points, int z, double radiusMeters, GeoBounds? clip = null)
    {
        var n = TileMath.TilesPerAxis(z);
        var (minX, minY, maxX, maxY) = clip is { } b ? TileMath.TileRange(b, z) : (0, 0, n - 1, n - 1);
        var byTile = new Dictionary<TileId, List<KernelSource>>();
        foreach (var point in points)
        {
            if (!(point.Weight > 0)) continue;
            var k = HeatmapKernel.Place(point.Location, point.Weight, radiusMeters, z);
            var tx0 = Math.Max(minX, (int)Math.Floor((k.X - k.RadiusPixels) / TileMath.TileSize));
            var tx1 = Math.Min(maxX, (int)Math.Floor((k.X + k.RadiusPixels) / TileMath.TileSize));
            var ty0 = Math.Max(minY, (int)Math.Floor((k.Y - k.RadiusPixels) / TileMath.TileSize));
            var ty1 = Math.Min(maxY, (int)Math.Floor((k.Y + k.RadiusPixels) / TileMath.TileSize));
            for (var ty = ty0; ty <= ty1; ty++)
                for (var tx = tx0; tx <= tx1; tx++)
                {
                    if (!Reaches(k, tx, ty)) continue;
                    var id = new TileId(z, tx, ty);
                    if (!byTile.TryGetValue(id, out var list)) byTile[id] = list = [];
                    list.Add(k);
                }
        }
        return new HeatmapScene(z, byTile);
    }

    /// <summary>True when the kernel's disc overlaps the tile's square (its bounding box may touch tiles the disc misses).</summary>
    private static bool Reaches(in KernelSource k, int tx, int ty)
    {
        const double size = TileMath.TileSize;
        var nx = Math.Clamp(k.X, tx * size, (tx + 1) * size);
        var ny = Math.Clamp(k.Y, ty * size, (ty + 1) * size);
        return (nx - k.X) * (nx - k.X) + (ny - k.Y) * (ny - k.Y) < k.RadiusPixels * k.RadiusPixels;
    }

    /// <summary>
    /// Renders a tile's intensities into <paramref name="buffer"/> (≥ 256² floats, overwritten) and returns
    /// the tile's largest intensity (0 when no kernel reaches it).
    /// </summary>
    public float Render(TileId tile, Span<float> buffer)
    {
        if (tile.Z != Zoom) throw new ArgumentException($"Scene is for zoom {Zoom}, not {tile.Z}.", nameof(tile));
        const int pixels = TileMath.TileSize * TileMath.TileSize;
        if (buffer.Length < pixels) throw new ArgumentException($"Buffer needs {pixels} values.", nameof(buffer));
        var target = buffer[..pixels];
        target.Clear();
        if (!_byTile.TryGetValue(tile, out var kernels)) return 0;
        foreach (var k in kernels) HeatmapKernel.AddTo(target, tile.X, tile.Y, k);
        var max = 0f;
        foreach (var v in target) if (v > max) max = v;
        return max;
    }
}
