using Yunbao.Contracts.Geo;
using Yunbao.Domain.Tiles;

namespace Yunbao.Domain.Heatmaps;

/// <summary>
/// The quartic (biweight) kernel: smooth, peaked at the incident, exactly zero beyond the bandwidth,
/// so a tile only needs the incidents within one bandwidth of it. Intensities are densities in
/// incidents per km², which keeps a bandwidth in ground metres comparable across zooms.
/// </summary>
public static class HeatmapKernel
{
    /// <summary>
    /// At low zooms a 60 m bandwidth is about 2 px; below this an incident could fall between pixel
    /// centres and vanish, so the bandwidth never shrinks under it.
    /// </summary>
    public const double MinRadiusPixels = 1.5;

    /// <summary>(1 − u²)² for u² = (d/h)² &lt; 1, else 0. Takes u² to spare a square root per pixel.</summary>
    public static double Quartic(double uSquared) => uSquared >= 1 ? 0 : (1 - uSquared) * (1 - uSquared);

    /// <summary>Places an incident's kernel at a zoom: the bandwidth in metres becomes pixels at the incident's latitude.</summary>
    public static KernelSource Place(GeoPoint location, double weight, double radiusMeters, int z)
    {
        if (!(radiusMeters > 0)) throw new ArgumentOutOfRangeException(nameof(radiusMeters), radiusMeters, "Kernel radius must be positive.");
        var (x, y) = TileMath.ToGlobalPixel(location, z);
        var metersPerPixel = TileMath.MetersPerPixel(location.Lat, z);
        var radiusPixels = Math.Max(MinRadiusPixels, radiusMeters / metersPerPixel);
        var effectiveRadiusKm = radiusPixels * metersPerPixel / 1000.0;
        // 3/(πh²) makes the biweight integrate to 1 over the plane: each incident adds `weight` incidents of mass.
        var peak = weight * 3.0 / (Math.PI * effectiveRadiusKm * effectiveRadiusKm);
        return new KernelSource(x, y, radiusPixels, peak);
    }

    /// <summary>
    /// Adds one kernel into a tile's intensity buffer (row-major, <see cref="TileMath.TileSize"/>²),
    /// touching only the pixels inside its radius. Pixel (i, j) of tile (x, y) samples the global position
    /// (x·256 + i + 0.5, y·256 + j + 0.5), the same whichever tile renders it, so tiles meet seamlessly.
    /// </summary>
    public static void AddTo(Span<float> buffer, int tileX, int tileY, in KernelSource k)
    {
        const int size = TileMath.TileSize;
        AddQuartic(buffer, size, size, k.X - tileX * (double)size - 0.5, k.Y - tileY * (double)size - 0.5, k.RadiusPixels, k.Peak);
    }

    /// <summary>
    /// Adds peak·(1 − d²/r²)² at every pixel of a row-major width × height grid within r of (cx, cy), in grid pixels:
    /// the one exact quartic splat, used per tile here and on the density grid's pixel grid.
    /// </summary>
    internal static void AddQuartic(Span<float> buffer, int width, int height, double cx, double cy, double r, double peak)
    {
        var r2 = r * r;
        var inv = 1.0 / r2;
        var j0 = Math.Max(0, (int)Math.Ceiling(cy - r));
        var j1 = Math.Min(height - 1, (int)Math.Floor(cy + r));
        for (var j = j0; j <= j1; j++)
        {
            var dy = j - cy;
            var dy2 = dy * dy;
            var span = r2 - dy2;
            if (span <= 0) continue;
            var half = Math.Sqrt(span);
            var i0 = Math.Max(0, (int)Math.Ceiling(cx - half));
            var i1 = Math.Min(width - 1, (int)Math.Floor(cx + half));
            var row = buffer.Slice(j * width, width);
            for (var i = i0; i <= i1; i++)
            {
                var dx = i - cx;
                var v = 1 - (dx * dx + dy2) * inv;
                if (v > 0) row[i] += (float)(peak * v * v);
            }
        }
    }
}
