using Yunbao.Contracts.Geo;

namespace Yunbao.Domain.Geo;

/// <summary>
/// Equirectangular projection around an origin. Over a district a few kilometres across the error is
/// well under a metre, so planar geometry in metres is good enough for zones, distances and paths.
/// </summary>
public sealed class LocalProjection
{
    private const double MetersPerDegreeLat = 111_320.0;
    private readonly double _metersPerDegreeLon;

    public LocalProjection(GeoPoint origin)
    {
        Origin = origin;
        _metersPerDegreeLon = MetersPerDegreeLat * Math.Cos(origin.Lat * Math.PI / 180.0);
    }

    public GeoPoint Origin { get; }

    public PlanePoint ToPlane(GeoPoint p) => new((p.Lon - Origin.Lon) * _metersPerDegreeLon, (p.Lat - Origin.Lat) * MetersPerDegreeLat);

    public GeoPoint ToGeo(PlanePoint p) => new(Origin.Lon + p.X / _metersPerDegreeLon, Origin.Lat + p.Y / MetersPerDegreeLat);

    /// <summary>Heading in degrees clockwise from north (0..360) from a to b.</summary>
    public static double Bearing(PlanePoint from, PlanePoint to)
    {
        var deg = Math.Atan2(to.X - from.X, to.Y - from.Y) * 180.0 / Math.PI;
        return deg < 0 ? deg + 360 : deg;
    }

    /// <summary>The point <paramref name="meters"/> away from <paramref name="from"/> towards <paramref name="bearingDeg"/>.</summary>
    public GeoPoint Offset(GeoPoint from, double bearingDeg, double meters)
    {
        var p = ToPlane(from);
        var rad = bearingDeg * Math.PI / 180.0;
        return ToGeo(new PlanePoint(p.X + meters * Math.Sin(rad), p.Y + meters * Math.Cos(rad)));
    }

    public double Distance(GeoPoint a, GeoPoint b) => ToPlane(a).DistanceTo(ToPlane(b));

    public double Bearing(GeoPoint from, GeoPoint to) => Bearing(ToPlane(from), ToPlane(to));

    /// <summary>Smallest absolute difference between two headings, 0..180.</summary>
    public static double AngleBetween(double aDeg, double bDeg)
    {
        var d = Math.Abs(((aDeg - bDeg) % 360 + 360) % 360);
        return d > 180 ? 360 - d : d;
    }
}
