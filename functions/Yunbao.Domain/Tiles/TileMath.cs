using Yunbao.Contracts.Geo;
using Yunbao.Domain.Geo;

namespace Yunbao.Domain.Tiles;

/// <summary>
/// The one tile-math module: Web Mercator (EPSG:3857) XYZ tiles as used by OSM, Leaflet, MapLibre:
/// 256-px tiles, y growing southwards, latitudes clipped to ±85.0511°.
/// </summary>
public static class TileMath
{
    public const int TileSize = 256;
    public const int MaxSupportedZoom = 24;
    /// <summary>Latitude where the square Web Mercator world ends: atan(sinh(π)).</summary>
    public static readonly double MaxLatitude = Math.Atan(Math.Sinh(Math.PI)) * 180.0 / Math.PI;
    /// <summary>Web Mercator uses the WGS84 semi-major axis as a sphere radius.</summary>
    public const double EarthRadiusMeters = 6_378_137.0;
    public const double EarthCircumferenceMeters = 2 * Math.PI * EarthRadiusMeters;

    /// <summary>Width (= height) of the whole world in pixels at <paramref name="z"/>.</summary>
    public static double WorldSizePixels(int z) => TileSize * (double)(1L << CheckZoom(z));

    public static int TilesPerAxis(int z) => 1 << CheckZoom(z);

    public static bool IsValid(int z, int x, int y) =>
        z >= 0 && z <= MaxSupportedZoom && x >= 0 && y >= 0 && x < (1 << z) && y < (1 << z);

    /// <summary>Global pixel position (0,0 = north-west corner of the world) of a lon/lat at a zoom. Latitude is clipped to the Mercator limit.</summary>
    public static (double X, double Y) ToGlobalPixel(GeoPoint p, int z)
    {
        var size = WorldSizePixels(z);
        return (LonToUnitX(p.Lon) * size, LatToUnitY(p.Lat) * size);
    }

    public static GeoPoint FromGlobalPixel(double x, double y, int z)
    {
        var size = WorldSizePixels(z);
        return new GeoPoint(UnitXToLon(x / size), UnitYToLat(y / size));
    }

    /// <summary>The tile containing a point; points on the antimeridian or the poles map to the last tile.</summary>
    public static TileId TileAt(GeoPoint p, int z)
    {
        var n = TilesPerAxis(z);
        var x = (int)Math.Floor(LonToUnitX(p.Lon) * n);
        var y = (int)Math.Floor(LatToUnitY(p.Lat) * n);
        return new TileId(z, Math.Clamp(x, 0, n - 1), Math.Clamp(y, 0, n - 1));
    }

    /// <summary>The north-west corner of a tile.</summary>
    public static GeoPoint TileOrigin(int z, int x, int y)
    {
        var n = (double)TilesPerAxis(z);
        return new GeoPoint(UnitXToLon(x / n), UnitYToLat(y / n));
    }

    public static GeoBounds TileBounds(TileId tile)
    {
        var nw = TileOrigin(tile.Z, tile.X, tile.Y);
        var se = TileOrigin(tile.Z, tile.X + 1, tile.Y + 1);
        return new GeoBounds(nw.Lon, se.Lat, se.Lon, nw.Lat);
    }

    /// <summary>Inclusive column and row range of the tiles that cover a bounding box at a zoom.</summary>
    public static (int MinX, int MinY, int MaxX, int MaxY) TileRange(GeoBounds bounds, int z)
    {
        // North-west corner gives the smallest x and y; south-east the largest.
        var nw = TileAt(new GeoPoint(bounds.West, bounds.North), z);
        var se = TileAt(new GeoPoint(bounds.East, bounds.South), z);
        return (nw.X, nw.Y, se.X, se.Y);
    }

    /// <summary>All tiles covering a bounding box at a zoom, row by row from the north-west.</summary>
    public static IEnumerable<TileId> TilesCovering(GeoBounds bounds, int z)
    {
        var (minX, minY, maxX, maxY) = TileRange(bounds, z);
        for (var y = minY; y <= maxY; y++)
            for (var x = minX; x <= maxX; x++)
                yield return new TileId(z, x, y);
    }

    /// <summary>Ground metres spanned by one pixel at a latitude and zoom (Mercator scale shrinks with cos(latitude)).</summary>
    public static double MetersPerPixel(double lat, int z) =>
        Math.Cos(ClipLat(lat) * Math.PI / 180.0) * EarthCircumferenceMeters / WorldSizePixels(z);

    private static double LonToUnitX(double lon) => (lon + 180.0) / 360.0;

    private static double LatToUnitY(double lat)
    {
        var phi = ClipLat(lat) * Math.PI / 180.0;
        return (1.0 - Math.Log(Math.Tan(phi) + 1.0 / Math.Cos(phi)) / Math.PI) / 2.0;
    }

    private static double UnitXToLon(double ux) => ux * 360.0 - 180.0;

    private static double UnitYToLat(double uy) => Math.Atan(Math.Sinh(Math.PI * (1.0 - 2.0 * uy))) * 180.0 / Math.PI;

    private static double ClipLat(double lat) => Math.Clamp(lat, -MaxLatitude, MaxLatitude);

    private static int CheckZoom(int z) =>
        z is < 0 or > MaxSupportedZoom ? throw new ArgumentOutOfRangeException(nameof(z), z, $"Zoom must be 0..{MaxSupportedZoom}.") : z;
}
